import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DtypeError, OptionError, RangeSpecError, TensorError } from './errors';
import { PIXEL_RANGES } from './pixel-range';
import { scaleRange } from './scale-range';
import { toUint8 } from './to-uint8';

const allBytes = () => tf.tensor4d(Int32Array.from({ length: 256 }, (_, i) => i), [1, 16, 16, 1], 'int32');

describe('scaleRange', () => {
  it('maps hand-computed values between the named ranges', () => {
    const bytes = tf.tensor4d([0, 51, 255, 102], [1, 2, 2, 1], 'int32');
    expectClose(scaleRange(bytes, { from: 'uint8', to: 'symmetric' }), tf.tensor4d([-1, -0.6, 1, -0.2], [1, 2, 2, 1]));
    expectClose(scaleRange(bytes, { from: 'uint8', to: 'unit' }), tf.tensor4d([0, 0.2, 1, 0.4], [1, 2, 2, 1]));
    const unit = tf.tensor1d([0, 0.25, 1]);
    expectClose(scaleRange(unit, { from: 'unit', to: 'symmetric' }), [-1, -0.5, 1]);
    expectClose(scaleRange(unit, { from: 'unit', to: 'uint8' }), [0, 63.75, 255]);
    expectClose(scaleRange(tf.tensor1d([-1, 0, 0.5]), { from: 'symmetric', to: 'unit' }), [0, 0.5, 0.75]);
  });

  it('takes [min, max] tuples and the PIXEL_RANGES constants', () => {
    const x = tf.tensor1d([2, 4, 6]);
    // [2, 6] -> [10, 20]: (x - 2) / 4 * 10 + 10
    expectClose(scaleRange(x, { from: [2, 6], to: [10, 20] }), [10, 15, 20]);
    expectClose(scaleRange(x, { from: [2, 6], to: PIXEL_RANGES.symmetric }), [-1, 0, 1]);
    // factor 7/3 and divisor 3/7 are both inexact in float32: divide by 3, then multiply by 7
    expectClose(scaleRange(tf.tensor1d([0, 1.5, 3, 6]), { from: [0, 3], to: [0, 7] }), [0, 3.5, 7, 14]);
    // [-1, 1] -> [0, 255] multiplies by 127.5 exactly
    expectClose(scaleRange(tf.tensor1d([-1, 0, 1]), { from: 'symmetric', to: 'uint8' }), [0, 127.5, 255], { atol: 0, rtol: 0 });
    expect(PIXEL_RANGES).toEqual({ uint8: [0, 255], unit: [0, 1], symmetric: [-1, 1] });
  });

  it('divides by 255 exactly like torchvision ToTensor for uint8 -> unit', () => {
    const out = scaleRange(allBytes(), { from: 'uint8', to: 'unit' });
    const expected = Float32Array.from({ length: 256 }, (_, i) => i / 255);
    expect(Array.from(out.dataSync())).toEqual(Array.from(expected));
  });

  it('round-trips all 256 bytes through [-1, 1] exactly (via toUint8) and within 1e-4 as floats', () => {
    const bytes = allBytes();
    const x = scaleRange(bytes, { from: 'uint8', to: 'symmetric' });
    const xs = x.dataSync();
    expect(Math.min(...xs)).toBe(-1);
    expect(Math.max(...xs)).toBe(1);
    const back = scaleRange(x, { from: 'symmetric', to: 'uint8' });
    expectClose(back, tf.cast(bytes, 'float32'), { atol: 1e-4, rtol: 0 });
    const rounded = toUint8(x, { range: 'symmetric' });
    expect(rounded.dtype).toBe('int32');
    expect(Array.from(rounded.dataSync())).toEqual(Array.from(bytes.dataSync()));
    const viaUnit = toUint8(scaleRange(bytes, { from: 'uint8', to: 'unit' }), { range: 'unit' });
    expect(Array.from(viaUnit.dataSync())).toEqual(Array.from(bytes.dataSync()));
  });

  it('takes a tensor built from a Uint8Array (dtype int32 in tfjs)', () => {
    const bytes = tf.tensor4d(new Uint8Array([0, 255, 128, 1]), [1, 2, 2, 1]);
    expect(bytes.dtype).toBe('int32');
    expectClose(scaleRange(bytes, { from: 'uint8', to: 'unit' }), [0, 1, 128 / 255, 1 / 255]);
  });

  it('returns a new float32 tensor of the same shape and never touches the input', () => {
    const ints = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3], 'int32');
    const out = scaleRange(ints, { from: 'uint8', to: 'unit' });
    expect(out.dtype).toBe('float32');
    expect(out.shape).toEqual([1, 1, 2, 3]);
    expect(ints.isDisposed).toBe(false);
    expect(Array.from(ints.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    const floats = tf.tensor1d([0.5]);
    const same = scaleRange(floats, { from: 'unit', to: [0, 1] });
    expect(same).not.toBe(floats);
    same.dispose();
    expect(floats.isDisposed).toBe(false);
    expect(floats.dataSync()[0]).toBe(0.5);
  });

  it('clips to the target range only when asked', () => {
    const x = tf.tensor1d([-0.5, 0.5, 1.5, Number.NaN]);
    expectClose(scaleRange(x, { from: 'unit', to: 'symmetric' }), [-2, 0, 2, Number.NaN]);
    expectClose(scaleRange(x, { from: 'unit', to: 'symmetric', clip: true }), [-1, 0, 1, Number.NaN]);
    expect(() => scaleRange(x, { from: 'unit', to: 'symmetric', clip: 1 as never })).toThrow(
      'scaleRange: options.clip must be true or false, got 1',
    );
  });

  it.each([
    [{ from: [1, 0], to: 'unit' }, 'options.from', '[1, 0]'],
    [{ from: [0, 0], to: 'unit' }, 'options.from', '[0, 0]'],
    [{ from: 'unit', to: [0, Number.POSITIVE_INFINITY] }, 'options.to', '[0, Infinity]'],
    [{ from: 'unit', to: [0, Number.NaN] }, 'options.to', '[0, NaN]'],
    [{ from: 'unit', to: [0, 1, 2] }, 'options.to', '[0, 1, 2]'],
    [{ from: '0-255', to: 'unit' }, 'options.from', "'0-255'"],
    [{ from: 'toString', to: 'unit' }, 'options.from', "'toString'"],
    [{ to: 'unit' }, 'options.from', 'undefined'],
  ])('throws RangeSpecError for %j', (options, argument, actual) => {
    const x = tf.zeros([1, 2, 2, 1]);
    const call = () => scaleRange(x, options as never);
    expect(call).toThrow(RangeSpecError);
    expect(call).toThrow(
      `scaleRange: ${argument} must be a pixel range: 'uint8' | 'unit' | 'symmetric' or [min, max] with finite min < max, got ${actual}`,
    );
  });

  it('throws TensorError for a non-tensor or disposed tensor, OptionError for a misspelled option, DtypeError for a bool tensor', () => {
    expect(() => scaleRange([1, 2] as never, { from: 'unit', to: 'uint8' })).toThrow(TensorError);
    expect(() => scaleRange([1, 2] as never, { from: 'unit', to: 'uint8' })).toThrow('scaleRange: images must be a tf.Tensor, got [1, 2]');
    const bools = tf.tensor1d([true, false], 'bool');
    expect(() => scaleRange(bools, { from: 'unit', to: 'uint8' })).toThrow(DtypeError);
    expect(() => scaleRange(bools, { from: 'unit', to: 'uint8' })).toThrow('scaleRange: images must be of dtype int32 or float32, got bool');
    const gone = tf.zeros([1]);
    gone.dispose();
    expect(() => scaleRange(gone, { from: 'unit', to: 'uint8' })).toThrow('scaleRange: images must be a tf.Tensor that is not disposed, got disposed float32 tensor [1]');
    expect(() => scaleRange(tf.zeros([1]), { from: 'unit', to: 'uint8', clp: true } as never)).toThrow(OptionError);
    expect(() => scaleRange(tf.zeros([1]), { from: 'unit', to: 'uint8', clp: true } as never)).toThrow(
      "scaleRange: options.clp must be a known option (did you mean 'clip'?): from, to, clip, got the unknown key 'clp'",
    );
  });

  it('leaks no tensors', async () => {
    const bytes = allBytes();
    const x = tf.tensor1d([0.5]);
    await expectNoLeaks(() => scaleRange(bytes, { from: 'uint8', to: 'symmetric', clip: true }));
    await expectNoLeaks(() => scaleRange(x, { from: 'unit', to: 'unit' }));
    await expectNoLeaks(() => scaleRange(bytes, { from: [3, 7], to: [-2, 9] }));
    const before = tf.memory().numTensors;
    expect(() => scaleRange(bytes, { from: [1, 0], to: 'unit' })).toThrow(RangeSpecError);
    expect(tf.memory().numTensors).toBe(before);
  });
});
