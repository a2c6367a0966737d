import * as tf from '@tensorflow/tfjs-core';
import { MnistOptionError } from './errors';
import { describe } from './internal/describe';
import type { MnistSplit } from './load-mnist';

/**
 * A pixel range for {@link toImageTensor}: `'uint8'` is [0, 255] (the values
 * as stored), `'unit'` is [0, 1], `'symmetric'` is [-1, 1] (a `tanh`
 * generator's range), or any `[min, max]` with finite `min < max`. The names
 * are those of `@ganforge/normalize`.
 */
export type ImageRange = 'uint8' | 'unit' | 'symmetric' | readonly [min: number, max: number];

/** Options of {@link toImageTensor}. */
export interface ToImageTensorOptions {
  /**
   * Map the stored [0, 255] pixels linearly onto this range while copying
   * (`p ↦ min + p / 255 · (max − min)`, so 0 ↦ min and 255 ↦ max exactly), in
   * one pass with no intermediate tensors. Default `'uint8'` (values unchanged).
   */
  range?: ImageRange;
  /** Tensor dtype, `'float32'` or `'int32'` (int32 only with range `'uint8'`). Default `'float32'`. */
  dtype?: 'float32' | 'int32';
}

const NAMED: Record<string, readonly [number, number]> = { uint8: [0, 255], unit: [0, 1], symmetric: [-1, 1] };

function resolveRange(range: unknown): readonly [number, number] {
  if (typeof range === 'string' && Object.hasOwn(NAMED, range)) return NAMED[range]!;
  if (
    Array.isArray(range) &&
    range.length === 2 &&
    Number.isFinite(range[0]) &&
    Number.isFinite(range[1]) &&
    range[0] < range[1]
  ) {
    return [range[0], range[1]];
  }
  throw new MnistOptionError(
    'toImageTensor',
    'options.range',
    `'uint8', 'unit', 'symmetric' or [min, max] with finite min < max`,
    Array.isArray(range) ? `[${range.join(', ')}]` : describe(range),
  );
}

/**
 * The images of a loaded split as one NHWC tensor `[count, rows, cols, 1]`,
 * with pixels in [0, 255] as stored, or mapped onto `options.range` while
 * copying (the fast way to get a GAN's [-1, 1] input: no intermediate
 * tensors). The split is not modified; the caller owns (and disposes) the tensor.
 *
 * @param split What {@link loadMnist} returned, or any `{ images, count, rows, cols }`.
 * @param options `{ range, dtype }`, see {@link ToImageTensorOptions}.
 * @returns A `Tensor4D` of shape `[count, rows, cols, 1]`.
 * @throws {MnistOptionError} `images` is not a Uint8Array of `count × rows × cols`
 *   values, or an option is out of its domain.
 *
 * @example
 * import '@tensorflow/tfjs-backend-cpu';
 * import { loadMnist, toImageTensor } from '@ganforge/mnist';
 *
 * const digits = await loadMnist({ download: false }); // the embedded 10,000 offline
 * const x = toImageTensor(digits); // float32 [10000, 28, 28, 1] in [0, 255]
 * const y = toImageTensor(digits, { range: 'symmetric' }); // float32 in [-1, 1], 0 ↦ -1, 255 ↦ 1
 */
export function toImageTensor(
  split: Pick<MnistSplit, 'images' | 'count' | 'rows' | 'cols'>,
  options: ToImageTensorOptions = {},
): tf.Tensor4D {
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new MnistOptionError('toImageTensor', 'options.dtype', `'float32' or 'int32'`, describe(dtype));
  }
  const [min, max] = resolveRange(options.range ?? 'uint8');
  const identity = min === 0 && max === 255;
  if (dtype === 'int32' && !identity) {
    throw new MnistOptionError(
      'toImageTensor',
      'options.range',
      `'uint8' when options.dtype is 'int32'`,
      `[${min}, ${max}]`,
    );
  }
  const { images, count, rows, cols } = split ?? ({} as never);
  for (const [name, value] of [
    ['count', count],
    ['rows', rows],
    ['cols', cols],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new MnistOptionError('toImageTensor', `split.${name}`, 'a non-negative integer', describe(value));
    }
  }
  if (!(images instanceof Uint8Array) || images.length !== count * rows * cols) {
    throw new MnistOptionError(
      'toImageTensor',
      'split.images',
      `a Uint8Array of count × rows × cols = ${count * rows * cols} pixels`,
      describe(images),
    );
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
