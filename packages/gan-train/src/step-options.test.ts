import { mkdtempSync, promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Prng, type PrngState } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { tensorBatches } from './batch-source';
import { createCheckpointManager } from './checkpoint-manager';
import { OptionError } from './errors';
import { createGanStep, type GanStepOptions } from './gan-step';
import { nonSaturatingLoss } from './non-saturating-loss';
import { RandomStream } from './random-stream';
import { disableKernelLeakCheck } from './test-support/kernel-leak-check';
import { microDiscriminator, microGenerator, realData } from './test-support/micro-models';
import { train } from './train';
import { wassersteinLoss } from './wasserstein-loss';

const latentDim = 3;
const root = mkdtempSync(join(tmpdir(), 'gan-train-options-'));
afterAll(() => fs.rm(root, { recursive: true, force: true }));

const micro = (extra: Partial<GanStepOptions> = {}) =>
  createGanStep({
    generator: microGenerator(latentDim, 2),
    discriminator: microDiscriminator(2),
    loss: nonSaturatingLoss(),
    gOptimizer: tf.train.sgd(0.05),
    dOptimizer: tf.train.sgd(0.05),
    latentDim,
    seed: 9,
    ...extra,
  });

const weightsOf = (step: ReturnType<typeof createGanStep>) =>
  [...step.adapters.generator.stateVariables(), ...step.adapters.discriminator.stateVariables()].map((v) => Array.from(v.variable.dataSync()));

/** A layer with its own random stream (as gan-layers' SeededDropout): a seeded multiplicative noise in training. */
class StreamNoise extends tfl.layers.Layer {
  static className = 'StreamNoise';
  private readonly random = new Prng(31);
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs.training !== true) return tf.clone(x);
    return tf.tidy(() => tf.mul(x, tf.randomUniform(x.shape, 0.5, 1.5, 'float32', this.random.nextSeed())));
  }
  getRandomState(): PrngState {
    return this.random.getState();
  }
  setRandomState(state: PrngState): void {
    this.random.setState(state);
  }
}

const noisyDiscriminator = () => {
  const d = microDiscriminator(2);
  const model = tfl.sequential({ layers: [tfl.layers.inputLayer({ inputShape: [2] }), new StreamNoise({}), ...d.layers] });
  return model;
};

describe('createGanStep options', () => {
  disableKernelLeakCheck();

  it("order 'simultaneous' takes both gradients from the pre-update networks and one fake batch (TF tutorial)", async () => {
    const wg = tf.variable(tf.tensor2d([[0.5, -1], [1, 0.25], [-0.5, 2]]));
    const wd = tf.variable(tf.tensor2d([[1], [2]]));
    const random = new RandomStream(4);
    const probe = RandomStream.fromState(random.getState());
    const step = createGanStep({
      generator: { apply: (z) => tf.matMul(z, wg), trainableVariables: [wg] },
      discriminator: { apply: (x) => tf.matMul(x, wd), trainableVariables: [wd] },
      loss: wassersteinLoss(),
      gOptimizer: tf.train.sgd(0.1),
      dOptimizer: tf.train.sgd(0.1),
      latentDim,
      order: 'simultaneous',
      random,
    });
    const real = tf.tensor2d([[1, 0], [0, 1]]);
    const latent = tf.randomNormal([2, latentDim], 0, 1, 'float32', probe.nextSeed());
    const fake = tf.matMul(latent, wg);
    // Wasserstein: L_D = mean(D(fake)) - mean(D(real)), L_G = -mean(D(fake)); D(x) = x wd.
    const expectedWd = tf.sub(wd, tf.mul(0.1, tf.reshape(tf.sub(tf.div(tf.sum(fake, 0), 2), tf.div(tf.sum(real, 0), 2)), [2, 1])));
    // dL_G/dwg = -mean over the batch of z^T wd^T, with the pre-update wd.
    const expectedWg = tf.sub(wg, tf.mul(0.1, tf.neg(tf.div(tf.matMul(tf.transpose(tf.sum(latent, 0, true)), tf.transpose(wd)), 2))));
    const expectedWgValues = Array.from(expectedWg.dataSync());
    const expectedWdValues = Array.from(expectedWd.dataSync());
    const metrics = (await step(real))!;
    expect(metrics.generatorUpdated).toBe(true);
    Array.from(wg.dataSync()).forEach((v, i) => {
      expect(v).toBeCloseTo(expectedWgValues[i]!, 5);
    });
    Array.from(wd.dataSync()).forEach((v, i) => {
      expect(v).toBeCloseTo(expectedWdValues[i]!, 5);
    });
    tf.dispose([wg, wd, real, latent, fake, expectedWd, expectedWg]);
  });

  it('mergeDiscriminatorPass gives the same update as two passes, and is refused for a D with batch statistics', async () => {
    const real = realData(4, 2);
    const a = micro();
    const b = micro({ mergeDiscriminatorPass: true });
    const ma = (await a(real))!;
    const mb = (await b(real))!;
    expect(mb.dLoss).toBeCloseTo(ma.dLoss, 6);
    expect(mb.dReal).toBeCloseTo(ma.dReal, 6);
    // D's weights after D's update (before G's update, which draws other seeds) agree.
    const dA = a.adapters.discriminator.stateVariables().map((v) => Array.from(v.variable.dataSync()));
    const dB = b.adapters.discriminator.stateVariables().map((v) => Array.from(v.variable.dataSync()));
    dA.flat().forEach((v, i) => {
      expect(dB.flat()[i]).toBeCloseTo(v, 6);
    });
    expect(b.describe()).toMatchObject({ mergeDiscriminatorPass: true });
    const withBatchNorm = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 4 }), tfl.layers.batchNormalization(), tfl.layers.dense({ units: 1 })] });
    expect(() => micro({ discriminator: withBatchNorm, mergeDiscriminatorPass: true })).toThrow(OptionError);
    expect(() => micro({ discriminator: withBatchNorm, mergeDiscriminatorPass: true })).toThrow(
      /createGanStep: options\.mergeDiscriminatorPass must be false for a discriminator with batch statistics .*, got true, and the discriminator has a BatchNormalization layer/,
    );
    real.dispose();
  });

  it('metricsEvery reads metrics back on every n-th call only, and trains the same weights', async () => {
    const real = realData(4, 2);
    const every = micro();
    const third = micro({ metricsEvery: 3 });
    const results: (unknown | null)[] = [];
    for (let i = 0; i < 6; i++) {
      await every(real);
      results.push(await third(real));
    }
    expect(results.map((r) => r !== null)).toEqual([false, false, true, false, false, true]);
    expect(weightsOf(third)).toEqual(weightsOf(every));
    real.dispose();
  });

  it('train with inFlight 2 gives the same weights, metrics lines and hooks as one step at a time', async () => {
    const run = async (inFlight: number, name: string) => {
      const step = micro({ inFlight, metricsEvery: 2, discriminator: noisyDiscriminator() });
      const real = realData(10, 2);
      const seen: (number | null)[] = [];
      const result = await train({
        step,
        data: tensorBatches(real, { batchSize: 4 }),
        steps: 7,
        metricsFile: join(root, `${name}.jsonl`),
        checkpoints: { directory: join(root, name), every: 5 },
        hooks: { onStepEnd: (e) => void seen.push(e.metrics === null ? null : e.step) },
      });
      real.dispose();
      return { weights: weightsOf(step), seen, lines: readFileSync(join(root, `${name}.jsonl`), 'utf8'), result, state: step.getState() };
    };
    const one = await run(1, 'one');
    const two = await run(2, 'two');
    expect(one.seen).toEqual([null, 2, null, 4, null, 6, null]);
    expect(two.seen).toEqual(one.seen);
    expect(two.weights).toEqual(one.weights);
    expect(two.lines).toBe(one.lines);
    expect(two.state).toEqual(one.state);
    expect(two.result.step).toBe(7);
  });

  it("saves and restores the layers' random streams in checkpoints", async () => {
    const real = realData(8, 2);
    const dir = join(root, 'layer-streams');
    const a = micro({ discriminator: noisyDiscriminator() });
    await a(real);
    const manager = createCheckpointManager(dir);
    await manager.save({ step: a, progress: { step: 1, epoch: 0, cursor: 1, epochSeed: 3 } });
    const saved = a.getState();
    expect(Object.keys(saved.layers!.discriminator)).toEqual(['1:StreamNoise']);
    expect(Object.values(saved.layers!.discriminator)[0]).toMatchObject({ algorithm: 'xoshiro128**' });
    await a(real);
    const b = micro({ discriminator: noisyDiscriminator() });
    await manager.restore({ step: b });
    expect(b.getState().layers).toEqual(saved.layers);
    await b(real);
    expect(weightsOf(b)).toEqual(weightsOf(a));
    real.dispose();
  });
});
