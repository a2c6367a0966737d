import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { affine, OptionError, rotate, ShapeError } from './index';

const grid3 = () => tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);

describe('affine / rotate', () => {
  it('rotates counter-clockwise by 90 degrees', () => {
    // [[1,2,3],[4,5,6],[7,8,9]] turned a quarter left
    expectClose(rotate(grid3(), 90), [3, 6, 9, 2, 5, 8, 1, 4, 7], { atol: 1e-5 });
    expectClose(affine(grid3(), { angle: 90 }), [3, 6, 9, 2, 5, 8, 1, 4, 7], { atol: 1e-5 });
    expectClose(rotate(grid3(), -90), [7, 4, 1, 8, 5, 2, 9, 6, 3], { atol: 1e-5 });
  });

  it('translates by whole and half pixels with zero fill', () => {
    expectClose(affine(grid3(), { translate: [1, 0] }), [0, 1, 2, 0, 4, 5, 0, 7, 8], { atol: 1e-6 });
    expectClose(affine(grid3(), { translate: [0, -1] }), [4, 5, 6, 7, 8, 9, 0, 0, 0], { atol: 1e-6 });
    // half a pixel right: each value is the mean of its left neighbour and itself;
    // the first column sees half of the image (mask 0.5): 0.5 * (0.5 * 1) = 0.25
    const half = affine(grid3(), { translate: [0.5, 0] });
    expectClose(half, [0.25, 1.5, 2.5, 1, 4.5, 5.5, 1.75, 7.5, 8.5], { atol: 1e-5 });
  });

  it('blends the fill value with the sampling mask (torchvision)', () => {
    // mask 0 outside: pure fill; mask 1 inside: untouched
    expectClose(affine(grid3(), { translate: [1, 0], fill: 9 }), [9, 1, 2, 9, 4, 5, 9, 7, 8], { atol: 1e-5 });
    expectClose(tf.slice(affine(grid3(), { translate: [0.5, 0], fill: 2 }), [0, 0, 0, 0], [1, 1, 1, 1]), [0.25 + 0.5 * 2], { atol: 1e-5 });
  });

  it('uses per-image parameters and nearest interpolation', () => {
    const two = tf.concat([grid3(), grid3()]) as tf.Tensor4D;
    const out = affine(two, { angle: [90, 0], translate: [[0, 1], 0], interpolation: 'nearest' });
    expectClose(out, [3, 6, 9, 2, 5, 8, 1, 4, 7, 0, 1, 2, 0, 4, 5, 0, 7, 8], { atol: 1e-5 });
  });

  it('scales about the centre', () => {
    // scale 2 on a 3x3: centre pixel stays, corners read halfway to the centre
    const out = affine(grid3(), { scale: 2 });
    expectClose(out, [3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7], { atol: 1e-5 });
  });

  it('keeps shape, dtype and every channel', () => {
    const x = tf.randomUniform([2, 5, 7, 4], 0, 1, 'float32', 1) as tf.Tensor4D;
    const out = affine(x, { angle: 30, scale: 0.8 });
    expect(out.shape).toEqual([2, 5, 7, 4]);
    expect(out.dtype).toBe('float32');
    expectClose(affine(x, {}), x, { atol: 1e-6 });
  });

  it('rejects bad parameters', () => {
    expect(() => affine(grid3(), { angle: Number.NaN })).toThrow(OptionError);
    expect(() => affine(grid3(), { angle: Number.NaN })).toThrow('affine: angle must be a finite number, got NaN');
    expect(() => affine(grid3(), { scale: 0 })).toThrow('affine: scale must be a finite number > 0, got 0');
    expect(() => affine(grid3(), { angle: [1, 2] })).toThrow('affine: angle must be a number or an array of 1 numbers (one per image), got an array of length 2');
    expect(() => affine(grid3(), { interpolation: 'cubic' as 'nearest' })).toThrow(/interpolation must be one of 'bilinear', 'nearest', got 'cubic'/);
    expect(() => affine(grid3(), { fill: [1, 2] })).toThrow(/fill must be a number or an array of 1 numbers/);
    expect(() => rotate(tf.zeros([3, 3]) as unknown as tf.Tensor4D, 10)).toThrow(ShapeError);
    expect(() => rotate(grid3(), Number.POSITIVE_INFINITY)).toThrow('rotate: angle must be a finite number, got Infinity');
  });

  it('does not leak', async () => {
    const x = grid3();
    await expectNoLeaks(() => affine(x, { angle: 10, translate: [1, 1], fill: 0.5 }));
    await expectNoLeaks(() => rotate(x, 45, { interpolation: 'nearest' }));
  });
});
