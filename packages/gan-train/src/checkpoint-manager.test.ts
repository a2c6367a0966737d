import { existsSync, mkdtempSync, promises as fs, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { atomicFileHandler } from './atomic-file-handler';
import { createCheckpointManager } from './checkpoint-manager';
import { CheckpointError, CheckpointMismatchError } from './errors';
import { createGanStep } from './gan-step';
import { createGeneratorEma } from './generator-ema';
import { hingeLoss } from './hinge-loss';
import { nonSaturatingLoss } from './non-saturating-loss';
import { disableKernelLeakCheck } from './test-support/kernel-leak-check';
import { microDiscriminator, microGenerator, realData } from './test-support/micro-models';
import { r1Penalty } from './zero-centered-penalty';

const root = mkdtempSync(join(tmpdir(), 'gan-train-ckpt-'));
afterAll(() => fs.rm(root, { recursive: true, force: true }));

const build = (seed = 5, loss = hingeLoss()) =>
  createGanStep({
    generator: microGenerator(4, 3, 1),
    discriminator: microDiscriminator(3, 2),
    loss,
    penalties: [r1Penalty({ gamma: 1 })],
    gOptimizer: tf.train.adam(1e-2, 0.5),
    dOptimizer: tf.train.adam(1e-2, 0.5),
    latentDim: 4,
    seed,
  });

const snapshotOf = async (step: ReturnType<typeof build>, optimizerState = true) => {
  const vars = [...step.adapters.generator.stateVariables(), ...step.adapters.discriminator.stateVariables()].map((v) => Array.from(v.variable.dataSync()));
  const opt = optimizerState ? await Promise.all([step.gOptimizer, step.dOptimizer].map(async (o) => {
    const ws = await o.getWeights();
    const values = ws.map((w) => Array.from(w.tensor.dataSync()));
    tf.dispose(ws.filter((w) => !(w.tensor instanceof tf.Variable)).map((w) => w.tensor));
    return values;
  })) : [];
  return { vars, opt, state: step.getState() };
};

describe('createCheckpointManager', () => {
  disableKernelLeakCheck();

  it('saves and restores models, EMA, optimizer state, counters and the random stream', async () => {
    const dir = join(root, 'roundtrip');
    const real = realData(4, 3);
    const a = build();
    const emaA = createGeneratorEma(a.generator, { decay: 0.5 });
    for (let i = 0; i < 3; i++) {
      await a(real);
      emaA.update();
    }
    const manager = createCheckpointManager(dir, { keep: 2 });
    const path = await manager.save({ step: a, ema: emaA, progress: { step: 3, epoch: 1, cursor: 2, epochSeed: 77 }, config: { batchSize: 4 } });
    expect(path).toBe(join(dir, 'step-000000003'));
    expect(readdirSync(path).sort()).toEqual(['d-optimizer', 'discriminator', 'g-optimizer', 'generator', 'generator-ema', 'state.json']);
    // The EMA generator loads as a plain tfjs layers model.
    const loaded = await tfl.loadLayersModel(atomicFileHandler(join(path, 'generator-ema')));
    const z = tf.ones([2, 4]);
    const fromFile = loaded.predict(z) as tf.Tensor;
    const fromEma = emaA.generate(z);
    expect(Array.from(fromFile.dataSync())).toEqual(Array.from(fromEma.dataSync()));

    const b = build(); // same seed (another one is refused); its stream and weights are at their start
    const emaB = createGeneratorEma(b.generator, { decay: 0.5 });
    const tensorsBefore = tf.memory().numTensors;
    const restored = await manager.restore({ step: b, ema: emaB, config: { batchSize: 4 } });
    expect(restored.progress).toEqual({ step: 3, epoch: 1, cursor: 2, epochSeed: 77 });
    expect(restored.path).toBe(path);
    expect(await snapshotOf(b)).toEqual(await snapshotOf(a));
    expect(emaB.variables().map((v) => Array.from(v.variable.dataSync()))).toEqual(emaA.variables().map((v) => Array.from(v.variable.dataSync())));
    expect(emaB.updates).toBe(3);
    // Optimizer slots were created (Adam m and v for the 4 weights of each model) and nothing else leaked.
    expect(tf.memory().numTensors - tensorsBefore).toBe(2 * 2 * 4);
    // The next step of both is identical, bit for bit.
    expect(await b(real)).toEqual(await a(real));
    expect(await snapshotOf(b)).toEqual(await snapshotOf(a));
    tf.dispose([z, fromFile, fromEma, real]);
    loaded.dispose();
    emaA.dispose();
    emaB.dispose();
  });

  it('keeps the last N, lists complete checkpoints only and ignores stale temp folders', async () => {
    const dir = join(root, 'keep');
    const step = build();
    const manager = createCheckpointManager(dir, { keep: 2 });
    await fs.mkdir(join(dir, '.step-000000009.tmp-1-abcd'), { recursive: true });
    await fs.mkdir(join(dir, 'step-000000008'), { recursive: true }); // no state.json: incomplete
    for (const s of [1, 2, 3]) await manager.save({ step, progress: { step: s, epoch: 0, cursor: s, epochSeed: 1 } });
    expect((await manager.list()).map((c) => c.step)).toEqual([2, 3]);
    expect(await manager.latest()).toBe(join(dir, 'step-000000003'));
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    // Saving the same step again replaces it.
    await manager.save({ step, progress: { step: 3, epoch: 0, cursor: 3, epochSeed: 2 } });
    expect((await manager.readState(join(dir, 'step-000000003'))).progress.epochSeed).toBe(2);
  });

  it('refuses to resume with a different configuration, naming the fields, and changes nothing', async () => {
    const dir = join(root, 'mismatch');
    const step = build();
    const manager = createCheckpointManager(dir);
    await manager.save({ step, progress: { step: 1, epoch: 0, cursor: 1, epochSeed: 1 }, config: { batchSize: 4 } });
    const other = build(5, nonSaturatingLoss());
    const before = await snapshotOf(other, false);
    const attempt = manager.restore({ step: other, config: { batchSize: 8 } });
    await expect(attempt).rejects.toThrow(CheckpointMismatchError);
    const error = (await manager.restore({ step: other, config: { batchSize: 8 } }).catch((e) => e)) as CheckpointMismatchError;
    expect(error.differences.map((d) => d.field)).toEqual(['loss.labelSmoothing', 'loss.name', 'user.batchSize']);
    expect(error.message).toContain('CheckpointManager.restore: checkpoint configuration must match the current run, got 3 differing fields');
    expect(error.message).toContain('loss.name (checkpoint "hinge", now "nonSaturating")');
    expect(error.message).toContain('user.batchSize (checkpoint 4, now 8)');
    expect(await snapshotOf(other, false)).toEqual(before);
    const wider = createGanStep({ ...{ generator: microGenerator(4, 3), discriminator: microDiscriminator(3) }, loss: hingeLoss(), penalties: [r1Penalty({ gamma: 1 })], gOptimizer: tf.train.adam(1e-2, 0.5), dOptimizer: tf.train.adam(1e-2, 0.5), latentDim: 5 });
    const widerError = (await manager.restore({ step: wider, config: { batchSize: 4 } }).catch((e) => e)) as CheckpointMismatchError;
    expect(widerError.differences.map((d) => d.field)).toEqual(['latentDim', 'seed']); // a step without the run's seed is refused too
  });

  it('reports missing and damaged checkpoints with CheckpointError', async () => {
    const dir = join(root, 'damaged');
    const step = build();
    const manager = createCheckpointManager(dir);
    await expect(manager.restore({ step })).rejects.toThrow(`CheckpointManager.restore: path must be a checkpoint in ${dir}, got none`);
    const path = await manager.save({ step, progress: { step: 1, epoch: 0, cursor: 1, epochSeed: 1 } });
    await fs.writeFile(join(path, 'discriminator', 'weights.bin'), new Uint8Array(3));
    await expect(manager.restore({ step })).rejects.toThrow(CheckpointError);
    await expect(manager.restore({ step })).rejects.toThrow('the manifest describes');
    expect(existsSync(path)).toBe(true);
  });
});
