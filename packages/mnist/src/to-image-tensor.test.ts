import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { MnistOptionError, toImageTensor } from './index';

// Two 2×3 images: pixels 0, 1, ..., 5 and 250, ..., 255.
const split = { images: Uint8Array.of(0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255), count: 2, rows: 2, cols: 3 };

describe('toImageTensor', () => {
  it('returns NHWC [count, rows, cols, 1] float32 with the pixel values unchanged', () => {
    const x = toImageTensor(split);
    expect(x.shape).toEqual([2, 2, 3, 1]);
    expect(x.dtype).toBe('float32');
    expect(x.arraySync()).toEqual([
      [[[0], [1], [2]], [[3], [4], [5]]],
      [[[250], [251], [252]], [[253], [254], [255]]],
    ]);
    x.dispose();
  });

  it('returns int32 when asked', () => {
    const x = toImageTensor(split, { dtype: 'int32' });
    expect(x.dtype).toBe('int32');
    expect(Array.from(x.dataSync())).toEqual(Array.from(split.images));
    x.dispose();
  });

  it('does not modify the split and leaks no tensor', async () => {
    const before = Array.from(split.images);
    await expectNoLeaks(() => toImageTensor(split));
    expect(Array.from(split.images)).toEqual(before);
  });

  it('handles an empty split', () => {
    const x = toImageTensor({ images: new Uint8Array(0), count: 0, rows: 28, cols: 28 });
    expect(x.shape).toEqual([0, 28, 28, 1]);
    x.dispose();
  });

  it('rejects bad input with MnistOptionError', () => {
    const n = tf.memory().numTensors;
    expect(() => toImageTensor({ ...split, count: 3 })).toThrow(
      new MnistOptionError('toImageTensor', 'split.images', 'a Uint8Array of count × rows × cols = 18 pixels', 'a Uint8Array of length 12'),
    );
    expect(() => toImageTensor({ ...split, images: new Float32Array(12) as never })).toThrow(
      'toImageTensor: split.images must be a Uint8Array of count × rows × cols = 12 pixels, got a Float32Array of length 12',
    );
    expect(() => toImageTensor({ ...split, rows: -1 })).toThrow('toImageTensor: split.rows must be a non-negative integer, got -1');
    expect(() => toImageTensor(split, { dtype: 'uint8' as never })).toThrow(MnistOptionError);
    expect(() => toImageTensor(split, { dtype: 'uint8' as never })).toThrow(
      `toImageTensor: options.dtype must be 'float32' or 'int32', got 'uint8'`,
    );
    expect(tf.memory().numTensors).toBe(n);
  });
});
