import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DtypeError, ModelError, OptionError, TensorError } from './errors';
import { createGanStep } from './gan-step';
import { gradientPenalty } from './gradient-penalty';
import { hingeLoss } from './hinge-loss';
import { leastSquaresLoss } from './least-squares-loss';
import { minimaxLoss } from './minimax-loss';
import { nonSaturatingLoss } from './non-saturating-loss';
import { relativisticAverageLoss } from './relativistic-average-loss';
import { disableKernelLeakCheck } from './test-support/kernel-leak-check';
import { microDiscriminator, microGenerator, noiseAugment, realData, variablesModel } from './test-support/micro-models';
import { wassersteinLoss } from './wasserstein-loss';
import { r1Penalty, r2Penalty } from './zero-centered-penalty';

const latentDim = 4;
const dim = 3;

function microStep(seed = 5, extra: Partial<Parameters<typeof createGanStep>[0]> = {}) {
  return createGanStep({
    generator: microGenerator(latentDim, dim),
    discriminator: microDiscriminator(dim),
    loss: hingeLoss(),
    penalties: [r1Penalty({ gamma: 1 })],
    gOptimizer: tf.train.adam(1e-3, 0.5),
    dOptimizer: tf.train.adam(1e-3, 0.5),
    latentDim,
    augment: noiseAugment,
    seed,
    ...extra,
  });
}

const weightsOf = (step: ReturnType<typeof createGanStep>) =>
  [...step.adapters.generator.stateVariables(), ...step.adapters.discriminator.stateVariables()].map((v) => Array.from(v.variable.dataSync()));

describe('createGanStep', () => {
  disableKernelLeakCheck();

  it('does one hand-computable update: Wasserstein, linear D, zero generator, SGD', async () => {
    const wg = tf.variable(tf.zeros([latentDim, 2]));
    const wd = tf.variable(tf.tensor2d([[1], [2]]));
    const step = createGanStep({
      generator: { apply: (z) => tf.matMul(z, wg), trainableVariables: [wg] },
      discriminator: { apply: (x) => tf.matMul(x, wd), trainableVariables: [wd] },
      loss: wassersteinLoss(),
      gOptimizer: tf.train.sgd(0.1),
      dOptimizer: tf.train.sgd(0.1),
      latentDim,
      dStepsPerG: 2,
    });
    const real = tf.tensor2d([[1, 0], [3, 2]]);
    // fake = 0, so D(fake) = 0; D(real) = [1, 7]; dLoss = 0 - 4; dL/dwd = mean(fake) - mean(real) = -[2, 1].
    const metrics = (await step(real))!;
    expect(metrics).toEqual({
      dLoss: -4,
      penalties: {},
      gLoss: null,
      dReal: 4,
      dFake: 0,
      realAccuracy: 1,
      fakeAccuracy: 1,
      dGradNorm: expect.closeTo(Math.sqrt(5), 5),
      gGradNorm: null,
      generatorUpdated: false,
    });
    expectClose(wd, [1.2, 2.1]);
    expectClose(wg, new Array(latentDim * 2).fill(0));
    expect(step.getState()).toMatchObject({ dUpdates: 1, gUpdates: 0 });
    const second = (await step(real))!;
    expect(second.generatorUpdated).toBe(true);
    // Still fake = 0 before the G update: gLoss = -mean(D(0)) = 0.
    expect(Math.abs(second.gLoss!)).toBe(0);
    expect(second.gGradNorm).toBeGreaterThan(0);
    expect(Array.from(wg.dataSync()).some((v) => v !== 0)).toBe(true);
    expect(step.getState()).toMatchObject({ dUpdates: 2, gUpdates: 1 });
    tf.dispose([wg, wd, real]);
  });

  it('returns plain numbers and keeps the tensor count flat over 20 steps', async () => {
    const step = microStep();
    const real = realData(8, dim);
    await step(real);
    await step(real);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      const metrics = (await step(real))!;
      for (const value of [metrics.dLoss, metrics.gLoss, metrics.dReal, metrics.dFake, metrics.dGradNorm, metrics.gGradNorm, metrics.penalties.r1]) {
        expect(typeof value === 'number' && Number.isFinite(value)).toBe(true);
      }
      expect(metrics.realAccuracy).toBeGreaterThanOrEqual(0);
      expect(metrics.fakeAccuracy).toBeLessThanOrEqual(1);
    }
    expect(tf.memory().numTensors).toBe(before);
    real.dispose();
  });

  it('repeats exactly from the same seed and differs with another seed', async () => {
    const real = realData(8, dim);
    const run = async (seed: number) => {
      const step = microStep(seed);
      const metrics = [];
      for (let i = 0; i < 3; i++) metrics.push((await step(real))!);
      return { metrics, weights: weightsOf(step), state: step.getState() };
    };
    const a = await run(9);
    const b = await run(9);
    const c = await run(10);
    expect(b).toEqual(a);
    expect(c.weights).not.toEqual(a.weights);
    real.dispose();
  });

  it('runs every loss and penalty with plain-object models whose dropout takes the stream seeds', async () => {
    const real = realData(6, dim);
    const losses = [nonSaturatingLoss({ labelSmoothing: 0.1 }), minimaxLoss(), hingeLoss(), wassersteinLoss(), leastSquaresLoss(), relativisticAverageLoss()];
    for (const loss of losses) {
      const generator = variablesModel(latentDim, dim, 3);
      const discriminator = variablesModel(dim, 1, 4);
      const step = createGanStep({
        generator,
        discriminator,
        loss,
        penalties: [gradientPenalty(), r1Penalty(), r2Penalty({ gamma: 0.5 })],
        gOptimizer: tf.train.rmsprop(1e-3),
        dOptimizer: tf.train.rmsprop(1e-3),
        latentDim,
        seed: 1,
      });
      const before = Array.from(discriminator.nonTrainableVariables![0]!.dataSync());
      const metrics = (await step(real))!;
      expect(Object.keys(metrics.penalties)).toEqual(['gradientPenalty', 'r1', 'r2']);
      expect([metrics.dLoss, metrics.gLoss, ...Object.values(metrics.penalties)].every(Number.isFinite)).toBe(true);
      // Non-trainable state is updated by the model itself.
      expect(Array.from(discriminator.nonTrainableVariables![0]!.dataSync())).not.toEqual(before);
      generator.dispose();
      discriminator.dispose();
    }
    real.dispose();
  });

  it('exposes sampleLatent and generate without leaks', async () => {
    const step = microStep();
    const z = step.sampleLatent(5, 123);
    expect(z.shape).toEqual([5, latentDim]);
    expectClose(z, tf.randomNormal([5, latentDim], 0, 1, 'float32', 123));
    const out = step.generate(z);
    expect(out.shape).toEqual([5, dim]);
    await expectNoLeaks(() => step.generate(z));
    tf.dispose([z, out]);
    expect(step.describe()).toMatchObject({
      latentDim,
      dStepsPerG: 1,
      loss: { name: 'hinge' },
      penalties: [{ name: 'r1', gamma: 1 }],
      augment: true,
      gOptimizer: { className: 'Adam', learningRate: 1e-3, beta1: 0.5 },
      generator: { kind: 'layers', weights: [[4, 8], [8], [8, 3], [3]] },
    });
  });

  it('rejects bad options and batches with named errors', async () => {
    const base = { loss: hingeLoss(), gOptimizer: tf.train.sgd(0.1), dOptimizer: tf.train.sgd(0.1), latentDim };
    const g = microGenerator(latentDim, dim);
    const d = microDiscriminator(dim);
    expect(() => createGanStep({ ...base, generator: {} as never, discriminator: d })).toThrow(ModelError);
    expect(() => createGanStep({ ...base, generator: {} as never, discriminator: d })).toThrow(
      'createGanStep: options.generator must be a tfjs-layers model or { apply(x, { training }), trainableVariables }, got an object without apply()',
    );
    expect(() => createGanStep({ ...base, generator: g, discriminator: d, latentDim: 0 })).toThrow('createGanStep: options.latentDim must be a positive integer, got 0');
    expect(() => createGanStep({ ...base, generator: g, discriminator: d, dStepsPerG: 1.5 })).toThrow(OptionError);
    const shared = tf.train.sgd(0.1);
    expect(() => createGanStep({ ...base, generator: g, discriminator: d, gOptimizer: shared, dOptimizer: shared })).toThrow('createGanStep: options.dOptimizer must be an optimizer distinct from gOptimizer');
    const step = createGanStep({ ...base, generator: g, discriminator: d });
    const ints = tf.zeros([2, dim], 'int32');
    await expect(step(ints)).rejects.toThrow(DtypeError);
    await expect(step(ints)).rejects.toThrow('GanStep: realBatch must be a float32 batch, got a int32 tensor of shape [2,3]');
    await expect(step(null as never)).rejects.toThrow(TensorError);
    expect(() => createGanStep({ ...base, generator: g, discriminator: d, ordr: 'simultaneous' } as never)).toThrow("createGanStep: options.ordr must be a known option (did you mean 'order'?)");
    ints.dispose();
  });
});
