import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  ClassEmbedding,
  createDcganDiscriminator,
  createDcganGenerator,
  InstanceNormalization,
  MinibatchStdDev,
  PixelNorm,
  SpectralNormalization,
  SubPixelUpsampling,
} from './index';
import { withoutKernelLeakCheck } from './internal/test-helpers';

/** Non-saturating GAN losses on logits. */
const ones = (n: number) => tf.ones([n, 1]);
const zeros = (n: number) => tf.zeros([n, 1]);
const bce = (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.sigmoidCrossEntropy(labels, logits) as tf.Scalar;

/** Copies of every trainable weight of the models, to compare after a step. */
const snapshot = (models: tfl.LayersModel[]) =>
  models.flatMap((m) => m.trainableWeights.map((w) => ({ name: w.name, values: Array.from(w.read().dataSync()) })));

function changedWeights(before: ReturnType<typeof snapshot>, models: tfl.LayersModel[]): string[] {
  const after = snapshot(models);
  return after.filter((w, i) => w.values.some((v, j) => v !== before[i]!.values[j])).map((w) => w.name);
}

/** A conditional pair of only this package's layers plus Dense / Reshape / Flatten (no convolutions). */
function convFreePair(seed: number) {
  const noise = tfl.input({ shape: [4] });
  const labelsG = tfl.input({ shape: [1], dtype: 'int32' });
  const embedded = new ClassEmbedding({ numClasses: 2, outputDim: 2, seed }).apply(labelsG) as tfl.SymbolicTensor;
  let h = tfl.layers.concatenate().apply([noise, embedded]) as tfl.SymbolicTensor;
  h = new SpectralNormalization({ layer: tfl.layers.dense({ units: 2 * 2 * 8 }), seed: seed + 1 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.reshape({ targetShape: [2, 2, 8] }).apply(h) as tfl.SymbolicTensor;
  h = new InstanceNormalization().apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.leakyReLU({ alpha: 0.2 }).apply(h) as tfl.SymbolicTensor;
  h = new PixelNorm().apply(h) as tfl.SymbolicTensor;
  h = new SubPixelUpsampling({ blockSize: 2 }).apply(h) as tfl.SymbolicTensor; // [4, 4, 2]
  const generator = tfl.model({ inputs: [noise, labelsG], outputs: tfl.layers.activation({ activation: 'tanh' }).apply(h) as tfl.SymbolicTensor });

  const images = tfl.input({ shape: [4, 4, 2] });
  const labelsD = tfl.input({ shape: [1], dtype: 'int32' });
  let d = new MinibatchStdDev({ groupSize: 2 }).apply(images) as tfl.SymbolicTensor;
  d = tfl.layers.flatten().apply(d) as tfl.SymbolicTensor; // 48 features
  const logit = new SpectralNormalization({ layer: tfl.layers.dense({ units: 1 }), seed: seed + 2 }).apply(d) as tfl.SymbolicTensor;
  const projection = tfl.layers
    .dot({ axes: 1 })
    .apply([new ClassEmbedding({ numClasses: 2, outputDim: 48, seed: seed + 3 }).apply(labelsD) as tfl.SymbolicTensor, d]) as tfl.SymbolicTensor;
  const discriminator = tfl.model({ inputs: [images, labelsD], outputs: tfl.layers.add().apply([logit, projection]) as tfl.SymbolicTensor });
  return { generator, discriminator };
}

/** One GAN step: D on real vs fake, then G; returns the two losses as numbers. */
function ganStep(
  generator: tfl.LayersModel,
  discriminator: tfl.LayersModel,
  optimizers: [tf.Optimizer, tf.Optimizer],
  real: tf.Tensor,
  extra: (n: number) => tf.Tensor[],
  seed: number,
): [number, number] {
  const n = real.shape[0]!;
  const gInputs = () => [tf.randomNormal([n, generator.inputs[0]!.shape[1]!], 0, 1, 'float32', seed), ...extra(n)];
  const dLoss = optimizers[0].minimize(
    () => {
      const fake = generator.apply(gInputs(), { training: true }) as tf.Tensor;
      const realLogits = discriminator.apply([real, ...extra(n)], { training: true }) as tf.Tensor;
      const fakeLogits = discriminator.apply([fake, ...extra(n)], { training: true }) as tf.Tensor;
      return tf.add(bce(ones(n), realLogits), bce(zeros(n), fakeLogits)) as tf.Scalar;
    },
    true,
    discriminator.trainableWeights.map((w) => w.read() as tf.Variable),
  )!;
  const gLoss = optimizers[1].minimize(
    () => bce(ones(n), discriminator.apply([generator.apply(gInputs(), { training: true }) as tf.Tensor, ...extra(n)], { training: true }) as tf.Tensor),
    true,
    generator.trainableWeights.map((w) => w.read() as tf.Variable),
  )!;
  const losses: [number, number] = [dLoss.dataSync()[0]!, gLoss.dataSync()[0]!];
  tf.dispose([dLoss, gLoss]);
  return losses;
}

const hasFilterGradient = tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;

describe('training', () => {
  it('trains a conditional pair of every custom layer on every backend: all weights move, tensors stay flat', () => {
    const { generator, discriminator } = convFreePair(20);
    const optimizers: [tf.Optimizer, tf.Optimizer] = [tf.train.adam(1e-2, 0.5), tf.train.adam(1e-2, 0.5)];
    const real = tf.randomUniform([4, 4, 4, 2], -1, 1, 'float32', 21);
    const labels = tf.tensor2d([[0], [1], [0], [1]], [4, 1], 'int32');
    const extra = () => [labels];
    withoutKernelLeakCheck(() => {
      const before = snapshot([generator, discriminator]);
      const first = ganStep(generator, discriminator, optimizers, real, extra, 22);
      expect(first.every(Number.isFinite)).toBe(true);
      const trainable = [...generator.trainableWeights, ...discriminator.trainableWeights].map((w) => w.name);
      expect(changedWeights(before, [generator, discriminator]).sort()).toEqual(trainable.sort());
      ganStep(generator, discriminator, optimizers, real, extra, 23);
      const count = tf.memory().numTensors;
      for (let step = 0; step < 3; step++) ganStep(generator, discriminator, optimizers, real, extra, 24 + step);
      expect(tf.memory().numTensors).toBe(count);
    });
    tf.dispose([real, labels]);
    for (const o of optimizers) o.dispose();
  });

  // wasm has no Conv2DBackpropFilter kernel (@ganforge/kernels adds it), so conv filter
  // gradients only run where the backend provides it.
  it.skipIf(!hasFilterGradient)(
    'trains the DCGAN builders end to end (needs Conv2DBackpropFilter, absent on wasm without @ganforge/kernels)',
    () => {
      const small = { imageShape: [8, 8, 1] as [number, number, number], width: 2, depth: 2, seed: 30 };
      const generator = createDcganGenerator({ ...small, latentDim: 4 });
      const discriminator = createDcganDiscriminator({ ...small, spectralNorm: true, normalization: 'none', minibatchStdDev: true });
      const optimizers: [tf.Optimizer, tf.Optimizer] = [tf.train.adam(2e-4, 0.5), tf.train.adam(2e-4, 0.5)];
      const real = tf.randomUniform([4, 8, 8, 1], -1, 1, 'float32', 31);
      withoutKernelLeakCheck(() => {
        const before = snapshot([generator, discriminator]);
        expect(ganStep(generator, discriminator, optimizers, real, () => [], 32).every(Number.isFinite)).toBe(true);
        const trainable = [...generator.trainableWeights, ...discriminator.trainableWeights].map((w) => w.name);
        expect(changedWeights(before, [generator, discriminator]).sort()).toEqual(trainable.sort());
        ganStep(generator, discriminator, optimizers, real, () => [], 33);
        const count = tf.memory().numTensors;
        ganStep(generator, discriminator, optimizers, real, () => [], 34);
        expect(tf.memory().numTensors).toBe(count);
      });
      real.dispose();
      for (const o of optimizers) o.dispose();
    },
  );
});
