import { type PixelRange, resolvePixelRange } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { PerSample } from './affine';
import { OptionError } from './errors';
import { checkChannels, checkImages, checkKeys, perSample, type Shape4 } from './internal/validate';

/** Options of the colour adjustments ({@link adjustBrightness}, {@link adjustContrast}, {@link adjustSaturation}). */
export interface AdjustColorOptions {
  /**
   * Pixel range of the images: `'unit'` ([0, 1]), `'symmetric'` ([-1, 1]), `'uint8'` ([0, 255]) or
   * `[min, max]`. The adjustment is torchvision's on the images mapped to [0, 1], and the result is
   * clamped to this range. Default `'unit'`.
   */
  pixelRange?: PixelRange;
}

/** @internal Resolves a `pixelRange` option (default 'unit') to [min, max]. */
export function resolveRange(fn: string, value: unknown): [number, number] {
  return value === undefined ? [0, 1] : resolvePixelRange(fn, 'pixelRange', value, OptionError);
}

/** @internal Runs a [0, 1] colour op on images in `range`: maps them to [0, 1] and back (nothing to do for [0, 1]). */
export function inUnitRange(images: tf.Tensor4D, range: readonly [number, number], op: (unit: tf.Tensor4D) => tf.Tensor4D): tf.Tensor4D {
  const [min, max] = range;
  if (min === 0 && max === 1) return op(images);
  const unit = tf.div(tf.sub(images, min), max - min) as tf.Tensor4D;
  return tf.add(tf.mul(op(unit), max - min), min) as tf.Tensor4D;
}

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
 * Scales the brightness of NHWC images in [0, 1] (any channel count; other
 * ranges through `pixelRange`): clamp(x * factor, 0, 1), `factor` >= 0 shared
 * or one per image. Matches torchvision's `adjust_brightness`.
 *
 * @example
 * const brighter = adjustBrightness(images, 1.2);
 * const each = adjustBrightness(images, [0.8, 1.2]);
 * const gan = adjustBrightness(fakes, 1.2, { pixelRange: 'symmetric' }); // images in [-1, 1]
 */
export function adjustBrightness(images: tf.Tensor4D, factor: PerSample, options: AdjustColorOptions = {}): tf.Tensor4D {
  const shape = checkImages('adjustBrightness', images);
  const f = perSample('adjustBrightness', 'factor', factor, shape[0], { min: 0 });
  const range = resolveRange('adjustBrightness', checkKeys('adjustBrightness', options, ['pixelRange']).pixelRange);
  return tf.tidy(() => inUnitRange(images, range, (x) => brightnessOp(x, f)));
}

/**
 * Scales the contrast of NHWC images in [0, 1] (other ranges through
 * `pixelRange`) about each image's mean (the mean luma for 3 channels, the
 * mean of all values otherwise): clamp(factor * x + (1 - factor) * mean, 0, 1).
 * Matches torchvision's `adjust_contrast` for 1 and 3 channels.
 *
 * @example
 * const flat = adjustContrast(images, 0.5);
 */
export function adjustContrast(images: tf.Tensor4D, factor: PerSample, options: AdjustColorOptions = {}): tf.Tensor4D {
  const shape = checkImages('adjustContrast', images);
  const f = perSample('adjustContrast', 'factor', factor, shape[0], { min: 0 });
  const range = resolveRange('adjustContrast', checkKeys('adjustContrast', options, ['pixelRange']).pixelRange);
  return tf.tidy(() => inUnitRange(images, range, (x) => contrastOp(x, f)));
}

/**
 * Scales the saturation of RGB NHWC images in [0, 1] (3 channels only; other
 * ranges through `pixelRange`): clamp(factor * x + (1 - factor) * luma, 0, 1).
 * 0 gives grey images. Matches torchvision's `adjust_saturation`.
 *
 * @example
 * const grey = adjustSaturation(rgbImages, 0);
 */
export function adjustSaturation(images: tf.Tensor4D, factor: PerSample, options: AdjustColorOptions = {}): tf.Tensor4D {
  const shape: Shape4 = checkImages('adjustSaturation', images);
  checkChannels('adjustSaturation', shape, [3]);
  const f = perSample('adjustSaturation', 'factor', factor, shape[0], { min: 0 });
  const range = resolveRange('adjustSaturation', checkKeys('adjustSaturation', options, ['pixelRange']).pixelRange);
  return tf.tidy(() => inUnitRange(images, range, (x) => saturationOp(x, f)));
}

/** Options of {@link adjustGamma}. */
export interface AdjustGammaOptions extends AdjustColorOptions {
  /** Multiplier after the power, shared or one per image. Default 1. */
  gain?: PerSample;
}

/**
 * Gamma correction of NHWC images in [0, 1] (any channel count; other ranges
 * through `pixelRange`): clamp(gain * x ** gamma, 0, 1). Matches torchvision's
 * `adjust_gamma`.
 *
 * @example
 * const darker = adjustGamma(images, 2);
 */
export function adjustGamma(images: tf.Tensor4D, gamma: PerSample, options: AdjustGammaOptions = {}): tf.Tensor4D {
  const shape = checkImages('adjustGamma', images);
  const g = perSample('adjustGamma', 'gamma', gamma, shape[0], { min: 0 });
  const checked = checkKeys('adjustGamma', options, ['gain', 'pixelRange']);
  const gain = perSample('adjustGamma', 'gain', checked.gain ?? 1, shape[0]);
  const range = resolveRange('adjustGamma', checked.pixelRange);
  return tf.tidy(() => inUnitRange(images, range, (x) => gammaOp(x, g, gain)));
}
