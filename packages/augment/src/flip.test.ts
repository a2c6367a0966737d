import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { horizontalFlip, OptionError, ShapeError, verticalFlip } from './index';

// 2 images of 2x3, 1 channel: image n holds 10n + (0..5)
const x = () => tf.tensor4d([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15], [2, 2, 3, 1]);

describe('horizontalFlip / verticalFlip', () => {
  it('mirrors columns and rows', () => {
    const input = x();
    expectClose(horizontalFlip(input), tf.tensor4d([2, 1, 0, 5, 4, 3, 12, 11, 10, 15, 14, 13], [2, 2, 3, 1]));
    expectClose(verticalFlip(input), tf.tensor4d([3, 4, 5, 0, 1, 2, 13, 14, 15, 10, 11, 12], [2, 2, 3, 1]));
    expect(Array.from(input.dataSync())).toEqual([0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15]);
  });

  it('flips only the images named by `which`', () => {
    expectClose(horizontalFlip(x(), { which: [false, true] }), [0, 1, 2, 3, 4, 5, 12, 11, 10, 15, 14, 13]);
  });

  it('keeps shape and dtype for any channel count', () => {
    const out = horizontalFlip(tf.ones([3, 4, 5, 7]) as tf.Tensor4D);
    expect(out.shape).toEqual([3, 4, 5, 7]);
    expect(out.dtype).toBe('float32');
  });

  it('keeps channels together', () => {
    const input = tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]);
    expectClose(horizontalFlip(input), [3, 4, 1, 2]);
  });

  it('rejects bad input with a named error', () => {
    expect(() => horizontalFlip(tf.zeros([28, 28, 1]) as unknown as tf.Tensor4D)).toThrow(ShapeError);
    expect(() => horizontalFlip(tf.zeros([28, 28, 1]) as unknown as tf.Tensor4D)).toThrow('horizontalFlip: images must be rank 4 [batch, h, w, c], got rank 3 [28, 28, 1]');
    expect(() => verticalFlip(x(), { which: [true] })).toThrow(OptionError);
    expect(() => verticalFlip(x(), { which: [true] })).toThrow(/verticalFlip: which must be a boolean or an array of 2 booleans/);
    expect(() => horizontalFlip(tf.zeros([1, 2, 2, 1], 'int32') as tf.Tensor4D)).toThrow(/must be a float32 tensor, got dtype int32/);
  });

  it('does not leak', async () => {
    const input = x();
    await expectNoLeaks(() => horizontalFlip(input));
    await expectNoLeaks(() => verticalFlip(input, { which: [true, false] }));
  });
});
