import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { clipToRange } from './clip-to-range';
import { DtypeError, RangeSpecError } from './errors';

describe('clipToRange', () => {
  it('clips hand-computed values to named and tuple ranges, keeping NaN', () => {
    expectClose(clipToRange(tf.tensor1d([-1.5, 0.25, 3, Number.NaN]), 'symmetric'), [-1, 0.25, 1, Number.NaN]);
    expectClose(clipToRange(tf.tensor1d([-0.1, 0.5, 1.1]), 'unit'), [0, 0.5, 1]);
    expectClose(clipToRange(tf.tensor1d([-7, 12, 300], 'int32'), [0, 255]), [0, 12, 255]);
  });

  it('returns float32 of the same shape without touching the input', () => {
    const x = tf.tensor4d([-7, 1, 2, 300], [1, 2, 2, 1], 'int32');
    const out = clipToRange(x, 'uint8');
    expect(out.dtype).toBe('float32');
    expect(out.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(x.dataSync())).toEqual([-7, 1, 2, 300]);
  });

  it('throws RangeSpecError for a bad range and DtypeError for a bool tensor', () => {
    const x = tf.zeros([2]);
    expect(() => clipToRange(x, [1, -1])).toThrow(RangeSpecError);
    expect(() => clipToRange(x, [1, -1])).toThrow(
      "clipToRange: range must be a pixel range: 'uint8' | 'unit' | 'symmetric' or [min, max] with finite min < max, got [1, -1]",
    );
    expect(() => clipToRange(tf.tensor1d([true], 'bool'), 'unit')).toThrow(DtypeError);
  });

  it('leaks no tensors', async () => {
    const x = tf.tensor1d([-1.5, 0.25, 3], 'float32');
    await expectNoLeaks(() => clipToRange(x, 'symmetric'));
  });
});
