import * as tf from '@tensorflow/tfjs-core';
import { MnistOptionError } from './errors';
import { describe } from './internal/describe';
import type { MnistSplit } from './load-mnist';

/** Options of {@link toImageTensor}. */
export interface ToImageTensorOptions {
  /** Tensor dtype: `'float32'` or `'int32'` (both hold [0, 255] exactly). Default `'float32'`. */
  dtype?: 'float32' | 'int32';
}

/**
 * The images of a loaded split as one NHWC tensor `[count, rows, cols, 1]`,
 * pixel values in [0, 255] (not rescaled). The split is not modified; the
 * caller owns (and disposes) the tensor.
 *
 * @param split What {@link loadMnist} returned, or any `{ images, count, rows, cols }`.
 * @param options `{ dtype }`, see {@link ToImageTensorOptions}.
 * @returns A `Tensor4D` of shape `[count, rows, cols, 1]`.
 * @throws {MnistOptionError} `images` is not a Uint8Array of `count × rows × cols`
 *   values, or the dtype is unknown.
 *
 * @example
 * import '@tensorflow/tfjs-backend-cpu';
 * import { loadMnist, toImageTensor } from '@ganforge/mnist';
 *
 * const digits = await loadMnist({ download: false }); // the embedded 10,000 offline
 * const x = toImageTensor(digits); // float32 [10000, 28, 28, 1] in [0, 255]
 * const scaled = x.div(127.5).sub(1); // [-1, 1] for a GAN
 */
export function toImageTensor(
  split: Pick<MnistSplit, 'images' | 'count' | 'rows' | 'cols'>,
  options: ToImageTensorOptions = {},
): tf.Tensor4D {
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'int32') {
    throw new MnistOptionError('toImageTensor', 'options.dtype', `'float32' or 'int32'`, describe(dtype));
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
  const values = dtype === 'float32' ? new Float32Array(images) : new Int32Array(images);
  return tf.tidy(() => tf.tensor4d(values, [count, rows, cols, 1], dtype));
}
