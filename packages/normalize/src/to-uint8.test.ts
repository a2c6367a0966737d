import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { DtypeError, OptionError, RangeSpecError, TensorError } from './errors';
import { toUint8 } from './to-uint8';

describe('toUint8', () => {
  it('maps, clips and rounds hand-computed values', () => {
    const fake = tf.tensor4d([-1, -0.2, 0.999, 1.7], [1, 2, 2, 1]);
    const out = toUint8(fake, { pixelRange: 'symmetric' });
    expect(out.dtype).toBe('int32');
    expect(out.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(out.dataSync())).toEqual([0, 102, 255, 255]);
    // [0, 1] * 255: 0.1 -> 25.5 -> 26 (tie to even), 0.3 -> 76.5 -> 76, -0.5 -> 0
    const unit = tf.tensor1d([0, 0.1, 0.3, 0.5, -0.5, 2]);
    expect(Array.from(toUint8(unit, { pixelRange: 'unit' }).dataSync())).toEqual([0, 26, 76, 128, 0, 255]);
    // already bytes: values pass through, clipped
    expect(Array.from(toUint8(tf.tensor1d([-3, 7, 256], 'int32'), { pixelRange: 'uint8' }).dataSync())).toEqual([0, 7, 255]);
    // custom range [10, 20]: 15 -> 127.5 -> 128 (tie to even)
    expect(Array.from(toUint8(tf.tensor1d([10, 15, 20]), { pixelRange: [10, 20] }).dataSync())).toEqual([0, 128, 255]);
  });

  it('rounds ties to even like tf.round', () => {
    // [0, 255] identity: exact ties
    const ties = tf.tensor1d([0.5, 1.5, 2.5, 254.5]);
    expect(Array.from(toUint8(ties, { pixelRange: 'uint8' }).dataSync())).toEqual([0, 2, 2, 254]);
  });

  it('turns NaN into 0 and ±Infinity into the bounds', () => {
    const x = tf.tensor1d([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(Array.from(toUint8(x, { pixelRange: 'unit' }).dataSync())).toEqual([0, 255, 0]);
  });

  it('does not touch the input', () => {
    const x = tf.tensor1d([0.25, 0.75]);
    toUint8(x, { pixelRange: 'unit' }).dispose();
    expect(x.isDisposed).toBe(false);
    expect(Array.from(x.dataSync())).toEqual([0.25, 0.75]);
  });

  it('throws RangeSpecError, OptionError and DtypeError for bad input', () => {
    const x = tf.zeros([2]);
    expect(() => toUint8(x, { pixelRange: [0, -1] })).toThrow(RangeSpecError);
    expect(() => toUint8(x, { pixelRange: [0, -1] })).toThrow(
      "toUint8: options.pixelRange must be a pixel range: 'uint8' | 'unit' | 'symmetric' or [min, max] with finite min < max, got [0, -1]",
    );
    expect(() => toUint8(x, {} as never)).toThrow('toUint8: options.pixelRange must be a pixel range');
    expect(() => toUint8(x, undefined as never)).toThrow(RangeSpecError);
    expect(() => toUint8(x, 'unit' as never)).toThrow(OptionError);
    expect(() => toUint8(x, 'unit' as never)).toThrow("toUint8: options must be an options object or undefined, got 'unit'");
    expect(() => toUint8(tf.tensor1d([true], 'bool'), { pixelRange: 'unit' })).toThrow(DtypeError);
  });

  it('takes the deprecated range option with a one-time warning, and rejects misspellings', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const x = tf.tensor1d([-1, 0, 1]);
      expect(Array.from(toUint8(x, { range: 'symmetric' }).dataSync())).toEqual([0, 128, 255]);
      expect(Array.from(toUint8(x, { range: [-1, 1] }).dataSync())).toEqual([0, 128, 255]);
      expect(warn.mock.calls).toEqual([['toUint8: options.range is deprecated and will be removed in the next minor version; use options.pixelRange']]);
      expect(() => toUint8(x, { range: 'unit', pixelRange: 'unit' } as never)).toThrow(OptionError);
      expect(() => toUint8(x, { pixelRange: 'unit', clipp: true } as never)).toThrow(
        "toUint8: options.clipp must be a known option: pixelRange, got the unknown key 'clipp'",
      );
      expect(() => toUint8(null as never, { pixelRange: 'unit' })).toThrow(TensorError);
    } finally {
      warn.mockRestore();
    }
  });

  it('leaks no tensors', async () => {
    const x = tf.tensor4d([-1, -0.2, 0.999, Number.NaN], [1, 2, 2, 1]);
    await expectNoLeaks(() => toUint8(x, { pixelRange: 'symmetric' }));
    const bytes = tf.tensor1d([1, 2], 'int32');
    await expectNoLeaks(() => toUint8(bytes, { pixelRange: 'uint8' }));
  });
});
