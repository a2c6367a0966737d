import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { classifierScore, classStatistics, DtypeError, OptionError, ShapeError, TensorError, ValueError } from './index';

// 4 samples x 3 classes; top classes 0, 0, 1, 2.
const fourByThree = () => ({
  data: Float64Array.of(0.95, 0.05, 0, 0.6, 0.4, 0, 0.05, 0.95, 0, 0.08, 0, 0.92),
  shape: [4, 3] as [number, number],
});

describe('classStatistics', () => {
  it('computes histogram, coverage, entropy and confident share by hand', async () => {
    const p = tf.tensor2d([
      [0.95, 0.05, 0],
      [0.6, 0.4, 0],
      [0.05, 0.95, 0],
      [0.08, 0, 0.92],
    ]);
    const stats = await classStatistics(p, { coverageShare: 0.3 });
    p.dispose();
    expect(stats.classCounts).toEqual([2, 1, 1]);
    expect(stats.classHistogram).toEqual([0.5, 0.25, 0.25]);
    expect(stats.classesCovered).toBe(1); // only class 0 has >= 30 %
    expect(stats.classCoverage).toBeCloseTo(1 / 3, 12);
    expect(stats.classEntropy).toBeCloseTo(-(0.5 * Math.log(0.5) + 0.5 * Math.log(0.25)), 12);
    expect(stats.confidentShare).toBe(0.75); // 0.95, 0.95, 0.92
    expect([stats.classAgreement, stats.classAgreementByClass]).toEqual([null, null]); // no labels
  });

  it('measures class agreement with the requested labels, overall and per requested class', async () => {
    // top classes 0, 0, 1, 2; requested 0, 1, 1, 2: rows 0, 2, 3 agree.
    const stats = await classStatistics(fourByThree(), { labels: [0, 1, 1, 2] });
    expect(stats.classAgreement).toBe(0.75);
    expect(stats.classAgreementByClass).toEqual([1, 0.5, 1]); // class 1: rows 1 (top 0) and 2 (top 1)
    expect(stats.classCounts).toEqual([2, 1, 1]); // the other fields do not change
    // requested 0, 0, 1, 1: rows 0, 1, 2 agree; nobody requested class 2.
    const other = await classStatistics(fourByThree(), { labels: Uint8Array.of(0, 0, 1, 1) });
    expect(other.classAgreement).toBe(0.75);
    expect(other.classAgreementByClass).toEqual([1, 0.5, null]);
    const none = await classStatistics(fourByThree(), { labels: [2, 2, 0, 0] });
    expect([none.classAgreement, none.classAgreementByClass]).toEqual([0, [0, null, 0]]);
  });

  it('takes labels as an int32 [N] or [N, 1] tensor (or float32 integers) and leaks nothing', async () => {
    const p = tf.tensor2d(Float32Array.from(fourByThree().data), [4, 3]);
    const flat = tf.tensor1d([0, 1, 1, 2], 'int32');
    const column = tf.tensor2d([[0], [0], [1], [1]], [4, 1], 'int32');
    const float = tf.tensor1d([0, 1, 1, 2], 'float32');
    expect((await classStatistics(p, { labels: flat })).classAgreementByClass).toEqual([1, 0.5, 1]);
    expect((await classStatistics(p, { labels: column })).classAgreementByClass).toEqual([1, 0.5, null]);
    expect((await classStatistics(p, { labels: float })).classAgreement).toBe(0.75);
    await expectNoLeaks(() => classStatistics(p, { labels: flat }));
    expect(flat.isDisposed).toBe(false); // inputs are never disposed
    tf.dispose([p, flat, column, float]);
  });

  it('rejects labels of the wrong length, non-integers, out-of-range classes and non-arrays', async () => {
    const p = fourByThree();
    await expect(classStatistics(p, { labels: [0, 1, 2] })).rejects.toThrow(ShapeError);
    await expect(classStatistics(p, { labels: [0, 1, 2] })).rejects.toThrow('classStatistics: options.labels must be one requested class per row of probabilities (4), got 3 labels');
    await expect(classStatistics(p, { labels: [0, 1.5, 2, 0] })).rejects.toThrow(ValueError);
    await expect(classStatistics(p, { labels: [0, 1.5, 2, 0] })).rejects.toThrow('classStatistics: options.labels[1] must be a class index (an integer >= 0), got 1.5');
    await expect(classStatistics(p, { labels: [0, 1, -1, 0] })).rejects.toThrow('classStatistics: options.labels[2] must be a class index (an integer >= 0), got -1');
    await expect(classStatistics(p, { labels: [0, 1, 2, 3] })).rejects.toThrow('classStatistics: options.labels[3] must be a class index in [0, 2] (the classifier has 3 classes), got 3');
    await expect(classStatistics(p, { labels: [0, Number.NaN, 2, 0] })).rejects.toThrow(ValueError);
    await expect(classStatistics(p, { labels: null as never })).rejects.toThrow('classStatistics: options.labels must be an array of class indices or an int32 tf.Tensor1D ([N] or [N, 1]), one requested class per sample, got null');
    await expect(classStatistics(p, { labels: '0123' as never })).rejects.toThrow(OptionError);
    await expect(classStatistics(p, { lables: [0, 1, 1, 2] } as never)).rejects.toThrow("did you mean 'labels'?");
    const disposed = tf.tensor1d([0, 1, 1, 2], 'int32');
    disposed.dispose();
    await expect(classStatistics(p, { labels: disposed })).rejects.toThrow(TensorError);
    const square = tf.zeros([2, 2], 'int32') as tf.Tensor2D;
    await expect(classStatistics(p, { labels: square })).rejects.toThrow('classStatistics: options.labels must be rank 1 [N] or [N, 1], one requested class per sample, got rank 2 [2, 2]');
    const flags = tf.tensor1d([true, false, true, false], 'bool');
    await expect(classStatistics(p, { labels: flags as never })).rejects.toThrow(DtypeError);
    tf.dispose([square, flags]);
  });

  it('rejects rows that are not probabilities', async () => {
    await expect(classStatistics({ data: Float64Array.of(0.5, 0.6), shape: [1, 2] })).rejects.toThrow('classStatistics: probabilities must be non-negative rows that sum to 1 (softmax outputs), got row 0 summing to 1.1');
    await expect(classStatistics({ data: Float64Array.of(1, 0), shape: [1, 2] }, { confidence: 2 })).rejects.toThrow(OptionError);
  });
});

describe('classifierScore', () => {
  it('is C for confident balanced predictions and 1 for identical ones', async () => {
    const eye = { data: Float64Array.of(1, 0, 0, 1, 1, 0, 0, 1), shape: [4, 2] as [number, number] };
    expect(await classifierScore(eye, { splits: 2 })).toEqual({ mean: 2, std: 0 });
    const same = { data: Float64Array.of(0.3, 0.7, 0.3, 0.7), shape: [2, 2] as [number, number] };
    expect((await classifierScore(same, { splits: 1 })).mean).toBeCloseTo(1, 12);
  });

  it('needs at least one row per split', async () => {
    await expect(classifierScore({ data: Float64Array.of(1, 0), shape: [1, 2] })).rejects.toThrow('classifierScore: probabilities must be at least 10 rows, got shape [1, 2]');
    await expect(classifierScore({ data: Float64Array.of(-1, 2), shape: [1, 2] }, { splits: 1 })).rejects.toThrow(ValueError);
  });
});
