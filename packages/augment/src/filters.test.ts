import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { elasticTransform, erase, gaussianBlur, gaussianNoise, OptionError, ShapeError } from './index';

describe('gaussianBlur', () => {
  it('spreads an impulse by the normalised kernel', () => {
    const impulse = tf.tensor4d([0, 0, 1, 0, 0], [1, 1, 5, 1]);
    const out = gaussianBlur(impulse, [3, 1], { sigma: 1 });
    const e = Math.exp(-0.5);
    const k = [e / (1 + 2 * e), 1 / (1 + 2 * e), e / (1 + 2 * e)];
    expectClose(out, [0, k[0]!, k[1]!, k[2]!, 0], { atol: 1e-6 });
  });

  it('uses reflect padding and keeps constants', () => {
    expectClose(gaussianBlur(tf.fill([1, 4, 4, 2], 0.7) as tf.Tensor4D, 3), tf.fill([1, 4, 4, 2], 0.7), { atol: 1e-6 });
    // edge: [1, 0, 0] reflect-padded is [0, 1, 0, 0, 0]
    const edge = gaussianBlur(tf.tensor4d([1, 0, 0], [1, 1, 3, 1]), [3, 1], { sigma: 1 });
    const e = Math.exp(-0.5);
    expectClose(edge, [1 / (1 + 2 * e), e / (1 + 2 * e), 0], { atol: 1e-6 });
  });

  it('takes one sigma per image', () => {
    const x = tf.concat([tf.tensor4d([0, 0, 1, 0, 0], [1, 1, 5, 1]), tf.tensor4d([0, 0, 1, 0, 0], [1, 1, 5, 1])]) as tf.Tensor4D;
    const out = gaussianBlur(x, [5, 1], { sigma: [0.5, 3] }).dataSync();
    expect(out[2]!).toBeGreaterThan(out[7]!);
    expect(out[7]!).toBeGreaterThan(0.2);
  });

  it('rejects even kernels and bad sigma', () => {
    expect(() => gaussianBlur(tf.zeros([1, 4, 4, 1]) as tf.Tensor4D, 4)).toThrow('gaussianBlur: kernelSize must be an odd positive integer, got 4');
    expect(() => gaussianBlur(tf.zeros([1, 4, 4, 1]) as tf.Tensor4D, 3, { sigma: 0 })).toThrow(OptionError);
  });

  it('does not leak', async () => {
    const x = tf.randomUniform([2, 6, 6, 1]) as tf.Tensor4D;
    await expectNoLeaks(() => gaussianBlur(x, 5, { sigma: [1, 2] }));
  });
});

describe('gaussianNoise', () => {
  it('is seeded and scaled per image', () => {
    const x = tf.zeros([2, 16, 16, 1]) as tf.Tensor4D;
    const a = gaussianNoise(x, { std: [0, 1], seed: 3 });
    const b = gaussianNoise(x, { std: [0, 1], seed: 3 });
    expectClose(a, b, { atol: 0 });
    const data = a.dataSync();
    expect(data.slice(0, 256).every((v) => v === 0)).toBe(true);
    const second = Array.from(data.slice(256));
    const mean = second.reduce((s, v) => s + v, 0) / 256;
    const sd = Math.sqrt(second.reduce((s, v) => s + (v - mean) ** 2, 0) / 256);
    expect(Math.abs(mean)).toBeLessThan(0.2);
    expect(sd).toBeGreaterThan(0.8);
    expect(sd).toBeLessThan(1.2);
    const c = gaussianNoise(x, { std: 1, seed: 4 });
    expect(Array.from(c.dataSync()).some((v, i) => v !== data[i])).toBe(true);
  });

  it('clips when asked', () => {
    const out = gaussianNoise(tf.fill([1, 8, 8, 1], 0.5) as tf.Tensor4D, { std: 5, clip: [0, 1], seed: 1 }).dataSync();
    expect(Math.min(...out)).toBe(0);
    expect(Math.max(...out)).toBe(1);
  });

  it('rejects negative std', () => {
    expect(() => gaussianNoise(tf.zeros([1, 2, 2, 1]) as tf.Tensor4D, { std: -1 })).toThrow('gaussianNoise: std must be a finite number >= 0, got -1');
  });

  it('does not leak', async () => {
    const x = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
    await expectNoLeaks(() => gaussianNoise(x, { seed: 1 }));
  });
});

describe('erase', () => {
  it('sets a clipped box per image', () => {
    const x = tf.ones([2, 3, 3, 1]) as tf.Tensor4D;
    const out = erase(x, [0, 2], [1, 2], 2, [1, 5], { value: 0.5 });
    expectClose(out, [1, 0.5, 1, 1, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5]);
  });

  it('takes one value per channel', () => {
    const out = erase(tf.zeros([1, 1, 1, 2]) as tf.Tensor4D, 0, 0, 1, 1, { value: [3, 4] });
    expectClose(out, [3, 4]);
  });

  it('rejects negative sizes', () => {
    expect(() => erase(tf.zeros([1, 2, 2, 1]) as tf.Tensor4D, 0, 0, -1, 1)).toThrow('erase: height must be an integer >= 0, got -1');
  });

  it('does not leak', async () => {
    const x = tf.ones([2, 4, 4, 1]) as tf.Tensor4D;
    await expectNoLeaks(() => erase(x, 1, 1, 2, 2, { value: 0.3 }));
  });
});

describe('elasticTransform', () => {
  it('samples at pixel + displacement', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const right = tf.tensor4d(Array.from({ length: 9 }, () => [1, 0]).flat(), [1, 3, 3, 2]);
    expectClose(elasticTransform(x, right), [2, 3, 0, 5, 6, 0, 8, 9, 0], { atol: 1e-6 });
    const half = tf.tensor4d(Array.from({ length: 9 }, () => [0, 0.5]).flat(), [1, 3, 3, 2]);
    // rows 0.5, 1.5, 2.5 round half to even: 0, 2, 2
    expectClose(elasticTransform(x, half, { interpolation: 'nearest' }), [1, 2, 3, 7, 8, 9, 7, 8, 9], { atol: 1e-6 });
  });

  it('rejects a field of the wrong shape', () => {
    const x = tf.zeros([2, 3, 3, 1]) as tf.Tensor4D;
    expect(() => elasticTransform(x, tf.zeros([2, 3, 3, 1]) as tf.Tensor4D)).toThrow(ShapeError);
    expect(() => elasticTransform(x, tf.zeros([2, 3, 3, 1]) as tf.Tensor4D)).toThrow('elasticTransform: displacement must be a tensor of shape [2 or 1, 3, 3, 2], got shape [2, 3, 3, 1]');
  });

  it('does not leak', async () => {
    const x = tf.ones([2, 4, 4, 1]) as tf.Tensor4D;
    const d = tf.randomUniform([1, 4, 4, 2], -1, 1) as tf.Tensor4D;
    await expectNoLeaks(() => elasticTransform(x, d));
  });
});
