import * as tf from '@tensorflow/tfjs-core';
import { describe } from '@ganforge/internal';
import { OptionError, ShapeError, TensorError } from './errors';
import { checkBoolean, checkInteger, checkOptions, checkSizeOption, checkTensor } from './internal/checks';
import { describeShape } from './internal/describe';
import { permutation, resolveSeed } from './shuffle-indices';

/** Options of {@link batches} (and {@link countBatches}: `batchSize`, `dropRemainder`). */
export interface BatchesOptions {
  /**
   * Labels (or any per-example tensor) batched alongside the images with the
   * same order; its first dimension must equal the number of images. Default:
   * none.
   */
  labels?: tf.Tensor;
  /** Examples per batch. Default `32`; at most `LIMITS.batch` (2^24). */
  batchSize?: number;
  /** Visit the examples in a new seeded random order every epoch. Default `true`. */
  shuffle?: boolean;
  /**
   * Seed of the shuffle (any safe integer): the order of epoch `k` depends
   * only on `seed`, `k` and the number of examples, the same on every
   * backend (see {@link shuffleIndices}). Default: a fresh random seed per
   * call, so runs are not reproducible and cannot resume exactly.
   */
  seed?: number;
  /** Epoch to start at; also part of the shuffle key. Default `0`. */
  epoch?: number;
  /**
   * Batch index within the starting epoch to resume from (`0` … batches per
   * epoch). Pass the `next` of the last batch you finished to resume
   * exactly. Default `0`.
   */
  cursor?: number;
  /** Number of epochs to iterate, counted from `epoch`; `Infinity` never ends. Default `1`. */
  epochs?: number;
  /**
   * Drop the last, smaller batch of each epoch when the example count is
   * not a multiple of `batchSize` (GAN training usually wants full batches).
   * Default `false` (keep it).
   */
  dropRemainder?: boolean;
}

/** A position in the batch stream: epoch number and batch index within it. */
export interface BatchPosition {
  epoch: number;
  cursor: number;
}

/** One batch yielded by {@link batches}. The caller owns `images` and `labels` and must dispose them. */
export interface Batch<T extends tf.Tensor = tf.Tensor4D, L extends tf.Tensor = tf.Tensor> {
  /** The examples of this batch, same dtype as the input, first dimension the batch size. */
  images: T;
  /** The matching labels, when `labels` was given. */
  labels?: L;
  /** Indices of the examples in the input, in batch order. */
  indices: Int32Array;
  /** Epoch of this batch. */
  epoch: number;
  /** Index of this batch within its epoch. */
  cursor: number;
  /** Where to resume after this batch (the start of the next epoch after the last batch of one). */
  next: BatchPosition;
}

/**
 * Number of batches in one epoch of `count` examples:
 * `ceil(count / batchSize)`, or `floor(count / batchSize)` with
 * `dropRemainder`.
 *
 * @throws {OptionError} when `options` has an unknown key, `count` is not a non-negative integer or `batchSize` not a positive one.
 * @throws {LimitError} when `batchSize` is above `LIMITS.batch` (2^24).
 *
 * @example
 * countBatches(10, { batchSize: 4 });                      // 3
 * countBatches(10, { batchSize: 4, dropRemainder: true }); // 2
 */
export function countBatches(count: number, options: Pick<BatchesOptions, 'batchSize' | 'dropRemainder'> = {}): number {
  const fn = 'countBatches';
  checkInteger(fn, 'count', count, 0);
  const resolved = checkOptions<Pick<BatchesOptions, 'batchSize' | 'dropRemainder'>>(fn, options, ['batchSize', 'dropRemainder']);
  const batchSize = checkSizeOption(fn, 'options.batchSize', resolved.batchSize ?? 32);
  const dropRemainder = checkBoolean(fn, 'options.dropRemainder', resolved.dropRemainder ?? false);
  return dropRemainder ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

/**
 * Iterates over a dataset in batches for training: images (any tensor whose
 * first dimension indexes examples, usually NHWC `[n, h, w, c]` already
 * scaled to the model's pixel range) and optional labels, with a seeded
 * shuffle that changes every epoch, optional dropping of the last partial
 * batch, and exact resume from an `{ epoch, cursor }` position.
 *
 * The order is computed in JavaScript ({@link shuffleIndices}) and applied
 * with `tf.gather` (`tf.slice` when not shuffling), so the same seed gives
 * the same batches on every backend. Inputs are checked when `batches` is
 * called, not on the first `next()`. Each yielded `images`/`labels` tensor is
 * new and **owned by the caller**: dispose it (or run your step in
 * `tf.tidy`) when done. The iterator holds no other tensors, so stopping
 * early leaks nothing. Never disposes or modifies the inputs; they must stay
 * alive while iterating.
 *
 * @throws {TensorError} when `images` or `labels` is null, not a tensor, or disposed (also when disposed during the iteration, thrown by `next()`).
 * @throws {ShapeError} when `images` or `labels` is not of rank >= 1, their first dimensions differ, or `epochs` is `Infinity` while an epoch has no batches.
 * @throws {OptionError} when `options` has an unknown key, or an option is outside its domain (batch size, seed, epoch, cursor, epochs).
 * @throws {LimitError} when `batchSize` is above `LIMITS.batch` (2^24).
 *
 * @example
 * const images = tf.zeros([10, 28, 28, 1]);
 * const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'int32');
 * for (const batch of batches(images, { labels, batchSize: 4, seed: 7, epochs: 2 })) {
 *   console.log(batch.epoch, batch.cursor, batch.images.shape[0]); // 0 0 4, 0 1 4, 0 2 2, 1 0 4, ...
 *   tf.dispose([batch.images, batch.labels]);
 * }
 * // resume after a checkpoint saved as { epoch: 1, cursor: 2 }:
 * const rest = batches(images, { labels, batchSize: 4, seed: 7, epoch: 1, cursor: 2 });
 */
export function batches<T extends tf.Tensor = tf.Tensor4D, L extends tf.Tensor = tf.Tensor>(
  images: T,
  options: BatchesOptions & { labels?: L } = {},
): IterableIterator<Batch<T, L>> {
  const fn = 'batches';
  checkExamples(fn, 'images', images);
  const resolved = checkOptions<BatchesOptions & { labels?: L }>(fn, options, [
    'labels',
    'batchSize',
    'shuffle',
    'seed',
    'epoch',
    'cursor',
    'epochs',
    'dropRemainder',
  ]);
  const count = images.shape[0]!;
  const labels = resolved.labels;
  if (labels !== undefined) {
    checkExamples(fn, 'options.labels', labels);
    if (labels.shape[0] !== count) {
      throw new ShapeError({
        functionName: fn,
        argument: 'options.labels',
        expected: `a tensor with first dimension ${count} (one per image)`,
        actual: describeShape(labels.shape),
      });
    }
  }
  const batchSize = checkSizeOption(fn, 'options.batchSize', resolved.batchSize ?? 32);
  const shuffle = checkBoolean(fn, 'options.shuffle', resolved.shuffle ?? true);
  const dropRemainder = checkBoolean(fn, 'options.dropRemainder', resolved.dropRemainder ?? false);
  const seed = resolveSeed(fn, 'options.seed', resolved.seed);
  const firstEpoch = checkInteger(fn, 'options.epoch', resolved.epoch ?? 0, 0);
  const epochs = resolved.epochs ?? 1;
  if (epochs !== Number.POSITIVE_INFINITY) checkInteger(fn, 'options.epochs', epochs, 0);
  const perEpoch = dropRemainder ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
  const cursor = checkInteger(fn, 'options.cursor', resolved.cursor ?? 0, 0);
  if (cursor > perEpoch) {
    throw new OptionError({
      functionName: fn,
      argument: 'options.cursor',
      expected: `at most ${perEpoch} (the batches per epoch of ${count} examples in batches of ${batchSize}${dropRemainder ? ', remainder dropped' : ''})`,
      actual: describe(cursor),
    });
  }
  if (perEpoch === 0 && epochs === Number.POSITIVE_INFINITY) {
    throw new ShapeError({
      functionName: fn,
      argument: 'images',
      expected: `at least ${dropRemainder ? batchSize : 1} example${dropRemainder && batchSize > 1 ? 's' : ''} when epochs is Infinity`,
      actual: `${count}`,
    });
  }
  return iterate(images, labels, { count, batchSize, shuffle, seed, firstEpoch, epochs, cursor, perEpoch });
}

interface Plan {
  count: number;
  batchSize: number;
  shuffle: boolean;
  seed: number;
  firstEpoch: number;
  epochs: number;
  cursor: number;
  perEpoch: number;
}

function* iterate<T extends tf.Tensor, L extends tf.Tensor>(images: T, labels: L | undefined, plan: Plan): Generator<Batch<T, L>, void, undefined> {
  const { count, batchSize, perEpoch } = plan;
  for (let e = 0; e < plan.epochs; e++) {
    const epoch = plan.firstEpoch + e;
    const order = plan.shuffle ? permutation(count, plan.seed, epoch) : null;
    for (let cursor = e === 0 ? plan.cursor : 0; cursor < perEpoch; cursor++) {
      if (images.isDisposed || labels?.isDisposed) {
        throw new TensorError({
          functionName: 'batches',
          argument: images.isDisposed ? 'images' : 'options.labels',
          expected: 'a live tf.Tensor for as long as the iteration runs',
          actual: 'a tensor disposed during iteration',
        });
      }
      const start = cursor * batchSize;
      const size = Math.min(batchSize, count - start);
      const indices = order ? order.slice(start, start + size) : range(start, size);
      const take = <X extends tf.Tensor>(x: X): X =>
        tf.tidy(() => (order ? tf.gather(x, tf.tensor1d(indices, 'int32')) : tf.slice(x, start, size))) as X;
      const batchImages = take(images);
      let batchLabels: L | undefined;
      try {
        batchLabels = labels ? take(labels) : undefined;
      } catch (error) {
        batchImages.dispose();
        throw error;
      }
      const last = cursor + 1 === perEpoch;
      const batch: Batch<T, L> = {
        images: batchImages,
        indices,
        epoch,
        cursor,
        next: last ? { epoch: epoch + 1, cursor: 0 } : { epoch, cursor: cursor + 1 },
      };
      if (batchLabels) batch.labels = batchLabels;
      yield batch;
    }
  }
}

function range(start: number, size: number): Int32Array {
  const out = new Int32Array(size);
  for (let i = 0; i < size; i++) out[i] = start + i;
  return out;
}

function checkExamples(functionName: string, argument: string, value: unknown): asserts value is tf.Tensor {
  checkTensor(functionName, argument, value);
  if (value.rank < 1) {
    throw new ShapeError({
      functionName,
      argument,
      expected: 'a tensor of rank >= 1 whose first dimension indexes examples',
      actual: describeShape(value.shape),
    });
  }
}
