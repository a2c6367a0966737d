import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { crop, OptionError, pad, resize, ShapeError } from './index';

// one 3x4 image, values 0..11 row-major
const img = () => tf.tensor4d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [1, 3, 4, 1]);

describe('crop', () => {
  it('cuts a window, reading 0 outside the image', () => {
    expectClose(crop(img(), 1, 1, 2, 2), [5, 6, 9, 10]);
    expectClose(crop(img(), -1, 2, 2, 3), [0, 0, 0, 2, 3, 0]);
    const two = tf.concat([img(), img()]) as tf.Tensor4D;
    expectClose(crop(two, [0, 2], [0, 3], 1, 1), [0, 11]);
  });

  it('gives [N, height, width, C]', () => {
    const out = crop(tf.zeros([2, 5, 5, 3]) as tf.Tensor4D, 0, 0, 4, 2);
    expect(out.shape).toEqual([2, 4, 2, 3]);
    expect(out.dtype).toBe('float32');
  });

  it('rejects bad sizes', () => {
    expect(() => crop(img(), 0, 0, 0, 2)).toThrow(OptionError);
    expect(() => crop(img(), 0, 0, -1, 2)).toThrow('crop: height must be a positive integer <= 16384 (LIMITS.imageSide), got -1');
    expect(() => crop(img(), 0.5, 0, 1, 2)).toThrow('crop: top must be an integer, got 0.5');
    expect(() => crop(tf.zeros([3, 4]) as unknown as tf.Tensor4D, 0, 0, 1, 1)).toThrow(ShapeError);
  });

  it('does not leak', async () => {
    const x = img();
    await expectNoLeaks(() => crop(x, -1, -1, 3, 3));
  });
});

describe('pad', () => {
  const row = () => tf.tensor4d([1, 2, 3], [1, 1, 3, 1]);
  it('pads with every mode', () => {
    expectClose(pad(row(), [2, 0], { fill: 9 }), [9, 9, 1, 2, 3, 9, 9]);
    expectClose(pad(row(), [2, 0], { mode: 'edge' }), [1, 1, 1, 2, 3, 3, 3]);
    expectClose(pad(row(), [2, 0], { mode: 'reflect' }), [3, 2, 1, 2, 3, 2, 1]);
    expectClose(pad(row(), [2, 0], { mode: 'symmetric' }), [2, 1, 1, 2, 3, 3, 2]);
  });

  it('takes [left, top, right, bottom]', () => {
    const out = pad(row(), [1, 1, 0, 0]);
    expect(out.shape).toEqual([1, 2, 4, 1]);
    expectClose(out, [0, 0, 0, 0, 0, 1, 2, 3]);
  });

  it('rejects bad padding', () => {
    expect(() => pad(row(), -1)).toThrow('pad: padding must be an integer >= 0, got -1');
    expect(() => pad(row(), [1, 2, 3])).toThrow(/pad: padding must be a number or an array of 2 or 4 numbers/);
    expect(() => pad(row(), 1, { mode: 'wrap' as 'edge' })).toThrow(OptionError);
  });

  it('does not leak', async () => {
    const x = row();
    await expectNoLeaks(() => pad(x, 2, { mode: 'reflect' }));
  });
});

describe('resize', () => {
  it('interpolates with half-pixel centres', () => {
    // 1x2 -> 1x4: sources -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped neighbour)
    const line = tf.tensor4d([0, 4], [1, 1, 2, 1]);
    expectClose(resize(line, [1, 4]), [0, 1, 3, 4]);
    expectClose(resize(line, [1, 4], { interpolation: 'nearest' }), [0, 0, 4, 4]);
    // 4 -> 2 averages neighbouring pairs (no antialiasing)
    expectClose(resize(tf.tensor4d([0, 2, 4, 6], [1, 1, 4, 1]), [1, 2]), [1, 5]);
  });

  it('resizes the shorter side when given a number', () => {
    expect(resize(tf.zeros([2, 4, 8, 3]) as tf.Tensor4D, 2).shape).toEqual([2, 2, 4, 3]);
    expect(resize(tf.zeros([1, 9, 6, 1]) as tf.Tensor4D, 4).shape).toEqual([1, 6, 4, 1]);
  });

  it('rejects bad sizes', () => {
    expect(() => resize(img(), [0, 2])).toThrow('resize: size[0] must be a positive integer <= 16384 (LIMITS.imageSide), got 0');
    expect(() => resize(img(), [2, 2, 2] as unknown as [number, number])).toThrow(OptionError);
  });

  it('does not leak', async () => {
    const x = img();
    await expectNoLeaks(() => resize(x, [5, 7]));
  });
});
