import { checkAllocation, checkOneOf, checkOptions, describe, type PixelRange, resolvePixelRange } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { LimitError, OptionError } from './errors';
import type { MnistSplit } from './load-mnist';

/**
 * A pixel range: `'uint8'` is [0, 255] (the values as stored), `'unit'` is
 * [0, 1], `'symmetric'` is [-1, 1] (a `tanh` generator's range), or any
 * `[min, max]` with finite `min < max`. The one spelling shared by every
 * ganforge package.
 */
export type { PixelRange };

/**
 * The previous name of {@link PixelRange}.
 *
 * @deprecated Use `PixelRange`; `ImageRange` is removed in the next minor version.
 */
export type ImageRange = PixelRange;

/** Options of {@link toImageTensor}. */
export interface ToImageTensorOptions {
  /**
   * Map the stored [0, 255] pixels linearly onto this range while copying
   * (`p ↦ min + p / 255 · (max − min)`, so 0 ↦ min and 255 ↦ max exactly), in
   * one pass with no intermediate tensors. Default `'uint8'` (values
   * unchanged, as stored in the IDX files).
   */
  pixelRange?: PixelRange;
  /** @deprecated Use `pixelRange`; `range` is removed in the next minor version. */
  range?: PixelRange;
  /** Tensor dtype, `'float32'` or `'int32'` (int32 only with pixelRange `'uint8'`). Default `'float32'`. */
  dtype?: 'float32' | 'int32';
}

/**
 * The images of a loaded split as one NHWC tensor `[count, rows, cols, 1]`,
 * with pixels in [0, 255] as stored, or mapped onto `options.range` while
 * copying (the fast way to get a GAN's [-1, 1] input: no intermediate
 * tensors). The split is not modified; the caller owns (and disposes) the tensor.
 *
 * @param split What {@link loadMnist} returned, or any `{ images, count, rows, cols }`.
 * @param options `{ pixelRange, dtype }`, see {@link ToImageTensorOptions}.
 * @returns A `Tensor4D` of shape `[count, rows, cols, 1]`.
 * @throws {OptionError} `split` is not an object whose `images` is a Uint8Array of
 *   `count × rows × cols` values, an unknown option key, or an option out of its domain.
 * @throws {LimitError} `rows` or `cols` above `LIMITS.imageSide` (16,384) or
 *   `count × rows × cols` above `LIMITS.tensorElements`, checked before allocating.
 *
 * @example
 * import '@tensorflow/tfjs-backend-cpu';
 * import { loadMnist, toImageTensor } from '@ganforge/mnist';
 *
 * const digits = await loadMnist({ download: false }); // the embedded 10,000 offline
 * const x = toImageTensor(digits); // float32 [10000, 28, 28, 1] in [0, 255]
 * const y = toImageTensor(digits, { pixelRange: 'symmetric' }); // float32 in [-1, 1], 0 ↦ -1, 255 ↦ 1
 */
export function toImageTensor(
  split: Pick<MnistSplit, 'images' | 'count' | 'rows' | 'cols'>,
  options: ToImageTensorOptions = {},
): tf.Tensor4D {
  const fn = 'toImageTensor';
  const resolved = checkOptions<ToImageTensorOptions>(fn, options, ['pixelRange', 'dtype'], OptionError, { deprecated: { range: 'pixelRange' } });
  const dtype = checkOneOf(fn, 'options.dtype', resolved.dtype ?? 'float32', ['float32', 'int32'] as const, OptionError);
  const [min, max] = resolvePixelRange(fn, 'options.pixelRange', resolved.pixelRange ?? 'uint8', OptionError);
  const identity = min === 0 && max === 255;
  if (dtype === 'int32' && !identity) {
    throw new OptionError({ functionName: fn, argument: 'options.pixelRange', expected: `'uint8' when options.dtype is 'int32'`, actual: `[${min}, ${max}]` });
  }
  if (split === null || typeof split !== 'object') {
    throw new OptionError({ functionName: fn, argument: 'split', expected: 'an object { images, count, rows, cols } such as loadMnist returns', actual: describe(split) });
  }
  const { images, count, rows, cols } = split;
  for (const [name, value] of [
    ['count', count],
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new OptionError({ functionName: fn, argument: `split.${name}`, expected: 'a non-negative integer', actual: describe(value) });
    }
  }
  checkAllocation(fn, 'split', [count, rows, cols, 1], LimitError, { imageAxes: [1, 2] });
  if (!(images instanceof Uint8Array) || images.length !== count * rows * cols) {
    throw new OptionError({
      functionName: fn,
      argument: 'split.images',
      expected: `a Uint8Array of count × rows × cols = ${count * rows * cols} pixels`,
      actual: describe(images),
    });
  }
  let values: Float32Array | Int32Array;
  if (dtype === 'int32') values = new Int32Array(images);
  else if (identity) values = new Float32Array(images);
  else {
    const table = new Float32Array(256);
    for (let p = 0; p < 256; p++) table[p] = min + (p / 255) * (max - min);
    values = new Float32Array(images.length);
    for (let i = 0; i < images.length; i++) values[i] = table[images[i]!]!;
  }
  return tf.tidy(() => tf.tensor4d(values, [count, rows, cols, 1], dtype));
}
