import { checkSize, describe } from '@ganforge/internal';
import { FormatError, LimitError, OptionError, ShapeError, StateError } from './errors';
import { type FeatureInput, readMatrixSync } from './internal/matrix';

/** The JSON form of {@link FeatureStatistics} (`toJSON` / `fromJSON`). */
export interface FeatureStatisticsJson {
  /** Feature dimension D. */
  dimension: number;
  /** Number of feature rows seen. */
  count: number;
  /** Mean, D numbers. */
  mean: number[];
  /** Unbiased covariance (denominator `count - 1`), D×D numbers row-major; zeros while `count < 2`. */
  covariance: number[];
}

/** Largest feature dimension: a D×D float64 covariance of 4,096² values is 128 MiB. */
export const MAX_FEATURE_DIMENSION = 4096;

/**
 * Streaming mean and covariance of feature rows, in float64. Batches are
 * merged with Chan et al.'s pairwise update (each batch's own mean and scatter
 * matrix, then the correction term `δδᵀ·nₐn_b/n`), so the result does not depend
 * on how the rows are batched and does not lose precision over many batches.
 * The covariance is unbiased (denominator `count - 1`), as `numpy.cov` and
 * pytorch-fid compute it.
 *
 * @example
 * const stats = new FeatureStatistics(64);
 * for (const batch of featureBatches) stats.update(batch); // [N, 64] tensors or FeatureMatrix
 * stats.count; stats.mean(); stats.covariance();
 */
export class FeatureStatistics {
  readonly dimension: number;
  #count = 0;
  #mean: Float64Array;
  /** Sum of squared deviations from the mean (scatter matrix), D×D. */
  #scatter: Float64Array;

  /** @param dimension Feature dimension D (1 to 4,096). */
  constructor(dimension: number) {
    this.dimension = checkSize('FeatureStatistics', 'dimension', dimension, MAX_FEATURE_DIMENSION, LimitError, OptionError, 'MAX_FEATURE_DIMENSION');
    this.#mean = new Float64Array(dimension);
    this.#scatter = new Float64Array(dimension * dimension);
  }

  /** Number of rows seen. */
  get count(): number {
    return this.#count;
  }

  /**
   * Adds feature rows: a `[N, D]` tensor (read with `dataSync`) or a
   * {@link FeatureMatrix}. Returns `this`. The input is not changed.
   */
  update(features: FeatureInput): this {
    const m = readMatrixSync('FeatureStatistics.update', 'features', features);
    if (m.cols !== this.dimension) {
      throw new ShapeError({ functionName: 'FeatureStatistics.update', argument: 'features', expected: `${this.dimension} columns (the dimension of these statistics)`, actual: `shape [${m.rows}, ${m.cols}]` });
    }
    const d = this.dimension;
    const n = m.rows;
    const mean = new Float64Array(d);
    for (let r = 0; r < n; r++) {
      const row = r * d;
      for (let j = 0; j < d; j++) mean[j] = mean[j]! + m.data[row + j]!;
    }
    for (let j = 0; j < d; j++) mean[j] = mean[j]! / n;
    const scatter = new Float64Array(d * d);
    const centred = new Float64Array(d);
    for (let r = 0; r < n; r++) {
      const row = r * d;
      for (let j = 0; j < d; j++) centred[j] = m.data[row + j]! - mean[j]!;
      for (let i = 0; i < d; i++) {
        const ci = centred[i]!;
        if (ci === 0) continue;
        const out = i * d;
        for (let j = i; j < d; j++) scatter[out + j] = scatter[out + j]! + ci * centred[j]!;
      }
    }
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) scatter[i * d + j] = scatter[j * d + i]!;
    this.#combine(n, mean, scatter);
    return this;
  }

  /** Merges `other` (same dimension) into these statistics. Returns `this`; `other` is not changed. */
  merge(other: FeatureStatistics): this {
    if (!(other instanceof FeatureStatistics)) {
      throw new StateError({ functionName: 'FeatureStatistics.merge', argument: 'other', expected: 'a FeatureStatistics', actual: describe(other) });
    }
    if (other.dimension !== this.dimension) {
      throw new ShapeError({ functionName: 'FeatureStatistics.merge', argument: 'other', expected: `statistics of dimension ${this.dimension}`, actual: `dimension ${other.dimension}` });
    }
    if (other.#count > 0) this.#combine(other.#count, other.#mean, other.#scatter);
    return this;
  }

  #combine(nb: number, meanB: Float64Array, scatterB: Float64Array): void {
    const d = this.dimension;
    const na = this.#count;
    const n = na + nb;
    const delta = new Float64Array(d);
    for (let j = 0; j < d; j++) delta[j] = meanB[j]! - this.#mean[j]!;
    const factor = (na * nb) / n;
    for (let i = 0; i < d; i++) {
      const di = delta[i]! * factor;
      const row = i * d;
      for (let j = 0; j < d; j++) this.#scatter[row + j] = this.#scatter[row + j]! + scatterB[row + j]! + di * delta[j]!;
    }
    for (let j = 0; j < d; j++) this.#mean[j] = this.#mean[j]! + (delta[j]! * nb) / n;
    this.#count = n;
  }

  /** The mean, a new Float64Array of D values. */
  mean(): Float64Array {
    return this.#mean.slice();
  }

  /** The unbiased covariance, a new row-major Float64Array of D×D values (zeros while `count < 2`). */
  covariance(): Float64Array {
    const out = new Float64Array(this.dimension * this.dimension);
    if (this.#count < 2) return out;
    const scale = 1 / (this.#count - 1);
    for (let i = 0; i < out.length; i++) out[i] = this.#scatter[i]! * scale;
    return out;
  }

  /** A copy. */
  clone(): FeatureStatistics {
    const copy = new FeatureStatistics(this.dimension);
    copy.merge(this);
    return copy;
  }

  /** Plain JSON (numbers survive a `JSON.stringify` round trip exactly). */
  toJSON(): FeatureStatisticsJson {
    return { dimension: this.dimension, count: this.#count, mean: Array.from(this.#mean), covariance: Array.from(this.covariance()) };
  }

  /**
   * Statistics from their JSON form (or from a mean and covariance computed
   * elsewhere, e.g. with numpy: `{ dimension, count, mean, covariance }`).
   *
   * @example
   * const restored = FeatureStatistics.fromJSON(JSON.parse(text));
   */
  static fromJSON(json: FeatureStatisticsJson): FeatureStatistics {
    const fn = 'FeatureStatistics.fromJSON';
    if (json === null || typeof json !== 'object') throw new FormatError({ functionName: fn, argument: 'json', expected: 'an object { dimension, count, mean, covariance }', actual: describe(json) });
    const d = json.dimension;
    if (!Number.isInteger(d) || d < 1 || d > MAX_FEATURE_DIMENSION) throw new FormatError({ functionName: fn, argument: 'json.dimension', expected: `an integer from 1 to ${MAX_FEATURE_DIMENSION}`, actual: describe(d) });
    if (!Number.isInteger(json.count) || json.count < 0) throw new FormatError({ functionName: fn, argument: 'json.count', expected: 'a non-negative integer', actual: describe(json.count) });
    const numbers = (key: 'mean' | 'covariance', length: number) => {
      const value = json[key];
      if (!Array.isArray(value) || value.length !== length || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new FormatError({ functionName: fn, argument: `json.${key}`, expected: `an array of ${length} finite numbers`, actual: describe(value) });
      }
      return value;
    };
    const mean = numbers('mean', d);
    const covariance = numbers('covariance', d * d);
    const stats = new FeatureStatistics(d);
    stats.#count = json.count;
    stats.#mean.set(mean);
    const scale = Math.max(json.count - 1, 0);
    for (let i = 0; i < d * d; i++) stats.#scatter[i] = covariance[i]! * scale;
    return stats;
  }
}
