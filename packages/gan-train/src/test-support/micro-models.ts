/**
 * Tiny Dense-only models for tests (no convolutions: wasm lacks conv filter
 * gradients), with weights set from a seed so that every process builds the same
 * models. Not part of the public API.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { GanModel } from '../gan-model';
import { RandomStream } from '../random-stream';

/** Sets every weight of a layers model to uniform values in [-scale, scale) from `seed`. */
export function seedWeights(model: tfl.LayersModel, seed: number, scale = 0.5): void {
  const random = new RandomStream(seed);
  const values = model.getWeights().map((w) => {
    const data = Float32Array.from({ length: w.size }, () => (random.nextFloat() * 2 - 1) * scale);
    return tf.tensor(data, w.shape, 'float32');
  });
  model.setWeights(values);
  tf.dispose(values);
}

/** A separate tanh layer: the wasm backend has no fused tanh for Dense layers outside gradient mode. */
const tanh = () => tfl.layers.activation({ activation: 'tanh' });

/** latent [b, latentDim] → samples [b, outDim] in (-1, 1). */
export function microGenerator(latentDim: number, outDim: number, seed = 1): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 8, inputShape: [latentDim] }),
      tanh(),
      tfl.layers.dense({ units: outDim }),
      tanh(),
    ],
  });
  seedWeights(model, seed);
  return model;
}

/** samples [b, inDim] → logits [b, 1]. */
export function microDiscriminator(inDim: number, seed = 2): tfl.Sequential {
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ units: 8, inputShape: [inDim] }), tanh(), tfl.layers.dense({ units: 1 })],
  });
  seedWeights(model, seed);
  return model;
}

/** An image generator: latent → [b, h, w, c] in (-1, 1) (Dense + reshape). */
export function microImageGenerator(latentDim: number, imageShape: [number, number, number], seed = 1): tfl.Sequential {
  const size = imageShape[0] * imageShape[1] * imageShape[2];
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 8, inputShape: [latentDim] }),
      tanh(),
      tfl.layers.dense({ units: size }),
      tanh(),
      tfl.layers.reshape({ targetShape: imageShape }),
    ],
  });
  seedWeights(model, seed);
  return model;
}

/** An image discriminator: [b, h, w, c] → logits [b, 1] (flatten + Dense). */
export function microImageDiscriminator(imageShape: [number, number, number], seed = 2): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: imageShape }),
      tfl.layers.dense({ units: 8 }),
      tanh(),
      tfl.layers.dense({ units: 1 }),
    ],
  });
  seedWeights(model, seed);
  return model;
}

/**
 * A plain-object model (no tfjs-layers) with seeded dropout and a running-mean
 * state variable: in → tanh(dropout(x·w1 + b1)) → ·w2. Dispose with `dispose()`.
 */
export function variablesModel(inDim: number, outDim: number, seed = 3, dropout = 0.25): GanModel & { dispose(): void } {
  const random = new RandomStream(seed);
  const init = (shape: number[]) => tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (random.nextFloat() * 2 - 1) * 0.5), shape));
  const w1 = init([inDim, 8]);
  const b1 = init([8]);
  const w2 = init([8, outDim]);
  const runningMean = tf.variable(tf.zeros([inDim]), false);
  return {
    apply(x, { training, seed: callSeed }) {
      return tf.tidy(() => {
        if (training) runningMean.assign(tf.add(tf.mul(runningMean, 0.9), tf.mul(tf.mean(x, 0), 0.1)));
        let h = tf.add(tf.matMul(x, w1), b1);
        if (training && dropout > 0) h = tf.dropout(h, dropout, undefined, callSeed);
        return tf.matMul(tf.tanh(h), w2);
      });
    },
    trainableVariables: [w1, b1, w2],
    nonTrainableVariables: [runningMean],
    dispose: () => tf.dispose([w1, b1, w2, runningMean]),
  };
}

/** A tiny differentiable "augmentation": adds seeded noise and a seeded per-sample brightness shift. */
export function noiseAugment(images: tf.Tensor, { seed }: { seed: number }): tf.Tensor {
  return tf.tidy(() => {
    const shift = tf.randomUniform([images.shape[0]!, ...images.shape.slice(1).map(() => 1)], -0.1, 0.1, 'float32', seed);
    return tf.add(tf.add(images, shift), tf.randomNormal(images.shape, 0, 0.05, 'float32', seed + 1));
  });
}

/** Real data for tests: `count` samples of `dim` values, from `seed`. */
export function realData(count: number, dim: number, seed = 7): tf.Tensor2D {
  const random = new RandomStream(seed);
  return tf.tensor2d(Float32Array.from({ length: count * dim }, (_, i) => 0.5 * Math.sin(i) + 0.2 * (random.nextFloat() - 0.5)), [count, dim]);
}
