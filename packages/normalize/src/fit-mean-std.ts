import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, StatsError, TensorError } from './errors';
import { describe } from '@ganforge/internal';
import { checkBoolean, checkNhwc, checkOptions, checkSizeOption } from './internal/checks';
import { describeShape } from './internal/describe';

/** A batch as {@link fitMeanStd} takes it: an NHWC tensor, or an object holding one under `images` (as {@link batches} yields). */
export type MeanStdBatch = tf.Tensor4D | { readonly images: tf.Tensor4D };

/** What {@link fitMeanStd} reads: one NHWC tensor, or a sync or async iterable of batches. */
export type MeanStdSource = tf.Tensor4D | Iterable<MeanStdBatch> | AsyncIterable<MeanStdBatch>;

/** Options of {@link fitMeanStd}. */
export interface FitMeanStdOptions {
  /**
   * Images read per step: `source` (or any larger batch of an iterable) is
   * read in slices of this many images to bound memory. Default `1024`; at
   * most `LIMITS.batch` (2^24).
   */
  batchSize?: number;
  /**
   * Divide the sum of squares by `count - 1` (sample std, PyTorch's
   * `Tensor.std()` default) instead of `count` (population std, NumPy's and
   * Keras' `Normalization.adapt`). Default `false`.
   */
  unbiased?: boolean;
  /**
   * Dispose each batch of an iterable after reading it, for generators that
   * hand over ownership (such as {@link batches}). Never applies to a single
   * tensor `source`. Default `false`.
   */
  disposeBatches?: boolean;
}

/** Per-channel statistics returned by {@link fitMeanStd}; pass it to {@link standardize}. */
export interface MeanStdStats {
  /** Mean of each channel. */
  mean: number[];
  /** Standard deviation of each channel. */
  std: number[];
  /** Number of values seen per channel (images × height × width). */
  count: number;
}

/**
 * Fits per-channel mean and standard deviation of NHWC images, streaming over
 * batches so the data never has to fit in memory at once. For every image
 * and channel the backend computes the mean and the centred sum of squares of
 * its pixels (shifted by the first pixel, so float32 accumulation stays
 * accurate); these are merged in float64 JavaScript numbers with Chan et
 * al.'s parallel update, so the result is stable for large datasets, agrees
 * across backends and does not depend on how the data is split into batches. Batches may differ in size, height and width
 * but not in channel count; int32 (e.g. `[0, 255]`) and float32 both work,
 * and the statistics come out in the input's pixel range.
 *
 * Reads values with `data()`, so it is async. Never disposes `source` or
 * its batches unless `disposeBatches` is set.
 *
 * @throws {ShapeError} when a batch is not a rank-4 NHWC tensor, or its channel count differs from the first batch's.
 * @throws {DtypeError} when a batch is not int32 or float32.
 * @throws {StatsError} when there are no values (or one value with `unbiased`), or the data holds NaN or ±Infinity.
 * @throws {TensorError} when `source` (or a batch of it) is null, not a tensor or iterable, or disposed.
 * @throws {OptionError} when `options` has an unknown key or an option is outside its domain.
 * @throws {LimitError} when `options.batchSize` is above `LIMITS.batch` (2^24).
 *
 * @example
 * const images = tf.tensor4d([0, 10, 2, 20, 4, 30, 6, 40], [2, 2, 1, 2]); // 2 channels
 * const stats = await fitMeanStd(images); // { mean: [3, 25], std: [√5, √125], count: 4 }
 * const z = standardize(images, stats);   // mean 0, std 1 per channel
 */
export async function fitMeanStd(source: MeanStdSource, options: FitMeanStdOptions = {}): Promise<MeanStdStats> {
  const fn = 'fitMeanStd';
  const resolved = checkOptions<FitMeanStdOptions>(fn, options, ['batchSize', 'unbiased', 'disposeBatches']);
  const batchSize = checkSizeOption(fn, 'options.batchSize', resolved.batchSize ?? 1024);
  const unbiased = checkBoolean(fn, 'options.unbiased', resolved.unbiased ?? false);
  const disposeBatches = checkBoolean(fn, 'options.disposeBatches', resolved.disposeBatches ?? false);

  const moments = new Moments();
  if (source instanceof tf.Tensor) {
    checkNhwc(fn, 'source', source);
    const n = source.shape[0];
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      await moments.update(source, start, size);
    }
  } else if (typeof source !== 'string' && (isIterable(source) || isAsyncIterable(source))) {
    let index = 0;
    for await (const item of source as AsyncIterable<unknown>) {
      const batch = item instanceof tf.Tensor ? item : (item as { images?: unknown } | null)?.images;
      const argument = `source batch ${index}`;
      try {
        checkNhwc(fn, argument, batch);
        if (moments.channels !== undefined && batch.shape[3] !== moments.channels) {
          throw new ShapeError({
            functionName: fn,
            argument,
            expected: `NHWC with ${moments.channels} channels like the batches before it`,
            actual: describeShape(batch.shape),
          });
        }
        for (let start = 0; start < batch.shape[0]; start += batchSize) {
          await moments.update(batch, start, Math.min(batchSize, batch.shape[0] - start));
        }
      } finally {
        if (disposeBatches) disposeBatch(item);
      }
      index++;
    }
  } else {
    throw new TensorError({
      functionName: fn,
      argument: 'source',
      expected: 'an NHWC tf.Tensor4D or an iterable or async iterable of them',
      actual: describe(source),
    });
  }
  return moments.result(fn, unbiased);
}

/** Per-channel running count, mean and centred sum of squares (M2), in float64. */
class Moments {
  channels: number | undefined;
  private count = 0;
  private mean: number[] = [];
  private m2: number[] = [];

  /**
   * Adds images [start, start + size) of an NHWC batch. The backend computes,
   * per image and channel, a shift K (the first pixel), the mean of x - K and
   * the centred sum of squares: sums of at most height × width small values,
   * accurate even where the backend accumulates in float32. Everything past
   * that is merged here in float64.
   */
  async update(batch: tf.Tensor4D, start: number, size: number): Promise<void> {
    const [, h, w, c] = batch.shape;
    const hw = h * w;
    this.channels ??= c;
    if (size === 0 || hw === 0) return;
    const packed = tf.tidy(() => {
      const part = start === 0 && size === batch.shape[0] ? batch : tf.slice(batch, [start, 0, 0, 0], [size, h, w, c]);
      const flat = tf.cast(part, 'float32');
      // [size, c, hw]: reduce over the innermost axis (no per-reduction transposes on cpu).
      const x = c === 1 ? tf.reshape(flat, [size, 1, hw]) : tf.transpose(tf.reshape(flat, [size, hw, c]), [0, 2, 1]);
      const shift = tf.slice(x, [0, 0, 0], [size, c, 1]);
      const d = tf.sub(x, shift);
      const mean = tf.mean(d, 2, true);
      const m2 = tf.sum(tf.square(tf.sub(d, mean)), 2, true);
      return tf.concat([shift, mean, m2], 2); // [size, c, 3]
    });
    let values: Float32Array;
    try {
      values = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    for (let k = 0; k < c; k++) {
      // The images have equal counts: batch mean is the mean of image means,
      // batch M2 the sum of image M2s plus hw × the spread of image means.
      let sum = 0;
      for (let i = 0; i < size; i++) sum += values[(i * c + k) * 3]! + values[(i * c + k) * 3 + 1]!;
      const batchMean = sum / size;
      let batchM2 = 0;
      for (let i = 0; i < size; i++) {
        const at = (i * c + k) * 3;
        const delta = values[at]! + values[at + 1]! - batchMean;
        batchM2 += values[at + 2]! + hw * delta * delta;
      }
      this.merge(k, size * hw, batchMean, batchM2);
    }
    this.count += size * hw;
  }

  /** Chan, Golub & LeVeque (1979): merges a part (n, mean, M2) into channel k (count updated by the caller). */
  private merge(k: number, n: number, mean: number, m2: number): void {
    if (this.count === 0) {
      this.mean[k] = mean;
      this.m2[k] = m2;
      return;
    }
    const total = this.count + n;
    const delta = mean - this.mean[k]!;
    this.mean[k] = this.mean[k]! + (delta * n) / total;
    this.m2[k] = this.m2[k]! + m2 + ((delta * delta * this.count) / total) * n;
  }

  result(functionName: string, unbiased: boolean): MeanStdStats {
    const needed = unbiased ? 2 : 1;
    if (this.count < needed) {
      throw new StatsError({
        functionName,
        argument: 'source',
        expected: unbiased ? 'data with at least 2 values per channel for an unbiased std' : 'non-empty (at least 1 value per channel)',
        actual: `${this.count} value${this.count === 1 ? '' : 's'}`,
      });
    }
    const divisor = unbiased ? this.count - 1 : this.count;
    const std = this.m2.map((m2) => Math.sqrt(Math.max(m2, 0) / divisor));
    this.mean.forEach((mean, k) => {
      if (!Number.isFinite(mean) || !Number.isFinite(std[k]!)) {
        throw new StatsError({
          functionName,
          argument: 'source',
          expected: 'finite pixel values',
          actual: `NaN or Infinity in channel ${k} (mean ${mean}, std ${std[k]})`,
        });
      }
    });
    return { mean: [...this.mean], std, count: this.count };
  }
}

/** Disposes a batch tensor, or the `images` and `labels` tensors of a batch object. */
function disposeBatch(item: unknown): void {
  if (item instanceof tf.Tensor) {
    item.dispose();
  } else if (item !== null && typeof item === 'object') {
    const { images, labels } = item as { images?: unknown; labels?: unknown };
    if (images instanceof tf.Tensor) images.dispose();
    if (labels instanceof tf.Tensor) labels.dispose();
  }
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return value != null && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return value != null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}
