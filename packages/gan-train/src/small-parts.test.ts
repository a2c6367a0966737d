import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { tensorBatches } from './batch-source';
import { OptionError, ShapeError } from './errors';
import { encodePng, imageGrid } from './image-grid';
import { cosineSchedule, linearSchedule, stepDecaySchedule } from './learning-rate-schedules';
import { RandomStream } from './random-stream';
import { sampleDiversity } from './sample-diversity';

describe('learning-rate schedules', () => {
  it('cosineSchedule: warm-up then half a cosine', () => {
    const s = cosineSchedule({ initial: 1, final: 0.1, totalSteps: 12, warmupSteps: 2 });
    expect([s(0), s(1)]).toEqual([0.5, 1]);
    expectClose(s(2), 1);
    expectClose(s(7), 0.1 + 0.9 * 0.5); // t = 0.5
    expectClose(s(12), 0.1);
    expectClose(s(100), 0.1);
  });

  it('linearSchedule and stepDecaySchedule', () => {
    const l = linearSchedule({ initial: 1e-3, totalSteps: 100 });
    expectClose([l(0), l(50), l(100), l(200)], [1e-3, 5e-4, 0, 0], { atol: 1e-12 });
    const d = stepDecaySchedule({ initial: 1e-3, factor: 0.1, every: 1000 });
    expectClose([d(0), d(999), d(1000), d(2500)], [1e-3, 1e-3, 1e-4, 1e-5], { atol: 1e-15, rtol: 1e-9 });
  });

  it('rejects bad options', () => {
    expect(() => cosineSchedule({ initial: 1, totalSteps: 10, warmupSteps: 10 })).toThrow('cosineSchedule: options.warmupSteps must be an integer in [0, totalSteps 10), got 10');
    expect(() => stepDecaySchedule({ initial: 0, every: 1 })).toThrow(OptionError);
  });
});

describe('tensorBatches', () => {
  it('returns seeded, epoch-stable permutations of the samples', async () => {
    const samples = tf.tensor2d([0, 1, 2, 3, 4, 5, 6], [7, 1]);
    const source = tensorBatches(samples, { batchSize: 3, dropRemainder: true });
    expect(source.batchesPerEpoch).toBe(2);
    const read = async (i: number, seed: number) => {
      const b = await source.batch(i, { epoch: 0, seed });
      expect(b.shape).toEqual([3, 1]);
      const v = Array.from(b.dataSync());
      b.dispose();
      return v;
    };
    const order = new RandomStream(9).permutation(7);
    expect(await read(0, 9)).toEqual(order.slice(0, 3));
    expect(await read(1, 9)).toEqual(order.slice(3, 6));
    expect(await read(0, 9)).toEqual(order.slice(0, 3));
    expect(await read(0, 10)).toEqual(new RandomStream(10).permutation(7).slice(0, 3));
    const plain = tensorBatches(samples, { batchSize: 3, shuffle: false, dropRemainder: false });
    expect(plain.batchesPerEpoch).toBe(3);
    expect(tensorBatches(samples, { batchSize: 3 }).batchesPerEpoch).toBe(3); // dropRemainder defaults to false
    expect(() => tensorBatches(samples, { batchSize: 3, dropRemainer: true } as never)).toThrow("tensorBatches: options.dropRemainer must be a known option (did you mean 'dropRemainder'?)");
    const last = await plain.batch(2, { epoch: 0, seed: 1 });
    expect(Array.from(last.dataSync())).toEqual([6]);
    last.dispose();
    await expectNoLeaks(() => source.batch(1, { epoch: 0, seed: 3 }));
    expect(() => source.batch(2, { epoch: 0, seed: 1 })).toThrow('tensorBatches.batch: index must be an integer in [0, 2), got 2');
    expect(() => tensorBatches(samples, { batchSize: 8, dropRemainder: true })).toThrow('tensorBatches: options.batchSize must be at most the 7 samples when dropRemainder is true, got 8');
    samples.dispose();
  });
});

describe('sampleDiversity', () => {
  it('is the mean over values of the std across the batch', async () => {
    const x = tf.tensor2d([[0, 0], [2, 4]]);
    expectClose(sampleDiversity(x), 1.5);
    const same = tf.ones([4, 2, 2, 1]);
    expectClose(sampleDiversity(same), 0);
    await expectNoLeaks(() => sampleDiversity(x));
    expect(() => sampleDiversity(tf.ones([1, 3]))).toThrow('sampleDiversity: samples must be a batch of rank >= 2 [batch, ...] with batch >= 2, got [1,3]');
    expect(() => sampleDiversity(tf.ones([1, 3]))).toThrow(ShapeError);
    tf.dispose([x, same]);
  });
});

describe('imageGrid and encodePng', () => {
  it('tiles images row by row with padding', async () => {
    // Three 1×2 grey images, 2 columns, padding 1 (value -1).
    const images = tf.tensor4d([1, 2, 3, 4, 5, 6], [3, 1, 2, 1]);
    const grid = imageGrid(images, { columns: 2 });
    expect(grid.shape).toEqual([2 * 2 + 1, 2 * 3 + 1, 1]);
    const p = -1;
    expect(tf.squeeze(grid, [2]).arraySync()).toEqual([
      [p, p, p, p, p, p, p],
      [p, 1, 2, p, 3, 4, p],
      [p, p, p, p, p, p, p],
      [p, 5, 6, p, p, p, p],
      [p, p, p, p, p, p, p],
    ]);
    await expectNoLeaks(() => imageGrid(images, { padding: 0 }));
    expect(() => imageGrid(tf.zeros([2, 2, 1]) as never)).toThrow('imageGrid: images must be NHWC images of rank 4 [n, h, w, c] with n >= 1, got rank 3 [2,2,1]');
    tf.dispose([images, grid]);
  });

  it('encodes [-1, 1] pixels as an 8-bit PNG that decodes back', async () => {
    const image = tf.tensor3d([-1, 0, 1, 2, -0.5, 0.5], [2, 3, 1]);
    const png = await encodePng(image);
    expect(Array.from(png.slice(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const decoded = decode(png);
    expect([decoded.width, decoded.height, decoded.channels, decoded.depth]).toEqual([3, 2, 1, 8]);
    // (x + 1) / 2 · 255, rounded, clipped: -1 → 0, 0 → 128 (127.5 rounds to even 128 in tfjs), 1 → 255, 2 → 255, -0.5 → 64, 0.5 → 191.
    expect(Array.from(decoded.data)).toEqual([0, 128, 255, 255, 64, 191]);
    const rgb = await encodePng(tf.zeros([1, 1, 3]), { pixelRange: [0, 1] });
    expect(decode(rgb).channels).toBe(3);
    await expect(encodePng(tf.zeros([1, 1, 5]))).rejects.toThrow('encodePng: image must be an HWC image of rank 3 [h, w, c] with 1 to 4 channels, got rank 3 [1,1,5]');
    await expect(encodePng(image, { pixelRange: [1, 0] })).rejects.toThrow(OptionError);
    image.dispose();
  });
});
