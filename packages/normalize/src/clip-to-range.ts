import * as tf from '@tensorflow/tfjs-core';
import { checkPixelDtype, checkTensor } from './internal/checks';
import { clipKeepNaN } from './internal/clip';
import { type PixelRange, resolvePixelRange } from './pixel-range';

/**
 * Clips pixel values to a declared range, for example a generator's output to
 * `[-1, 1]` before saving it. NaN stays NaN on every backend. Takes a tensor of any rank of
 * dtype int32 or float32; returns a new float32 tensor of the same shape.
 *
 * @throws {RangeSpecError} when `range` is not a known name or a `[min, max]` pair with `min < max`.
 * @throws {TensorError} when `images` is null, not a tensor, or disposed.
 * @throws {DtypeError} when `images` is not int32 or float32.
 *
 * @example
 * clipToRange(tf.tensor1d([-1.5, 0.25, 3]), 'symmetric'); // [-1, 0.25, 1]
 * clipToRange(tf.tensor1d([-7, 300], 'int32'), [0, 255]); // [0, 255] as float32
 */
export function clipToRange<T extends tf.Tensor>(images: T, range: PixelRange): T {
  const fn = 'clipToRange';
  checkTensor(fn, 'images', images);
  checkPixelDtype(fn, 'images', images);
  const [min, max] = resolvePixelRange(range, fn, 'range');
  return tf.tidy(() => clipKeepNaN(tf.cast(images, 'float32'), min, max)) as T;
}
