// The TensorFlow DCGAN tutorial's MNIST models (tensorflow.org/tutorials/generative/dcgan),
// layer by layer. Used by bench/train.mjs until @ganforge/gan-layers' tutorialDcgan() is built.
import * as tfl from '@tensorflow/tfjs-layers';

export const LATENT_DIM = 100;

/** Generator: Dense 7*7*256 (no bias) -> BN -> LReLU -> ConvT 128 k5 s1 -> BN -> LReLU -> ConvT 64 k5 s2 -> BN -> LReLU -> ConvT 1 k5 s2 tanh. */
export function makeGenerator() {
  return tfl.sequential({
    name: 'generator',
    layers: [
      tfl.layers.dense({ inputShape: [LATENT_DIM], units: 7 * 7 * 256, useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.leakyReLU({ alpha: 0.3 }),
      tfl.layers.reshape({ targetShape: [7, 7, 256] }),
      tfl.layers.conv2dTranspose({ filters: 128, kernelSize: 5, strides: 1, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.leakyReLU({ alpha: 0.3 }),
      tfl.layers.conv2dTranspose({ filters: 64, kernelSize: 5, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.leakyReLU({ alpha: 0.3 }),
      tfl.layers.conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', useBias: false, activation: 'tanh' }),
    ],
  });
}

/** Discriminator: Conv 64 k5 s2 -> LReLU -> Dropout .3 -> Conv 128 k5 s2 -> LReLU -> Dropout .3 -> Flatten -> Dense 1 (logit). */
export function makeDiscriminator() {
  return tfl.sequential({
    name: 'discriminator',
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 64, kernelSize: 5, strides: 2, padding: 'same' }),
      tfl.layers.leakyReLU({ alpha: 0.3 }),
      tfl.layers.dropout({ rate: 0.3 }),
      tfl.layers.conv2d({ filters: 128, kernelSize: 5, strides: 2, padding: 'same' }),
      tfl.layers.leakyReLU({ alpha: 0.3 }),
      tfl.layers.dropout({ rate: 0.3 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1 }),
    ],
  });
}
