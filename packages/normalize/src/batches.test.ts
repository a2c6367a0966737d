import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type Batch, batches, countBatches } from './batches';
import { LimitError, OptionError, ShapeError, TensorError } from './errors';
import { shuffleIndices } from './shuffle-indices';

/** n images of shape [2, 1, 1] whose pixels are (i, 100 + i), and labels i. */
function dataset(n: number) {
  const pixels = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) [pixels[2 * i], pixels[2 * i + 1]] = [i, 100 + i];
  return {
    images: tf.tensor4d(pixels, [n, 2, 1, 1]),
    labels: tf.tensor1d(Int32Array.from({ length: n }, (_, i) => i), 'int32'),
  };
}

/** Reads and disposes every batch: [epoch, cursor, indices, image first pixels, labels, next]. */
function drain(iterator: Iterable<Batch<tf.Tensor, tf.Tensor>>) {
  const out = [];
  for (const batch of iterator) {
    const images = batch.images.arraySync() as number[][][][];
    out.push({
      epoch: batch.epoch,
      cursor: batch.cursor,
      indices: Array.from(batch.indices),
      firstPixels: images.map((image) => image[0]![0]![0]!),
      secondPixels: images.map((image) => image[1]![0]![0]!),
      labels: batch.labels ? Array.from(batch.labels.dataSync()) : undefined,
      shape: batch.images.shape,
      dtype: batch.images.dtype,
      next: batch.next,
    });
    tf.dispose([batch.images, batch.labels]);
  }
  return out;
}

describe('countBatches', () => {
  it('counts full and partial batches', () => {
    expect(countBatches(10, { batchSize: 4 })).toBe(3);
    expect(countBatches(10, { batchSize: 4, dropRemainder: true })).toBe(2);
    expect(countBatches(8, { batchSize: 4, dropRemainder: true })).toBe(2);
    expect(countBatches(0, { batchSize: 4 })).toBe(0);
    expect(countBatches(100)).toBe(4);
    expect(() => countBatches(10, { batchSize: 0 })).toThrow('countBatches: options.batchSize must be a positive integer <= 16777216 (LIMITS.batch), got 0');
    expect(() => countBatches(10, { batchSize: 2 ** 24 + 1 })).toThrow(LimitError);
    expect(() => countBatches(10, { dropRemainer: true } as never)).toThrow(
      "countBatches: options.dropRemainer must be a known option (did you mean 'dropRemainder'?): batchSize, dropRemainder, got the unknown key 'dropRemainer'",
    );
  });
});

describe('batches', () => {
  it('yields the examples in order without shuffle, keeping the remainder', () => {
    const { images, labels } = dataset(5);
    const got = drain(batches(images, { labels, batchSize: 2, shuffle: false }));
    expect(got.map((b) => b.indices)).toEqual([[0, 1], [2, 3], [4]]);
    expect(got.map((b) => b.firstPixels)).toEqual([[0, 1], [2, 3], [4]]);
    expect(got.map((b) => b.secondPixels)).toEqual([[100, 101], [102, 103], [104]]);
    expect(got.map((b) => b.labels)).toEqual([[0, 1], [2, 3], [4]]);
    expect(got.map((b) => b.shape)).toEqual([[2, 2, 1, 1], [2, 2, 1, 1], [1, 2, 1, 1]]);
    expect(got.map((b) => b.dtype)).toEqual(['float32', 'float32', 'float32']);
    expect(got.map((b) => [b.epoch, b.cursor])).toEqual([[0, 0], [0, 1], [0, 2]]);
    expect(got.map((b) => b.next)).toEqual([{ epoch: 0, cursor: 1 }, { epoch: 0, cursor: 2 }, { epoch: 1, cursor: 0 }]);
  });

  it('drops the remainder when asked', () => {
    const { images } = dataset(5);
    const got = drain(batches(images, { batchSize: 2, shuffle: false, dropRemainder: true }));
    expect(got.map((b) => b.indices)).toEqual([[0, 1], [2, 3]]);
    expect(got[1]!.next).toEqual({ epoch: 1, cursor: 0 });
    expect(drain(batches(images, { batchSize: 6, dropRemainder: true, seed: 1 }))).toEqual([]);
  });

  it('shuffles with the seeded order of each epoch, every index exactly once, labels aligned', () => {
    const { images, labels } = dataset(11);
    const got = drain(batches(images, { labels, batchSize: 4, seed: 9, epochs: 3 }));
    expect(got.map((b) => [b.epoch, b.cursor])).toEqual([
      [0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [2, 0], [2, 1], [2, 2],
    ]);
    const perEpoch = [0, 1, 2].map((epoch) => got.filter((b) => b.epoch === epoch).flatMap((b) => b.indices));
    perEpoch.forEach((order, epoch) => {
      expect(order).toEqual(Array.from(shuffleIndices(11, { seed: 9, epoch })));
      expect([...order].sort((a, b) => a - b)).toEqual([...Array(11).keys()]);
    });
    expect(new Set(perEpoch.map((o) => o.join())).size).toBe(3);
    for (const b of got) {
      expect(b.firstPixels).toEqual(b.indices);
      expect(b.secondPixels).toEqual(b.indices.map((i) => 100 + i));
      expect(b.labels).toEqual(b.indices);
    }
  });

  it('gives the same batches for the same seed and different ones for another seed', () => {
    const { images, labels } = dataset(20);
    const a = drain(batches(images, { labels, batchSize: 8, seed: 5, epoch: 2 }));
    const b = drain(batches(images, { labels, batchSize: 8, seed: 5, epoch: 2 }));
    const c = drain(batches(images, { labels, batchSize: 8, seed: 6, epoch: 2 }));
    expect(a).toEqual(b);
    expect(a.map((x) => x.indices)).not.toEqual(c.map((x) => x.indices));
    // without a seed it still visits every index once
    const unseeded = drain(batches(images, { batchSize: 8 })).flatMap((x) => x.indices);
    expect(unseeded.sort((x, y) => x - y)).toEqual([...Array(20).keys()]);
  });

  it('resumes exactly at { epoch, cursor } from a batch’s next', () => {
    const { images, labels } = dataset(10);
    const options = { labels, batchSize: 3, seed: 77, dropRemainder: true };
    const full = drain(batches(images, { ...options, epochs: 3 }));
    // stop after the 5th batch (epoch 1, cursor 1), then resume from its next
    const stop = full[4]!;
    expect([stop.epoch, stop.cursor]).toEqual([1, 1]);
    const rest = drain(batches(images, { ...options, ...stop.next, epochs: 2 }));
    expect(rest).toEqual(full.slice(5));
    // resuming from the end of an epoch yields nothing more for it
    expect(drain(batches(images, { ...options, epoch: 0, cursor: 3 }))).toEqual([]);
  });

  it('keeps going with epochs: Infinity', () => {
    const { images } = dataset(3);
    const iterator = batches(images, { batchSize: 2, seed: 1, epochs: Number.POSITIVE_INFINITY });
    const seen: [number, number][] = [];
    for (const batch of iterator) {
      seen.push([batch.epoch, batch.cursor]);
      batch.images.dispose();
      if (seen.length === 7) break;
    }
    expect(seen).toEqual([[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1], [3, 0]]);
  });

  it('batches any tensor whose first dimension indexes examples, keeping its dtype', () => {
    const flat = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const oneHot = tf.oneHot(tf.tensor1d([2, 0, 1], 'int32'), 3);
    const [first] = batches(flat, { labels: oneHot, batchSize: 2, shuffle: false });
    expect(first!.images.dtype).toBe('int32');
    expect(first!.images.arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(first!.labels!.arraySync()).toEqual([[0, 0, 1], [1, 0, 0]]);
    tf.dispose([first!.images, first!.labels]);
  });

  it('checks inputs when called, before the first next()', () => {
    const { images } = dataset(4);
    const call = (options: object) => () => batches(images, options);
    expect(call({ labels: tf.zeros([3]) })).toThrow(ShapeError);
    expect(call({ labels: tf.zeros([3]) })).toThrow('batches: options.labels must be a tensor with first dimension 4 (one per image), got rank 1 [3]');
    expect(call({ batchSize: 0 })).toThrow(OptionError);
    expect(call({ batchSize: 0 })).toThrow('batches: options.batchSize must be a positive integer <= 16777216 (LIMITS.batch), got 0');
    expect(call({ batchSize: 2.5 })).toThrow('batches: options.batchSize must be a positive integer <= 16777216 (LIMITS.batch), got 2.5');
    expect(call({ batchSize: 1e9 })).toThrow(LimitError);
    expect(call({ batchSize: 1e9 })).toThrow(`batches: options.batchSize must be a positive integer <= 16777216 (LIMITS.batch), got 1000000000`);
    expect(call({ dropRemainer: true } as never)).toThrow(OptionError);
    expect(call({ dropRemainer: true } as never)).toThrow("batches: options.dropRemainer must be a known option (did you mean 'dropRemainder'?)");
    expect(call({ seeed: 1 } as never)).toThrow("(did you mean 'seed'?)");
    expect(call({ seed: 'a' })).toThrow("batches: options.seed must be a safe integer or undefined, got 'a'");
    expect(call({ epoch: -1 })).toThrow('batches: options.epoch must be a non-negative integer, got -1');
    expect(call({ epochs: -1 })).toThrow('batches: options.epochs must be a non-negative integer, got -1');
    expect(call({ shuffle: 'yes' })).toThrow("batches: options.shuffle must be true or false, got 'yes'");
    expect(call({ batchSize: 3, cursor: 3 })).toThrow(
      'batches: options.cursor must be at most 2 (the batches per epoch of 4 examples in batches of 3), got 3',
    );
    expect(call({ batchSize: 5, dropRemainder: true, epochs: Number.POSITIVE_INFINITY })).toThrow(
      'batches: images must be at least 5 examples when epochs is Infinity, got 4',
    );
    expect(() => batches(tf.scalar(1))).toThrow(
      'batches: images must be a tensor of rank >= 1 whose first dimension indexes examples, got rank 0 []',
    );
    expect(() => batches(null as never)).toThrow('batches: images must be a tf.Tensor, got null');
  });

  it('throws TensorError when an input is disposed during iteration', () => {
    const { images, labels } = dataset(4);
    const iterator = batches(images, { labels, batchSize: 2, shuffle: false });
    const first = iterator.next().value as Batch;
    tf.dispose([first.images, first.labels]);
    labels.dispose();
    let caught: unknown;
    try {
      iterator.next();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TensorError);
    expect((caught as Error).message).toBe(
      'batches: options.labels must be a live tf.Tensor for as long as the iteration runs, got a tensor disposed during iteration',
    );
  });

  it('never touches its inputs and leaks no tensors, also when stopped early', async () => {
    const { images, labels } = dataset(9);
    await expectNoLeaks(() => [...batches(images, { labels, batchSize: 4, seed: 1, epochs: 2 })]);
    await expectNoLeaks(() => [...batches(images, { batchSize: 4, shuffle: false })]);
    const before = tf.memory().numTensors;
    for (const batch of batches(images, { labels, batchSize: 4, seed: 2 })) {
      tf.dispose([batch.images, batch.labels]);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(images.isDisposed || labels.isDisposed).toBe(false);
    expect(Array.from(labels.dataSync())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
