import { mkdtempSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { createCheckpointManager } from './checkpoint-manager';
import { OptionError } from './errors';
import type { GanLoss } from './gan-loss';
import { createGanStep, type GanStepOptions } from './gan-step';
import { hingeLoss } from './hinge-loss';
import { cosineSchedule } from './learning-rate-schedules';
import { disableKernelLeakCheck } from './test-support/kernel-leak-check';
import { microDiscriminator, microGenerator, microImageDiscriminator, microImageGenerator, noiseAugment, realData } from './test-support/micro-models';
import { tensorBatches } from './batch-source';
import { type AnomalyEvent, type EpochEndEvent, type SampleEvent, type StepEndEvent, train } from './train';
import { r1Penalty } from './zero-centered-penalty';

const root = mkdtempSync(join(tmpdir(), 'gan-train-train-'));
afterAll(() => fs.rm(root, { recursive: true, force: true }));

const build = (extra: Partial<GanStepOptions> = {}) =>
  createGanStep({
    generator: microGenerator(4, 3, 1),
    discriminator: microDiscriminator(3, 2),
    loss: hingeLoss(),
    penalties: [r1Penalty({ gamma: 1 })],
    gOptimizer: tf.train.adam(1e-2, 0.5),
    dOptimizer: tf.train.adam(1e-2, 0.5),
    latentDim: 4,
    augment: noiseAugment,
    seed: 3,
    ...extra,
  });
const weightsOf = (step: ReturnType<typeof build>) =>
  [...step.adapters.generator.stateVariables(), ...step.adapters.discriminator.stateVariables()].map((v) => Array.from(v.variable.dataSync()));

describe('train', () => {
  disableKernelLeakCheck();

  it('runs epochs with hooks, EMA, sample PNGs, schedules, metrics lines and checkpoints', async () => {
    const dir = join(root, 'full');
    const images = tf.tanh(tf.randomNormal([10, 2, 2, 1], 0, 1, 'float32', 4));
    const step = createGanStep({
      generator: microImageGenerator(4, [2, 2, 1]),
      discriminator: microImageDiscriminator([2, 2, 1]),
      loss: hingeLoss(),
      gOptimizer: tf.train.adam(1e-2, 0.5),
      dOptimizer: tf.train.adam(1e-2, 0.5),
      latentDim: 4,
      seed: 1,
    });
    const events: { steps: StepEndEvent[]; epochs: EpochEndEvent[]; samples: SampleEvent[]; checkpoints: number[] } = { steps: [], epochs: [], samples: [], checkpoints: [] };
    const schedule = cosineSchedule({ initial: 1e-2, totalSteps: 9, warmupSteps: 1 });
    const result = await train({
      step,
      data: tensorBatches(images, { batchSize: 3, dropRemainder: true }),
      epochs: 3,
      ema: { decay: 0.9 },
      samples: { every: 4, everyEpochs: 2, count: 4, columns: 2, directory: join(dir, 'samples') },
      checkpoints: { directory: join(dir, 'checkpoints'), every: 4, keep: 2 },
      learningRates: { generator: schedule, discriminator: schedule },
      metricsFile: join(dir, 'metrics.jsonl'),
      guard: { minDiversity: 0 },
      config: { run: 'full' },
      hooks: {
        onStepEnd: (e) => void events.steps.push(e),
        onEpochEnd: (e) => void events.epochs.push(e),
        onSample: (e) => void events.samples.push(e),
        onCheckpoint: (e) => void events.checkpoints.push(e.step),
      },
    });
    // 10 images in batches of 3 (remainder dropped) = 3 steps per epoch.
    expect(result).toMatchObject({ status: 'completed', step: 9, epoch: 3, anomaly: null, resumedFrom: null });
    expect(events.steps.map((e) => [e.step, e.epoch, e.cursor])).toEqual([
      [1, 0, 1], [2, 0, 2], [3, 0, 3], [4, 1, 1], [5, 1, 2], [6, 1, 3], [7, 2, 1], [8, 2, 2], [9, 2, 3],
    ]);
    expect(events.steps.map((e) => e.learningRates.generator)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map(schedule));
    expect(events.epochs).toEqual([{ epoch: 0, step: 3 }, { epoch: 1, step: 6 }, { epoch: 2, step: 9 }]);
    // Every 4 steps, and every 2 epochs (the second epoch ends at step 6).
    expect(events.samples.map((e) => [e.step, e.epoch, e.width, e.height, e.path])).toEqual([
      [4, null, 7, 7, join(dir, 'samples', 'step-000000004.png')],
      [6, 2, 7, 7, join(dir, 'samples', 'epoch-0002.png')],
      [8, null, 7, 7, join(dir, 'samples', 'step-000000008.png')],
    ]);
    expect(decode(readFileSync(events.samples[0]!.path!))).toMatchObject({ width: 7, height: 7, channels: 1 });
    // Checkpoints every 4 steps and at the end; the last 2 kept.
    expect(events.checkpoints).toEqual([4, 8, 9]);
    expect(readdirSync(join(dir, 'checkpoints'))).toEqual(['step-000000008', 'step-000000009']);
    expect(result.lastCheckpoint).toBe(join(dir, 'checkpoints', 'step-000000009'));
    const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lines[0]).toMatchObject({ step: 1, epoch: 0, generatorUpdated: true, learningRates: { generator: schedule(0) } });
    expect(result.ema!.updates).toBe(9);
    result.ema!.dispose();
    images.dispose();
  });

  it('keeps the tensor count flat over 20 steps of the full loop', async () => {
    const real = realData(8, 3);
    const step = build();
    await train({ step, data: real, batchSize: 4, steps: 2, ema: false, guard: false });
    const before = tf.memory().numTensors;
    const result = await train({ step, data: real, batchSize: 4, steps: 20, guard: { minDiversity: 0, every: 5 } });
    expect(result.step).toBe(20);
    expect(tf.memory().numTensors).toBe(before);
    real.dispose();
  });

  it('resumes from the latest checkpoint and ends with the same weights as an uninterrupted run', async () => {
    const real = realData(8, 3);
    const straight = build();
    const emaOptions = { decay: 0.8 };
    const full = await train({ step: straight, data: real, batchSize: 4, steps: 6, ema: emaOptions });
    const dir = join(root, 'resume');
    const first = await train({ step: build(), data: real, batchSize: 4, steps: 3, ema: emaOptions, checkpoints: { directory: dir, every: 100 }, metricsFile: join(dir, 'm.jsonl') });
    expect(first.lastCheckpoint).toBe(join(dir, 'step-000000003'));
    // Lines past the checkpoint (as if written after it by a crashed process) are dropped on resume.
    await fs.appendFile(join(dir, 'm.jsonl'), '{"step":4}\n');
    const resumed = build();
    const second = await train({ step: resumed, data: real, batchSize: 4, steps: 6, ema: emaOptions, checkpoints: { directory: dir, every: 100 }, metricsFile: join(dir, 'm.jsonl') });
    expect(second.resumedFrom).toBe(join(dir, 'step-000000003'));
    expect(second.step).toBe(6);
    expect(weightsOf(resumed)).toEqual(weightsOf(straight));
    expect(second.ema!.variables().map((v) => Array.from(v.variable.dataSync()))).toEqual(full.ema!.variables().map((v) => Array.from(v.variable.dataSync())));
    expect(second.metrics).toEqual(full.metrics);
    const steps = readFileSync(join(dir, 'm.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of [full, first, second]) r.ema!.dispose();
    real.dispose();
  });

  it('stops on a non-finite loss, calls onAnomaly and keeps the last good checkpoint', async () => {
    const dir = join(root, 'nan');
    let calls = 0;
    const base = hingeLoss();
    const poisoned: GanLoss = { ...base, discriminator: (r, f) => tf.tidy(() => (++calls >= 4 ? tf.mul(base.discriminator(r, f), Number.NaN) : base.discriminator(r, f))) };
    const real = realData(8, 3);
    const anomalies: AnomalyEvent[] = [];
    const result = await train({
      step: build({ loss: poisoned }),
      data: real,
      batchSize: 4,
      steps: 10,
      checkpoints: { directory: dir, every: 2 },
      hooks: { onAnomaly: (e) => void anomalies.push(e) },
    });
    expect(result.status).toBe('stopped');
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({ kind: 'nonFiniteLoss', step: 4, lastCheckpoint: join(dir, 'step-000000002') });
    expect(anomalies[0]!.message).toMatch(/^train: losses must be finite, got dLoss = NaN/);
    expect(result.anomaly).toEqual(anomalies[0]);
    expect(result.lastCheckpoint).toBe(join(dir, 'step-000000002'));
    expect((await createCheckpointManager(dir).list()).map((c) => c.step)).toEqual([2]);
    // The kept checkpoint loads into fresh models and holds finite weights.
    const fresh = build();
    await createCheckpointManager(dir).restore({ step: fresh, config: { data: { batchesPerEpoch: 2 } } });
    expect(weightsOf(fresh).flat().every(Number.isFinite)).toBe(true);
    // onAnomaly may answer 'continue'.
    calls = 0;
    const continued = await train({ step: build({ loss: poisoned }), data: real, batchSize: 4, steps: 5, hooks: { onAnomaly: () => 'continue' } });
    expect(continued).toMatchObject({ status: 'completed', step: 5, anomaly: null });
    real.dispose();
  });

  it('detects mode collapse from the diversity of samples', async () => {
    const bias = tf.variable(tf.tensor1d([0.1, 0.2, 0.3]));
    const constant = { apply: (z: tf.Tensor) => tf.tidy(() => tf.add(tf.mul(tf.sum(z, 1, true), 0), bias)), trainableVariables: [bias] };
    const real = realData(8, 3);
    const anomalies: AnomalyEvent[] = [];
    const result = await train({
      step: build({ generator: constant }),
      data: real,
      batchSize: 4,
      steps: 10,
      guard: { every: 3, minDiversity: 0.01 },
      hooks: { onAnomaly: (e) => void anomalies.push(e) },
    });
    expect(result).toMatchObject({ status: 'stopped', step: 3 });
    expect(anomalies.map((a) => [a.kind, a.step])).toEqual([['modeCollapse', 3]]);
    // All samples are equal: diversity 0 up to float rounding.
    expect(anomalies[0]!.value).toBeLessThan(1e-6);
    expect(anomalies[0]!.message).toMatch(/^train: sample diversity must be >= 0.01, got [0-9.e-]+ at step 3 \(mode collapse\)$/);
    bias.dispose();
    real.dispose();
  });

  it('rejects bad options with named errors', async () => {
    const real = realData(4, 3);
    const step = build();
    await expect(train({ step, data: real, batchSize: 2 })).rejects.toThrow('train: options.epochs / options.steps must be at least one of them, got neither');
    await expect(train({ step, data: real, steps: 1 })).rejects.toThrow('train: options.batchSize must be a positive integer when data is a tensor, got undefined');
    await expect(train({ step, data: [] as never, steps: 1 })).rejects.toThrow(OptionError);
    await expect(train({ step: (() => 0) as never, data: real, steps: 1 })).rejects.toThrow('train: options.step must be a GanStep from createGanStep()');
    real.dispose();
  });
});
