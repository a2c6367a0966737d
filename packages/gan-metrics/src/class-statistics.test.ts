import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { classifierScore, classStatistics, OptionError, ValueError } from './index';

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
