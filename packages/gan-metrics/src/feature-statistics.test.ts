import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FeatureStatistics, FormatError, frechetDistance, LimitError, OptionError, ShapeError, StateError, TensorError, ValueError } from './index';

const m = (rows: number[][]) => ({ data: Float64Array.from(rows.flat()), shape: [rows.length, rows[0]!.length] as [number, number] });

describe('FeatureStatistics', () => {
  it('computes the mean and unbiased covariance by hand', () => {
    // rows (1, 2), (3, 6), (5, 4): mean (3, 4); deviations (-2,-2), (0,2), (2,0)
    // covariance = [[8, 4], [4, 8]] / 2 = [[4, 2], [2, 4]]
    const stats = new FeatureStatistics(2).update(m([[1, 2], [3, 6], [5, 4]]));
    expect(stats.count).toBe(3);
    expect(Array.from(stats.mean())).toEqual([3, 4]);
    expect(Array.from(stats.covariance())).toEqual([4, 2, 2, 4]);
  });

  it('gives the same moments however the rows are batched (Chan merge), from tensors too', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [Math.sin(i) * 3 + 100, Math.cos(i * 1.7), i % 7]);
    const whole = new FeatureStatistics(3).update(m(rows));
    const batched = new FeatureStatistics(3);
    for (const [from, to] of [[0, 1], [1, 17], [17, 50]] as const) {
      const t = tf.tensor2d(rows.slice(from, to));
      batched.update(t);
      t.dispose();
    }
    const merged = new FeatureStatistics(3).update(m(rows.slice(0, 20))).merge(new FeatureStatistics(3).update(m(rows.slice(20))));
    for (const other of [batched, merged]) {
      expect(other.count).toBe(50);
      // float32 tensors for `batched`
      other.mean().forEach((v, i) => {
expect(v).toBeCloseTo(whole.mean()[i]!, 4);
});
      other.covariance().forEach((v, i) => {
expect(v).toBeCloseTo(whole.covariance()[i]!, 3);
});
    }
    merged.mean().forEach((v, i) => {
expect(v).toBeCloseTo(whole.mean()[i]!, 12);
});
    merged.covariance().forEach((v, i) => {
expect(v).toBeCloseTo(whole.covariance()[i]!, 12);
});
  });

  it('round-trips through JSON exactly, and clone() is independent', () => {
    const stats = new FeatureStatistics(2).update(m([[0.1, 0.2], [0.3, -0.7], [1e-3, 5]]));
    const restored = FeatureStatistics.fromJSON(JSON.parse(JSON.stringify(stats)));
    expect(restored.toJSON()).toEqual(stats.toJSON());
    expect(frechetDistance(stats, restored)).toBeLessThan(1e-12);
    const copy = stats.clone().update(m([[9, 9]]));
    expect([stats.count, copy.count]).toEqual([3, 4]);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => new FeatureStatistics(0)).toThrow(OptionError);
    expect(() => new FeatureStatistics(5000)).toThrow(LimitError);
    const stats = new FeatureStatistics(2);
    expect(() => stats.update(m([[1, 2, 3]]))).toThrow('FeatureStatistics.update: features must be 2 columns (the dimension of these statistics), got shape [1, 3]');
    expect(() => stats.update(null as never)).toThrow(TensorError);
    expect(() => stats.update(m([[Number.NaN, 1]]))).toThrow(ValueError);
    expect(() => stats.update(tf.zeros([2, 2, 1]) as never)).toThrow(ShapeError);
    expect(() => stats.merge(new FeatureStatistics(3))).toThrow(ShapeError);
    expect(() => stats.merge({} as never)).toThrow(StateError);
    expect(() => FeatureStatistics.fromJSON({ dimension: 2, count: 3, mean: [1], covariance: [1, 0, 0, 1] })).toThrow(FormatError);
  });
});

describe('frechetDistance', () => {
  it('equals (μ₁ − μ₂)² + σ₁² + σ₂² − 2σ₁σ₂ in one dimension', () => {
    // set a: 0, 2 (mean 1, var 2); set b: 3, 7, 5 (mean 5, var 4) -> 16 + 2 + 4 - 2√8
    const a = new FeatureStatistics(1).update(m([[0], [2]]));
    const b = new FeatureStatistics(1).update(m([[3], [7], [5]]));
    expect(frechetDistance(a, b)).toBeCloseTo(22 - 2 * Math.sqrt(8), 12);
    expect(frechetDistance(a, b)).toBeCloseTo(frechetDistance(b, a), 12);
  });

  it('stays real and finite for singular covariances (fewer rows than dimensions)', () => {
    const a = new FeatureStatistics(4).update(m([[1, 0, 0, 0], [0, 1, 0, 0]]));
    const b = new FeatureStatistics(4).update(m([[0, 0, 1, 0], [0, 0, 0, 1]]));
    // Σa has one eigenvalue 1 on (1,-1,0,0)/√2, Σb one on (0,0,1,-1)/√2: orthogonal, so tr √(ΣaΣb) = 0.
    expect(frechetDistance(a, b)).toBeCloseTo(1 + 1 + 1, 12);
  });

  it('rejects mismatched or empty statistics', () => {
    const a = new FeatureStatistics(2).update(m([[0, 0], [1, 1]]));
    expect(() => frechetDistance(a, new FeatureStatistics(3).update(m([[0, 0, 0], [1, 1, 1]])))).toThrow(ShapeError);
    expect(() => frechetDistance(a, new FeatureStatistics(2))).toThrow('frechetDistance: b must be statistics of at least 2 feature rows, got 0');
    expect(() => frechetDistance(null as never, a)).toThrow(TensorError);
  });
});
