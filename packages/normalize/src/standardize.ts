import * as tf from '@tensorflow/tfjs-core';
import { checkNhwc, checkOptions } from './internal/checks';
import { resolveStats } from './internal/stats';

/**
 * Per-channel statistics for {@link standardize}: one number for every
 * channel, or a single number (or 1-element array) shared by all channels.
 * {@link fitMeanStd} returns this shape.
 */
export interface MeanStd {
  /** Mean of each channel, in the pixel range of the images. */
  mean: number | readonly number[];
  /** Standard deviation of each channel (>= 0). */
  std: number | readonly number[];
}

/** Options of {@link standardize} and {@link unstandardize}. */
export interface StandardizeOptions {
  /**
   * Floor for the divisor: each channel is divided by `max(std, epsilon)`, so
   * a constant channel (std 0) maps to 0 instead of NaN/Infinity, as in
   * Keras' `Normalization` layer. Default `1e-7`. Must be > 0.
   */
  epsilon?: number;
}

const DEFAULT_EPSILON = 1e-7;

/**
 * Standardizes NHWC images per channel: `(x - mean[c]) / max(std[c], epsilon)`,
 * like torchvision's `Normalize(mean, std)` on the last axis. The statistics
 * must hold one value per channel, or one value for all channels: a
 * 1-channel MNIST batch takes `{ mean: [0.1307], std: [0.3081] }`, and three
 * ImageNet values on it are an error. Takes int32 or float32 images and
 * returns a new float32 tensor of the same shape.
 *
 * @throws {TensorError} when `images` is null, not a tensor, or disposed.
 * @throws {ShapeError} when `images` is not rank-4 NHWC.
 * @throws {DtypeError} when `images` is not int32 or float32.
 * @throws {StatsError} when `stats.mean`/`stats.std` are not finite numbers, have a length other than 1 or the channel count, or a std is negative.
 * @throws {OptionError} when `options` has an unknown key or `options.epsilon` is not a finite number > 0.
 *
 * @example
 * const images = tf.tensor4d([0, 0.5, 1, 1], [1, 2, 2, 1]); // [0, 1], 1 channel
 * standardize(images, { mean: [0.5], std: [0.25] }); // [-2, 0, 2, 2]
 */
export function standardize(images: tf.Tensor4D, stats: MeanStd, options: StandardizeOptions = {}): tf.Tensor4D {
  const fn = 'standardize';
  checkNhwc(fn, 'images', images);
  const resolved = checkOptions<StandardizeOptions>(fn, options, ['epsilon']);
  const { mean, divisor } = resolveStats(fn, stats, images.shape[3], resolved.epsilon ?? DEFAULT_EPSILON);
  return tf.tidy(() => tf.div(tf.sub(tf.cast(images, 'float32'), tf.tensor1d(mean)), tf.tensor1d(divisor)));
}

/**
 * Inverts {@link standardize} with the same statistics and epsilon:
 * `x * max(std[c], epsilon) + mean[c]`, per channel of NHWC images. Returns a
 * new float32 tensor of the same shape.
 *
 * @throws {TensorError} when `images` is null, not a tensor, or disposed.
 * @throws {ShapeError} when `images` is not rank-4 NHWC.
 * @throws {DtypeError} when `images` is not int32 or float32.
 * @throws {StatsError} when the statistics do not fit the images (see {@link standardize}).
 * @throws {OptionError} when `options` has an unknown key or `options.epsilon` is not a finite number > 0.
 *
 * @example
 * const z = tf.tensor4d([-2, 0, 2, 2], [1, 2, 2, 1]);
 * unstandardize(z, { mean: 0.5, std: 0.25 }); // [0, 0.5, 1, 1]
 */
export function unstandardize(images: tf.Tensor4D, stats: MeanStd, options: StandardizeOptions = {}): tf.Tensor4D {
  const fn = 'unstandardize';
  checkNhwc(fn, 'images', images);
  const resolved = checkOptions<StandardizeOptions>(fn, options, ['epsilon']);
  const { mean, divisor } = resolveStats(fn, stats, images.shape[3], resolved.epsilon ?? DEFAULT_EPSILON);
  return tf.tidy(() => tf.add(tf.mul(tf.cast(images, 'float32'), tf.tensor1d(divisor)), tf.tensor1d(mean)));
}
