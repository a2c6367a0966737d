import * as tf from '@tensorflow/tfjs-core';
import type { PerSample } from './affine';
import { checkChannels, checkImages, perSample, type Shape4 } from './internal/validate';

/** A [N, 1, 1, 1] tensor of per-sample factors (a scalar when all equal). */
export function factorTensor(values: Float64Array): tf.Tensor {
  const first = values[0]!;
  if (values.every((v) => v === first)) return tf.scalar(first);
  return tf.tensor4d(Float32Array.from(values), [values.length, 1, 1, 1]);
}

/** torchvision's `_blend`: clamp(ratio * a + (1 - ratio) * b, 0, 1). */
function blend(a: tf.Tensor, b: tf.Tensor, ratio: tf.Tensor): tf.Tensor {
  return tf.clipByValue(tf.add(tf.mul(ratio, a), tf.mul(tf.sub(1, ratio), b)), 0, 1);
}

/** Luma of RGB images (torchvision's weights 0.2989, 0.587, 0.114), [N, H, W, 1]. */
export function grayscale(images: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.sum(tf.mul(images, tf.tensor1d([0.2989, 0.587, 0.114])), -1, true)) as tf.Tensor4D;
}

/** @internal */
export function brightnessOp(images: tf.Tensor4D, factor: Float64Array): tf.Tensor4D {
  return tf.clipByValue(tf.mul(images, factorTensor(factor)), 0, 1) as tf.Tensor4D;
}

/** @internal */
export function contrastOp(images: tf.Tensor4D, factor: Float64Array): tf.Tensor4D {
  const source = images.shape[3] === 3 ? grayscale(images) : images;
  const mean = tf.mean(source, [1, 2, 3], true);
  return blend(images, mean, factorTensor(factor)) as tf.Tensor4D;
}

/** @internal */
export function saturationOp(images: tf.Tensor4D, factor: Float64Array): tf.Tensor4D {
  return blend(images, grayscale(images), factorTensor(factor)) as tf.Tensor4D;
}

/** @internal */
export function gammaOp(images: tf.Tensor4D, gamma: Float64Array, gain: Float64Array): tf.Tensor4D {
  return tf.clipByValue(tf.mul(factorTensor(gain), tf.pow(images, factorTensor(gamma))), 0, 1) as tf.Tensor4D;
}

/**
 * Scales the brightness of NHWC images in [0, 1] (any channel count):
 * clamp(x * factor, 0, 1), `factor` >= 0 shared or one per image.
 * Matches torchvision's `adjust_brightness`.
 *
 * @example
 * const brighter = adjustBrightness(images, 1.2);
 * const each = adjustBrightness(images, [0.8, 1.2]);
 */
export function adjustBrightness(images: tf.Tensor4D, factor: PerSample): tf.Tensor4D {
  const shape = checkImages('adjustBrightness', images);
  const f = perSample('adjustBrightness', 'factor', factor, shape[0], { min: 0 });
  return tf.tidy(() => brightnessOp(images, f));
}

/**
 * Scales the contrast of NHWC images in [0, 1] about each image's mean (the
 * mean luma for 3 channels, the mean of all values otherwise):
 * clamp(factor * x + (1 - factor) * mean, 0, 1). Matches torchvision's
 * `adjust_contrast` for 1 and 3 channels.
 *
 * @example
 * const flat = adjustContrast(images, 0.5);
 */
export function adjustContrast(images: tf.Tensor4D, factor: PerSample): tf.Tensor4D {
  const shape = checkImages('adjustContrast', images);
  const f = perSample('adjustContrast', 'factor', factor, shape[0], { min: 0 });
  return tf.tidy(() => contrastOp(images, f));
}

/**
 * Scales the saturation of RGB NHWC images in [0, 1] (3 channels only):
 * clamp(factor * x + (1 - factor) * luma, 0, 1). 0 gives grey images.
 * Matches torchvision's `adjust_saturation`.
 *
 * @example
 * const grey = adjustSaturation(rgbImages, 0);
 */
export function adjustSaturation(images: tf.Tensor4D, factor: PerSample): tf.Tensor4D {
  const shape: Shape4 = checkImages('adjustSaturation', images);
  checkChannels('adjustSaturation', shape, [3]);
  const f = perSample('adjustSaturation', 'factor', factor, shape[0], { min: 0 });
  return tf.tidy(() => saturationOp(images, f));
}

/** Options of {@link adjustGamma}. */
export interface AdjustGammaOptions {
  /** Multiplier after the power, shared or one per image. Default 1. */
  gain?: PerSample;
}

/**
 * Gamma correction of NHWC images in [0, 1] (any channel count):
 * clamp(gain * x ** gamma, 0, 1). Matches torchvision's `adjust_gamma`.
 *
 * @example
 * const darker = adjustGamma(images, 2);
 */
export function adjustGamma(images: tf.Tensor4D, gamma: PerSample, options: AdjustGammaOptions = {}): tf.Tensor4D {
  const shape = checkImages('adjustGamma', images);
  const g = perSample('adjustGamma', 'gamma', gamma, shape[0], { min: 0 });
  const gain = perSample('adjustGamma', 'gain', options.gain ?? 1, shape[0]);
  return tf.tidy(() => gammaOp(images, g, gain));
}
