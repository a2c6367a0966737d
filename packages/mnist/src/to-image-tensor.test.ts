import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
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

  it('maps pixels onto a declared range while copying: 0 -> min, 255 -> max exactly', () => {
    const all = { images: Uint8Array.from({ length: 256 }, (_, p) => p), count: 1, rows: 16, cols: 16 };
    const symmetric = toImageTensor(all, { range: 'symmetric' });
    const values = symmetric.dataSync();
    expect(symmetric.dtype).toBe('float32');
    expect(symmetric.shape).toEqual([1, 16, 16, 1]);
    expect([values[0], values[51], values[255]]).toEqual([-1, Math.fround(-0.6), 1]);
    expect(Math.abs(values[127]! - -1 / 255)).toBeLessThan(1e-7); // 127 / 127.5 - 1
    const unit = toImageTensor(split, { range: 'unit' });
    expectClose(unit, [0, 1 / 255, 2 / 255, 3 / 255, 4 / 255, 5 / 255, 250 / 255, 251 / 255, 252 / 255, 253 / 255, 254 / 255, 1]);
    const custom = toImageTensor(split, { range: [-10, 41] }); // step 0.2
    expectClose(custom, [-10, -9.8, -9.6, -9.4, -9.2, -9, 40, 40.2, 40.4, 40.6, 40.8, 41]);
    // Every uint8 value comes back exactly from [-1, 1].
    const back = Array.from(values, (v) => Math.round((v + 1) * 127.5));
    expect(back).toEqual(Array.from(all.images));
    tf.dispose([symmetric, unit, custom]);
  });

  it('does not modify the split and leaks no tensor', async () => {
    const before = Array.from(split.images);
    await expectNoLeaks(() => toImageTensor(split));
    await expectNoLeaks(() => toImageTensor(split, { range: 'symmetric' }));
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
    expect(() => toImageTensor(split, { range: [1, 1] })).toThrow(
      `toImageTensor: options.range must be 'uint8', 'unit', 'symmetric' or [min, max] with finite min < max, got [1, 1]`,
    );
    expect(() => toImageTensor(split, { range: 'signed' as never })).toThrow(/options\.range must be .* got 'signed'$/);
    expect(() => toImageTensor(split, { range: 'unit', dtype: 'int32' })).toThrow(
      `toImageTensor: options.range must be 'uint8' when options.dtype is 'int32', got [0, 1]`,
    );
    expect(() => toImageTensor(split, { dtype: 'uint8' as never })).toThrow(
      `toImageTensor: options.dtype must be 'float32' or 'int32', got 'uint8'`,
    );
    expect(tf.memory().numTensors).toBe(n);
  });
});
