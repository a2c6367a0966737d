import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { tensorBatches } from './batch-source';
import { DtypeError, OptionError, ShapeError } from './errors';
import type { GanModel } from './gan-model';
import { createGanStep, type GanStepOptions } from './gan-step';
import { createGeneratorEma } from './generator-ema';
import { hingeLoss } from './hinge-loss';
import { disableKernelLeakCheck } from './test-support/kernel-leak-check';
import { train } from './train';
import { r1Penalty } from './zero-centered-penalty';

const latentDim = 3;
const dim = 2;
const numClasses = 4;

/** Labels seen by a model's apply, by mode. */
interface Seen {
  training: number[][];
  inference: number[][];
}

/**
 * Plain conditional models: G([z, y]) = tanh(z·W + E[y]), D([x, y]) = x·v + ⟨x, P[y]⟩
 * (a projection discriminator), each recording the labels it is given.
 */
function conditionalModels(seed = 1) {
  const seen = { generator: { training: [], inference: [] } as Seen, discriminator: { training: [], inference: [] } as Seen };
  const init = (shape: number[], s: number) => tf.variable(tf.randomUniform(shape, -0.5, 0.5, 'float32', seed * 10 + s));
  const w = init([latentDim, dim], 1);
  const table = init([numClasses, dim], 2);
  const v = init([dim, 1], 3);
  const projection = init([numClasses, dim], 4);
  const record = (where: Seen, labels: tf.Tensor, training: boolean) => {
    (training ? where.training : where.inference).push(Array.from(labels.dataSync()));
  };
  // One-hot products, not tf.gather: wasm lacks UnsortedSegmentSum, gather's gradient.
  const lookup = (t: tf.Tensor, labels: tf.Tensor) => tf.matMul(tf.cast(tf.oneHot(tf.reshape(labels, [-1]) as tf.Tensor1D, numClasses), 'float32'), t);
  const pair = (inputs: tf.Tensor | tf.Tensor[]): [tf.Tensor, tf.Tensor] => {
    if (!Array.isArray(inputs) || inputs.length !== 2) throw new Error(`expected [x, labels], got ${inputs}`);
    return inputs as [tf.Tensor, tf.Tensor];
  };
  const generator: GanModel = {
    apply(inputs: tf.Tensor | tf.Tensor[], { training }) {
      const [z, labels] = pair(inputs);
      record(seen.generator, labels, training);
      return tf.tidy(() => tf.tanh(tf.add(tf.matMul(z, w), lookup(table, labels))));
    },
    trainableVariables: [w, table],
  };
  const discriminator: GanModel = {
    apply(inputs: tf.Tensor | tf.Tensor[], { training }) {
      const [x, labels] = pair(inputs);
      record(seen.discriminator, labels, training);
      return tf.tidy(() => tf.add(tf.matMul(x, v), tf.sum(tf.mul(x, lookup(projection, labels)), 1, true)));
    },
    trainableVariables: [v, projection],
  };
  return { generator, discriminator, seen, variables: [w, table, v, projection] };
}

function conditionalStep(extra: Partial<GanStepOptions> = {}, seed = 1) {
  const models = conditionalModels(seed);
  const step = createGanStep({
    generator: models.generator,
    discriminator: models.discriminator,
    loss: hingeLoss(),
    gOptimizer: tf.train.adam(1e-2, 0.5),
    dOptimizer: tf.train.adam(1e-2, 0.5),
    latentDim,
    numClasses,
    seed: 3,
    ...extra,
  });
  return { step, ...models };
}

const batchOf = (labels: number[]) => ({
  images: tf.tensor2d(labels.flatMap((y) => [y / 4, -y / 4]), [labels.length, dim]),
  labels: tf.tensor1d(labels, 'int32'),
});

describe('conditional GAN steps (numClasses)', () => {
  disableKernelLeakCheck();

  it('gives G and D the real batch labels in every pass of the step (fakes use the same labels)', async () => {
    const { step, seen } = conditionalStep({ penalties: [r1Penalty({ gamma: 1 })] });
    const batch = batchOf([2, 0, 3]);
    const metrics = await step(batch);
    expect(metrics!.generatorUpdated).toBe(true);
    // D: fake generated (G once), D(real), D(fake), R1 on real; then G's update: G, D(fake).
    expect(seen.generator.training).toEqual([[2, 0, 3], [2, 0, 3]]);
    expect(seen.discriminator.training.length).toBeGreaterThanOrEqual(4);
    for (const labels of seen.discriminator.training) expect(labels).toEqual([2, 0, 3]);
    expect(step.numClasses).toBe(numClasses);
    expect(step.describe()).toMatchObject({ numClasses });
    tf.dispose([batch.images, batch.labels]);
  });

  it('passes the labels twice to one merged D pass over real and fake', async () => {
    const { step, seen } = conditionalStep({ mergeDiscriminatorPass: true, order: 'simultaneous' });
    const batch = batchOf([1, 3]);
    await step(batch);
    expect(seen.discriminator.training).toContainEqual([1, 3, 1, 3]);
    tf.dispose([batch.images, batch.labels]);
  });

  it('trains: the projection and the class table change, and labels of shape [batch, 1] work too', async () => {
    const { step, variables } = conditionalStep();
    const before = variables.map((v) => Array.from(v.dataSync()));
    const images = tf.tensor2d([0.1, 0.2, 0.3, 0.4], [2, dim]);
    const labels = tf.tensor2d([1, 2], [2, 1], 'int32');
    await step({ images, labels });
    variables.forEach((v, i) => {
      expect(Array.from(v.dataSync())).not.toEqual(before[i]);
    });
    tf.dispose([images, labels]);
  });

  it('does not leak tensors', async () => {
    const { step } = conditionalStep();
    const batch = batchOf([0, 1, 2, 3]);
    await step(batch);
    await expectNoLeaks(async () => {
      await step(batch);
    });
    tf.dispose([batch.images, batch.labels]);
  });

  it('refuses unlabelled batches, float labels and labels of another length, naming the argument', async () => {
    const { step } = conditionalStep();
    const images = tf.zeros([3, dim]);
    await expect(step(images)).rejects.toThrow(OptionError);
    await expect(step(images)).rejects.toThrow('GanStep: realBatch must be { images, labels } for a conditional step (numClasses 4), got a float32 tensor of shape [3,2]');
    await expect(step({ images, labels: tf.tensor1d([0, 1, 2]) })).rejects.toThrow(DtypeError);
    await expect(step({ images, labels: tf.tensor1d([0, 1], 'int32') })).rejects.toThrow(/GanStep: realBatch.labels must be labels \[3\] or \[3, 1\], one per image, got \[2\]/);
    await expect(step({ images, labels: tf.tensor1d([0, 1], 'int32') })).rejects.toThrow(ShapeError);
    expect(() => createGanStep({ ...conditionalStep().step, numClasses: 1 } as never)).toThrow(OptionError);
  });

  it('an unconditional step takes a labelled batch and uses its images', async () => {
    const wg = tf.variable(tf.zeros([latentDim, dim]));
    const wd = tf.variable(tf.tensor2d([[1], [2]]));
    const step = createGanStep({
      generator: { apply: (z) => tf.matMul(z, wg), trainableVariables: [wg] },
      discriminator: { apply: (x) => tf.matMul(x, wd), trainableVariables: [wd] },
      loss: hingeLoss(),
      gOptimizer: tf.train.sgd(0.1),
      dOptimizer: tf.train.sgd(0.1),
      latentDim,
    });
    const images = tf.tensor2d([[1, 0], [3, 2]]);
    const labels = tf.tensor1d([0, 1], 'int32');
    // D(real) = [1, 7]: the mean logit on the real batch.
    expect((await step({ images, labels }))!.dReal).toBe(4);
    expect(step.numClasses).toBeNull();
    expect(() => step.sampleLabels(2)).toThrow('GanStep.sampleLabels: this step must be a conditional step (createGanStep({ numClasses })), got an unconditional step');
    const z = tf.zeros([2, latentDim]);
    expect(() => step.generate(z, labels)).toThrow(OptionError);
    tf.dispose([images, labels, z]);
  });

  it('samples labels: fixed classes cycle, seeded draws repeat and stay in [0, numClasses)', () => {
    const { step } = conditionalStep();
    const fixed = step.sampleLabels(6, { classes: [3, 1] });
    expect(fixed.shape).toEqual([6, 1]);
    expect(fixed.dtype).toBe('int32');
    expect(Array.from(fixed.dataSync())).toEqual([3, 1, 3, 1, 3, 1]);
    const a = Array.from(step.sampleLabels(400, { seed: 9 }).dataSync());
    const b = Array.from(step.sampleLabels(400, { seed: 9 }).dataSync());
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(new Set([0, 1, 2, 3]));
    expect(() => step.sampleLabels(2, { classes: [4] })).toThrow(/options.classes must be a non-empty array of integers in \[0, 4\)/);
    expect(() => step.sampleLabels(2, { clases: [1] } as never)).toThrow(/did you mean 'classes'/);
    fixed.dispose();
  });

  it('generates with labels (step and EMA), and asks for them when missing', () => {
    const { step, seen } = conditionalStep();
    const z = step.sampleLatent(2, 1);
    const labels = tf.tensor1d([3, 0], 'int32');
    const out = step.generate(z, labels);
    expect(out.shape).toEqual([2, dim]);
    expect(seen.generator.inference).toEqual([[3, 0]]);
    expect(() => step.generate(z)).toThrow('GanStep.generate: labels must be class labels [2, 1] int32 for a conditional step (see sampleLabels), got undefined');
    const ema = createGeneratorEma(step.generator, { decay: 0.5 });
    const averaged = ema.generate(z, labels);
    expect(Array.from(averaged.dataSync())).toEqual(Array.from(out.dataSync()));
    tf.dispose([z, labels, out, averaged]);
    ema.dispose();
  });
});

describe('tensorBatches with labels', () => {
  it('gathers the labels in the order of the images, [batch, 1] int32', () => {
    const images = tf.tensor2d([0, 1, 2, 3, 4], [5, 1]);
    const labels = tf.tensor1d([0, 1, 2, 3, 4], 'int32');
    const source = tensorBatches(images, { batchSize: 2, labels });
    expect(source.batchesPerEpoch).toBe(3);
    for (let index = 0; index < 3; index++) {
      const batch = source.batch(index, { epoch: 0, seed: 11 });
      expect(batch.labels.shape).toEqual([batch.images.shape[0], 1]);
      expect(batch.labels.dtype).toBe('int32');
      expect(Array.from(batch.labels.dataSync())).toEqual(Array.from(batch.images.dataSync()));
      tf.dispose([batch.images, batch.labels]);
    }
    tf.dispose([images, labels]);
  });

  it('refuses labels of another length or dtype', () => {
    const images = tf.zeros([4, 2]);
    expect(() => tensorBatches(images, { batchSize: 2, labels: tf.tensor1d([1, 2, 3], 'int32') })).toThrow('tensorBatches: options.labels must be labels [4] or [4, 1], one per sample, got [3]');
    expect(() => tensorBatches(images, { batchSize: 2, labels: tf.tensor1d([1, 2, 3, 4]) })).toThrow(DtypeError);
    images.dispose();
  });
});

describe('train with a conditional step', () => {
  disableKernelLeakCheck();

  it('draws grids with one class per row and trains from a labelled source', async () => {
    const { step, seen } = conditionalStep({}, 2);
    const images = tf.tanh(tf.randomNormal([8, dim], 0, 1, 'float32', 4));
    const labels = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32');
    const pngs: number[] = [];
    const result = await train({
      step,
      data: tensorBatches(images, { batchSize: 4, labels, dropRemainder: true }),
      steps: 2,
      ema: { decay: 0.5 },
      samples: { every: 2, count: 6, columns: 3, imageShape: [1, 2, 1], directory: mkdtempSync(join(tmpdir(), 'ganforge-cond-')) },
      guard: { minDiversity: 0, every: 2, count: 4 },
      hooks: { onSample: (e) => void pngs.push(e.png.length) },
    });
    expect(result.status).toBe('completed');
    expect(pngs.length).toBe(1);
    // Inference calls: the diversity guard (4 samples, rows of 3) and the grid (6 samples, 3 a row).
    expect(seen.generator.inference).toContainEqual([0, 0, 0, 1, 1, 1]);
    expect(seen.generator.inference).toContainEqual([0, 0, 0, 1]);
    result.ema?.dispose();
    tf.dispose([images, labels]);
  });
});
