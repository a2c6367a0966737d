import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { LimitError, MnistOptionError, OptionError, toImageTensor } from './index';

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
    const symmetric = toImageTensor(all, { pixelRange: 'symmetric' });
    const values = symmetric.dataSync();
    expect(symmetric.dtype).toBe('float32');
    expect(symmetric.shape).toEqual([1, 16, 16, 1]);
    expect([values[0], values[51], values[255]]).toEqual([-1, Math.fround(-0.6), 1]);
    expect(Math.abs(values[127]! - -1 / 255)).toBeLessThan(1e-7); // 127 / 127.5 - 1
    const unit = toImageTensor(split, { pixelRange: 'unit' });
    expectClose(unit, [0, 1 / 255, 2 / 255, 3 / 255, 4 / 255, 5 / 255, 250 / 255, 251 / 255, 252 / 255, 253 / 255, 254 / 255, 1]);
    const custom = toImageTensor(split, { pixelRange: [-10, 41] }); // step 0.2
    expectClose(custom, [-10, -9.8, -9.6, -9.4, -9.2, -9, 40, 40.2, 40.4, 40.6, 40.8, 41]);
    // Every uint8 value comes back exactly from [-1, 1].
    const back = Array.from(values, (v) => Math.round((v + 1) * 127.5));
    expect(back).toEqual(Array.from(all.images));
    tf.dispose([symmetric, unit, custom]);
  });

  it('does not modify the split and leaks no tensor', async () => {
    const before = Array.from(split.images);
    await expectNoLeaks(() => toImageTensor(split));
    await expectNoLeaks(() => toImageTensor(split, { pixelRange: 'symmetric' }));
    expect(Array.from(split.images)).toEqual(before);
  });

  it('handles an empty split', () => {
    const x = toImageTensor({ images: new Uint8Array(0), count: 0, rows: 28, cols: 28 });
    expect(x.shape).toEqual([0, 28, 28, 1]);
    x.dispose();
  });

  it('rejects bad input with OptionError (also caught as the deprecated MnistOptionError)', () => {
    const n = tf.memory().numTensors;
    expect(() => toImageTensor({ ...split, count: 3 })).toThrow(
      new OptionError({
        functionName: 'toImageTensor',
        argument: 'split.images',
        expected: 'a Uint8Array of count × rows × cols = 18 pixels',
        actual: 'Uint8Array [0, 1, 2, 3, 4, 5, 250, 251, ... (12 items)]',
      }),
    );
    expect(() => toImageTensor({ ...split, count: 3 })).toThrow(MnistOptionError);
    expect(() => toImageTensor({ ...split, images: new Float32Array(2) as never })).toThrow(
      'toImageTensor: split.images must be a Uint8Array of count × rows × cols = 12 pixels, got Float32Array [0, 0]',
    );
    expect(() => toImageTensor({ ...split, rows: -1 })).toThrow('toImageTensor: split.rows must be a non-negative integer, got -1');
    expect(() => toImageTensor(null as never)).toThrow(
      'toImageTensor: split must be an object { images, count, rows, cols } such as loadMnist returns, got null',
    );
    expect(() => toImageTensor(split, { dtype: 'uint8' as never })).toThrow(OptionError);
    expect(() => toImageTensor(split, { pixelRange: [1, 1] })).toThrow(
      `toImageTensor: options.pixelRange must be a pixel range: 'uint8' | 'unit' | 'symmetric' or [min, max] with finite min < max, got [1, 1]`,
    );
    expect(() => toImageTensor(split, { pixelRange: 'signed' as never })).toThrow(/options\.pixelRange must be .* got 'signed'$/);
    expect(() => toImageTensor(split, { pixelRange: 'unit', dtype: 'int32' })).toThrow(
      `toImageTensor: options.pixelRange must be 'uint8' when options.dtype is 'int32', got [0, 1]`,
    );
    expect(() => toImageTensor(split, { dtype: 'uint8' as never })).toThrow(
      `toImageTensor: options.dtype must be one of 'float32', 'int32', got 'uint8'`,
    );
    expect(() => toImageTensor(split, { rnage: 'unit' } as never)).toThrow(
      "toImageTensor: options.rnage must be a known option (did you mean 'range'?): pixelRange, dtype, got the unknown key 'rnage'",
    );
    expect(tf.memory().numTensors).toBe(n);
  });

  it('checks the size before allocating', () => {
    expect(() => toImageTensor({ images: new Uint8Array(0), count: 1e6, rows: 1e6, cols: 1 })).toThrow(LimitError);
    expect(() => toImageTensor({ images: new Uint8Array(0), count: 1e6, rows: 1e6, cols: 1 })).toThrow(
      'toImageTensor: split must be an image side <= 16384 (LIMITS.imageSide), got shape [1000000, 1000000, 1, 1]',
    );
    expect(() => toImageTensor({ images: new Uint8Array(0), count: 1e7, rows: 1000, cols: 1000 })).toThrow(
      'toImageTensor: split must be at most 2147483647 elements (LIMITS.tensorElements), got shape [10000000, 1000, 1000, 1] (10000000000000 elements)',
    );
  });

  it('takes the deprecated range option with a one-time warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const x = toImageTensor(split, { range: 'unit' });
      expect(x.dataSync()[11]).toBe(1);
      x.dispose();
      expect(warn.mock.calls).toEqual([['toImageTensor: options.range is deprecated and will be removed in the next minor version; use options.pixelRange']]);
      expect(() => toImageTensor(split, { range: 'unit', pixelRange: 'unit' })).toThrow(OptionError);
    } finally {
      warn.mockRestore();
    }
  });
});
