import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batches } from './batches';
import { DtypeError, LimitError, OptionError, ShapeError, StatsError, TensorError } from './errors';
import { fitMeanStd } from './fit-mean-std';
import { standardize } from './standardize';

/** Reference mean and population/sample std of the channels of NHWC data, in float64. */
function reference(data: ArrayLike<number>, channels: number, unbiased = false) {
  const n = data.length / channels;
  const mean = Array.from({ length: channels }, (_, k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[i * channels + k]!;
    return s / n;
  });
  const std = mean.map((m, k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (data[i * channels + k]! - m) ** 2;
    return Math.sqrt(s / (unbiased ? n - 1 : n));
  });
  return { mean, std, count: n };
}

/** Deterministic pseudo-random float32 data. */
function pseudoRandom(length: number, scale = 1, offset = 0): Float32Array {
  let x = 12345;
  return Float32Array.from({ length }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return offset + (x / 2 ** 32) * scale;
  });
}

describe('fitMeanStd', () => {
  it('fits hand-computed per-channel mean and std', async () => {
    // channel 0: 0, 2, 4, 6 -> mean 3, variance (9+1+1+9)/4 = 5; channel 1: 10..40 -> mean 25, variance 125
    const images = tf.tensor4d([0, 10, 2, 20, 4, 30, 6, 40], [2, 2, 1, 2]);
    const stats = await fitMeanStd(images);
    expect(stats.count).toBe(4);
    expectClose(stats.mean, [3, 25], { atol: 1e-6 });
    expectClose(stats.std, [Math.sqrt(5), Math.sqrt(125)], { atol: 1e-5 });
    const sample = await fitMeanStd(images, { unbiased: true });
    expectClose(sample.std, [Math.sqrt(20 / 3), Math.sqrt(500 / 3)], { atol: 1e-5 });
    const z = standardize(images, stats);
    const again = await fitMeanStd(z);
    expectClose(again.mean, [0, 0], { atol: 1e-6 });
    expectClose(again.std, [1, 1], { atol: 1e-5 });
  });

  it('fits 1-channel int32 bytes in their own range', async () => {
    const bytes = tf.tensor4d([0, 255, 255, 0, 0, 0, 0, 0], [2, 2, 2, 1], 'int32');
    const stats = await fitMeanStd(bytes);
    expect(stats.mean).toHaveLength(1);
    expectClose(stats.mean, [63.75]);
    expectClose(stats.std, [Math.sqrt(2 * 191.25 ** 2 + 6 * 63.75 ** 2) / Math.sqrt(8)], { atol: 1e-4 });
  });

  it('gives the same result however the data is split, sync or async, and matches a float64 reference', async () => {
    const data = pseudoRandom(37 * 5 * 4 * 3, 255);
    const images = tf.tensor4d(data, [37, 5, 4, 3]);
    const expected = reference(data, 3);
    const whole = await fitMeanStd(images, { batchSize: 1000 });
    const sliced = await fitMeanStd(images, { batchSize: 4 });
    const split = [tf.slice(images, 0, 1), tf.slice(images, 1, 20), tf.slice(images, 21, 16)] as tf.Tensor4D[];
    const fromArray = await fitMeanStd(split);
    const fromArraySliced = await fitMeanStd(split, { batchSize: 3 });
    async function* stream() {
      for (const t of split) yield { images: t };
    }
    const fromAsync = await fitMeanStd(stream());
    for (const stats of [whole, sliced, fromArray, fromArraySliced, fromAsync]) {
      expect(stats.count).toBe(37 * 5 * 4);
      expectClose(stats.mean, expected.mean, { atol: 1e-4, rtol: 1e-6 });
      expectClose(stats.std, expected.std, { atol: 1e-4, rtol: 1e-6 });
    }
    expect(split.every((t) => !t.isDisposed)).toBe(true);
    tf.dispose(split);
  });

  it('stays accurate for a large offset with a small spread (no sum-of-squares cancellation)', async () => {
    // values 1000 + [0, 0.01): a naive float32 E[x²] - E[x]² loses all digits here
    const data = pseudoRandom(64 * 8 * 8, 0.01, 1000);
    const images = tf.tensor4d(data, [64, 8, 8, 1]);
    const expected = reference(data, 1);
    const stats = await fitMeanStd(images, { batchSize: 7 });
    expectClose(stats.mean, expected.mean, { atol: 1e-4, rtol: 0 });
    expectClose(stats.std, expected.std, { atol: 0, rtol: 1e-3 });
  });

  const fashion = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';
  it.skipIf(!existsSync(fashion))(
    'matches a float64 reference on 1,000 real Fashion-MNIST images in [0, 1] (skipped when Debian dataset-fashion-mnist is not installed)',
    async () => {
      const bytes = gunzipSync(readFileSync(fashion)).subarray(16, 16 + 1000 * 784);
      const unit = new Float32Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) unit[i] = bytes[i]! / 255;
      const expected = reference(unit, 1);
      const stats = await fitMeanStd(tf.tensor4d(unit, [1000, 28, 28, 1]), { batchSize: 300 });
      expectClose(stats.mean, expected.mean, { atol: 1e-7, rtol: 1e-6 });
      expectClose(stats.std, expected.std, { atol: 1e-7, rtol: 1e-6 });
      // the published Fashion-MNIST statistics are about 0.286 / 0.353
      expect(Math.abs(stats.mean[0]! - 0.286)).toBeLessThan(0.01);
      expect(Math.abs(stats.std[0]! - 0.353)).toBeLessThan(0.01);
    },
  );

  it('takes the batches iterator and disposes what it yields with disposeBatches', async () => {
    const data = pseudoRandom(10 * 2 * 2 * 1, 1);
    const images = tf.tensor4d(data, [10, 2, 2, 1]);
    const before = tf.memory().numTensors;
    const stats = await fitMeanStd(batches(images, { batchSize: 3, seed: 1 }), { disposeBatches: true });
    expect(tf.memory().numTensors).toBe(before);
    const expected = reference(data, 1);
    expectClose(stats.mean, expected.mean, { atol: 1e-6 });
    expectClose(stats.std, expected.std, { atol: 1e-6 });
  });

  it('handles batches of different sizes and empty batches', async () => {
    const a = tf.tensor4d([1, 2], [1, 1, 2, 1]);
    const b = tf.zeros([0, 3, 3, 1]) as tf.Tensor4D;
    const c = tf.tensor4d([3, 4, 5, 6, 7, 8, 9, 10, 11], [1, 3, 3, 1]);
    const stats = await fitMeanStd([a, b, c]);
    expect(stats.count).toBe(11);
    expectClose(stats.mean, [6]);
    expectClose(stats.std, [Math.sqrt(10)], { atol: 1e-5 });
  });

  it('throws StatsError for no data, one value with unbiased, and NaN data', async () => {
    await expect(fitMeanStd([])).rejects.toThrow(StatsError);
    await expect(fitMeanStd([])).rejects.toThrow('fitMeanStd: source must be non-empty (at least 1 value per channel), got 0 values');
    await expect(fitMeanStd(tf.zeros([1, 1, 1, 2]) as tf.Tensor4D, { unbiased: true })).rejects.toThrow(
      'fitMeanStd: source must be data with at least 2 values per channel for an unbiased std, got 1 value',
    );
    await expect(fitMeanStd(tf.tensor4d([1, Number.NaN], [1, 1, 1, 2]))).rejects.toThrow(
      'fitMeanStd: source must be finite pixel values, got NaN or Infinity in channel 1 (mean NaN, std NaN)',
    );
  });

  it('throws ShapeError, TensorError, DtypeError, OptionError and LimitError for bad input', async () => {
    await expect(fitMeanStd(tf.zeros([4, 4, 1]) as never)).rejects.toThrow(ShapeError);
    await expect(fitMeanStd(tf.zeros([4, 4, 1]) as never)).rejects.toThrow(
      'fitMeanStd: source must be rank 4 [batch, height, width, channels], got rank 3 [4, 4, 1]',
    );
    const one = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    const three = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    await expect(fitMeanStd([one, three])).rejects.toThrow(
      'fitMeanStd: source batch 1 must be NHWC with 1 channels like the batches before it, got rank 4 [1, 2, 2, 3]',
    );
    await expect(fitMeanStd([one, 5] as never)).rejects.toThrow('fitMeanStd: source batch 1 must be a tf.Tensor, got undefined');
    await expect(fitMeanStd(42 as never)).rejects.toThrow(
      'fitMeanStd: source must be an NHWC tf.Tensor4D or an iterable or async iterable of them, got 42',
    );
    await expect(fitMeanStd('abc' as never)).rejects.toThrow(TensorError);
    await expect(fitMeanStd(null as never)).rejects.toThrow('fitMeanStd: source must be an NHWC tf.Tensor4D or an iterable or async iterable of them, got null');
    await expect(fitMeanStd(tf.zeros([1, 1, 1, 1], 'bool') as never)).rejects.toThrow(DtypeError);
    await expect(fitMeanStd(one, { batchSize: 0 })).rejects.toThrow(OptionError);
    await expect(fitMeanStd(one, { batchSize: 0 })).rejects.toThrow('fitMeanStd: options.batchSize must be a positive integer <= 16777216 (LIMITS.batch), got 0');
    await expect(fitMeanStd(one, { batchSize: 1e12 })).rejects.toThrow(LimitError);
    await expect(fitMeanStd(one, { unbaised: true } as never)).rejects.toThrow("fitMeanStd: options.unbaised must be a known option (did you mean 'unbiased'?)");
  });

  it('leaks no tensors, also when it throws', async () => {
    const images = tf.tensor4d(pseudoRandom(9 * 3 * 3 * 2), [9, 3, 3, 2]);
    await expectNoLeaks(() => fitMeanStd(images, { batchSize: 4 }));
    await expectNoLeaks(() => fitMeanStd([images, images]));
    const before = tf.memory().numTensors;
    await expect(fitMeanStd([images, tf.zeros([1, 1, 1, 3]) as tf.Tensor4D], { disposeBatches: true })).rejects.toThrow(ShapeError);
    // disposeBatches disposed both batches it saw, including the bad one
    expect(images.isDisposed).toBe(true);
    expect(tf.memory().numTensors).toBe(before - 1);
  });
});
