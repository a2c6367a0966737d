import * as tf from '@tensorflow/tfjs-core';
import { checkSize, LIMITS } from '@ganforge/internal';
import { DtypeError, LimitError, OptionError, ShapeError } from './errors';
import { checkKeys, checkTensor, describeShape, describeValue } from './internal/checks';
import type { LabelledBatch } from './gan-step';
import { RandomStream } from './random-stream';

/**
 * Where a batch sits in training.
 *
 * @example
 * const batch = await source.batch(0, { epoch: 0, seed: 12345 });
 */
export interface BatchContext {
  /** 0-based epoch. */
  epoch: number;
  /** Seed that fixes this epoch's order (drawn from the run's random stream at the epoch's start). */
  seed: number;
}

/**
 * The data interface of {@link train}: random access to the batches of an epoch,
 * so that a resumed run continues mid-epoch with the same order. `batch(index,
 * { epoch, seed })` must return the same values for the same arguments (derive any
 * shuffling from `seed`) and a tensor the trainer may dispose (not a cached one).
 * `@ganforge/normalize`'s batch iterator, a file-backed loader or {@link tensorBatches}
 * all fit behind it.
 *
 * @example
 * const source: BatchSource = {
 *   batchesPerEpoch: 10,
 *   batch: (index, { seed }) => loadShuffledBatch(index, seed), // [batch, h, w, c] in [-1, 1]
 * };
 * const labelled: BatchSource<LabelledBatch> = { batchesPerEpoch: 10, batch: (index, { seed }) => loadWithLabels(index, seed) };
 */
export interface BatchSource<B extends tf.Tensor | LabelledBatch = tf.Tensor> {
  /** Number of batches in one epoch (>= 1). */
  readonly batchesPerEpoch: number;
  /** Batch `index` (0-based, < batchesPerEpoch) of an epoch: images, or `{ images, labels }` for a conditional step. */
  batch(index: number, context: BatchContext): B | Promise<B>;
}

/**
 * What {@link tensorBatches} returns: a {@link BatchSource} whose batches are ready at once
 * (images, or `{ images, labels }` with `options.labels`).
 *
 * @example
 * const { images, labels } = tensorBatches(x, { batchSize: 64, labels: y }).batch(0, { epoch: 0, seed: 1 });
 */
export interface TensorBatchSource<B extends tf.Tensor | LabelledBatch> extends BatchSource<B> {
  batch(index: number, context: BatchContext): B;
}

/**
 * Options of {@link tensorBatches}.
 *
 * @example
 * tensorBatches(images, { batchSize: 64, shuffle: true, dropRemainder: true }); // full batches only
 */
export interface TensorBatchesOptions {
  /** Samples per batch. */
  batchSize: number;
  /** Reorder the samples every epoch (from the epoch seed). Default true. */
  shuffle?: boolean;
  /** Drop the last, smaller batch of an epoch (a GAN trainer that needs full batches passes true). Default false, as everywhere in ganforge. */
  dropRemainder?: boolean;
  /**
   * Class labels `[n]` or `[n, 1]` int32, one per sample: batches are then
   * `{ images, labels }` (for a conditional step, `createGanStep({ numClasses })`), the
   * labels gathered in the same order. Not copied nor disposed. Default none.
   */
  labels?: tf.Tensor;
}

/**
 * A {@link BatchSource} over an in-memory tensor `[n, ...]` (e.g. NHWC images in [-1, 1]).
 * Each epoch's order is a permutation drawn from the epoch seed with {@link RandomStream}.
 * The tensor is not copied nor disposed: keep it alive while training.
 *
 * @example
 * const data = tensorBatches(images, { batchSize: 64 }); // images: [n, 28, 28, 1] in [-1, 1]
 * await train({ step, data, epochs: 5 });
 */
export function tensorBatches(samples: tf.Tensor, options: TensorBatchesOptions & { labels: tf.Tensor }): TensorBatchSource<LabelledBatch>;
export function tensorBatches(samples: tf.Tensor, options: TensorBatchesOptions & { labels?: undefined }): TensorBatchSource<tf.Tensor>;
export function tensorBatches(samples: tf.Tensor, options: TensorBatchesOptions): TensorBatchSource<tf.Tensor | LabelledBatch>;
export function tensorBatches(samples: tf.Tensor, options: TensorBatchesOptions): TensorBatchSource<tf.Tensor | LabelledBatch> {
  const fn = 'tensorBatches';
  checkTensor(fn, 'samples', samples);
  if (samples.rank < 2 || samples.shape[0] === 0) {
    throw new ShapeError({ functionName: fn, argument: 'samples', expected: 'a batch of rank >= 2 [n, ...] with n >= 1', actual: describeShape(samples.shape) });
  }
  const count = samples.shape[0]!;
  if (options === null || typeof options !== 'object') {
    throw new OptionError({ functionName: fn, argument: 'options', expected: '{ batchSize, shuffle?, dropRemainder? }', actual: describeValue(options) });
  }
  checkKeys(fn, options, ['batchSize', 'shuffle', 'dropRemainder', 'labels']);
  const labels = options.labels;
  if (labels !== undefined) {
    checkTensor(fn, 'options.labels', labels);
    if (labels.dtype !== 'int32') {
      throw new DtypeError({ functionName: fn, argument: 'options.labels', expected: 'int32 class labels', actual: `a ${labels.dtype} tensor of shape ${describeShape(labels.shape)}` });
    }
    if (labels.size !== count || !(labels.rank === 1 || (labels.rank === 2 && labels.shape[1] === 1))) {
      throw new ShapeError({ functionName: fn, argument: 'options.labels', expected: `labels [${count}] or [${count}, 1], one per sample`, actual: describeShape(labels.shape) });
    }
  }
  const batchSize = checkSize(fn, 'options.batchSize', options.batchSize, LIMITS.batch, LimitError, OptionError, 'LIMITS.batch');
  const shuffle = options.shuffle ?? true;
  const dropRemainder = options.dropRemainder ?? false;
  const batchesPerEpoch = dropRemainder ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
  if (batchesPerEpoch === 0) {
    throw new OptionError({ functionName: fn, argument: 'options.batchSize', expected: `at most the ${count} samples when dropRemainder is true`, actual: String(batchSize) });
  }
  let cachedSeed: number | null = null;
  let order: Int32Array = Int32Array.from({ length: count }, (_, i) => i);
  return {
    batchesPerEpoch,
    batch(index, { seed }) {
      if (!Number.isInteger(index) || index < 0 || index >= batchesPerEpoch) {
        throw new OptionError({ functionName: 'tensorBatches.batch', argument: 'index', expected: `an integer in [0, ${batchesPerEpoch})`, actual: String(index) });
      }
      if (shuffle && seed !== cachedSeed) {
        order = Int32Array.from(new RandomStream(seed).permutation(count));
        cachedSeed = seed;
      }
      const indices = order.subarray(index * batchSize, Math.min(count, (index + 1) * batchSize));
      if (labels === undefined) return tf.tidy(() => tf.gather(samples, tf.tensor1d(indices, 'int32')));
      return tf.tidy(() => {
        const at = tf.tensor1d(indices, 'int32');
        return { images: tf.gather(samples, at), labels: tf.reshape(tf.gather(labels, at), [indices.length, 1]) };
      });
    },
  };
}
