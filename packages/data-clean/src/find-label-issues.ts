import { checkOneOf, checkOptions, checkTensor, describe, type TensorLike } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { LabelError, OptionError, ShapeError, TensorError } from './errors';
import { confidentLearning, type FilterBy, type RankBy } from './internal/confident-joint';
import { fail } from './internal/kinds';

export type { FilterBy, RankBy } from './internal/confident-joint';

/**
 * Options of `findLabelIssues` (cleanlab's names in brackets).
 *
 * @example
 * const options: FindLabelIssuesOptions = { filterBy: 'both', rankBy: 'normalizedMargin' };
 */
export interface FindLabelIssuesOptions {
  /**
   * Which examples are label issues [`filter_by`]. Default `'pruneByNoiseRate'`.
   * - `'pruneByNoiseRate'`: for each given label k and other class j, the C[k][j] examples
   *   labelled k with the largest margin p(j | x) − p(k | x) (C = calibrated confident joint);
   * - `'pruneByClass'`: for each class k, the n_k − C[k][k] examples labelled k with the smallest p(k | x);
   * - `'both'`: flagged by both of the above;
   * - `'confidentLearning'`: the examples counted off the diagonal of the confident joint;
   * - `'predictedNeqGiven'`: the argmax differs from the given label.
   * An example whose argmax is its given label is never an issue.
   */
  filterBy?: FilterBy;
  /**
   * Label quality score that ranks the issues, lowest first [`return_indices_ranked_by`]:
   * `'selfConfidence'` p(label | x) or `'normalizedMargin'` (p(label | x) − max other p + 1) / 2.
   * Default `'selfConfidence'`.
   */
  rankBy?: RankBy;
  /** Classes with at most this many examples are never pruned [`min_examples_per_class`]. Default `1`. */
  minExamplesPerClass?: number;
  /** Share of the estimated noise to flag, in (0, 1] (prune filters only) [`frac_noise`]. Default `1`. */
  fracNoise?: number;
}

/**
 * Label quality of one class, from the estimated joint p(given, true) (cleanlab's
 * `rank_classes_by_label_quality`).
 *
 * @example
 * const worst = result.classes.reduce((a, b) => (a.labelQuality < b.labelQuality ? a : b));
 */
export interface ClassLabelQuality {
  /** Class index. */
  label: number;
  /** Estimated examples labelled this class whose true class differs: round(n · p(given = k, true ≠ k)). */
  labelIssues: number;
  /** Estimated examples of this true class labelled otherwise: round(n · p(given ≠ k, true = k)). */
  inverseLabelIssues: number;
  /** p(true ≠ k | given = k). */
  labelNoise: number;
  /** p(given ≠ k | true = k). */
  inverseLabelNoise: number;
  /** 1 − labelNoise = p(true = k | given = k). */
  labelQuality: number;
}

/**
 * What `findLabelIssues` found. Matrices are `number[K][K]`, indexed [given][true] unless said.
 *
 * @example
 * const { issues, suggestedLabels, health } = findLabelIssues(labels, probabilities);
 * console.log(`${issues.length} issues, health ${health.toFixed(3)}; first: ${issues[0]} → ${suggestedLabels[issues[0]]}`);
 */
export interface LabelIssues {
  /** Indices of the label issues, lowest quality score first (ties: lower index first). */
  issues: number[];
  /** 1 for a label issue, per example. */
  isIssue: Uint8Array;
  /** Label quality score per example (see `rankBy`): low means likely mislabelled. */
  qualityScores: Float64Array;
  /** The most probable class per example (argmax of the probabilities). */
  suggestedLabels: Int32Array;
  /** Per-class thresholds t_k: the mean p(k | x) over the examples labelled k. */
  thresholds: Float64Array;
  /** Calibrated confident joint: counts of (given i, true j), rows summing to the label counts. */
  confidentJoint: number[][];
  /** Estimated joint p(given = i, true = j): the calibrated confident joint over n. */
  joint: number[][];
  /** Estimated noise matrix p(given = i | true = j) (columns sum to 1). */
  noiseMatrix: number[][];
  /** Estimated inverse noise matrix p(true = i | given = j) (columns sum to 1). */
  inverseNoiseMatrix: number[][];
  /** Label quality per class, by class index. */
  classes: ClassLabelQuality[];
  /** cleanlab's `num_label_issues`: examples off the diagonal of the (uncalibrated) confident joint whose argmax is not their label. */
  numLabelIssues: number;
  /** Overall label health, 1 − numLabelIssues / n (cleanlab's `overall_label_health_score`). */
  health: number;
  /** Trace of `joint`: the estimated share of correct labels. */
  jointTrace: number;
}

const KNOWN = ['filterBy', 'rankBy', 'minExamplesPerClass', 'fracNoise'] as const;
const FILTERS: readonly FilterBy[] = ['pruneByNoiseRate', 'pruneByClass', 'both', 'confidentLearning', 'predictedNeqGiven'];
const RANKS: readonly RankBy[] = ['selfConfidence', 'normalizedMargin'];

/** Matrix input: a `Tensor2D` or rows of numbers. */
export type ProbabilityMatrix = tf.Tensor2D | readonly ArrayLike<number>[];

/** Reads an n×K probability matrix into float64 (row-major). */
export function readProbabilities(fn: string, argument: string, value: unknown): { values: Float64Array; n: number; k: number } {
  if (Array.isArray(value)) {
    const n = value.length;
    const k = n > 0 ? (value[0] as ArrayLike<number>)?.length : 0;
    const values = new Float64Array(n * (k ?? 0));
    value.forEach((row, i) => {
      if (row === null || typeof row !== 'object' || (row as ArrayLike<number>).length !== k) {
        fail(ShapeError, fn, `${argument}[${i}]`, `a row of ${k} probabilities`, describe(row));
      }
      for (let c = 0; c < k!; c++) values[i * k! + c] = Number((row as ArrayLike<number>)[c]);
    });
    return { values, n, k: k ?? 0 };
  }
  const tensor = checkTensor<TensorLike & tf.Tensor>(fn, argument, value, TensorError);
  if (tensor.rank !== 2) fail(ShapeError, fn, argument, 'rank 2 [examples, classes]', describe(tensor));
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') fail(ShapeError, fn, argument, 'float32 probabilities', describe(tensor));
  return { values: Float64Array.from(tensor.dataSync() as Float32Array), n: tensor.shape[0]!, k: tensor.shape[1]! };
}

/** Reads class-index labels (array or Tensor1D) and checks them against n and K. */
export function readClassLabels(fn: string, argument: string, value: unknown, n: number, k: number): Int32Array {
  let raw: ArrayLike<number>;
  if (value instanceof tf.Tensor || (value !== null && typeof value === 'object' && 'dataSync' in (value as object))) {
    const tensor = checkTensor<TensorLike & tf.Tensor>(fn, argument, value, TensorError);
    if (tensor.rank !== 1) fail(LabelError, fn, argument, 'a rank-1 tensor or array, one label per example', describe(tensor));
    raw = tensor.dataSync() as ArrayLike<number>;
  } else if (value !== null && typeof value === 'object' && typeof (value as ArrayLike<number>).length === 'number') {
    raw = value as ArrayLike<number>;
  } else {
    fail(LabelError, fn, argument, 'an array or Tensor1D of class indices', describe(value));
  }
  if (raw.length !== n) fail(LabelError, fn, argument, `one label per row of probabilities (${n})`, `${raw.length} labels`);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = raw[i]!;
    if (!Number.isInteger(v) || v < 0 || v >= k) fail(LabelError, fn, `${argument}[${i}]`, `a class index in [0, ${k - 1}]`, describe(v));
    labels[i] = v;
  }
  return labels;
}

/** Checks that every row holds probabilities: finite, in [0, 1], summing to 1 within 1e−3. */
export function checkProbabilityRows(fn: string, argument: string, values: Float64Array, n: number, k: number): void {
  if (k < 2) fail(ShapeError, fn, argument, 'at least 2 classes (columns)', `${k}`);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const p = values[i * k + c]!;
      if (!(p >= 0 && p <= 1)) fail(OptionError, fn, `${argument}[${i}][${c}]`, 'a probability in [0, 1]', describe(p));
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-3) fail(OptionError, fn, `${argument}[${i}]`, 'probabilities summing to 1 (softmax outputs, not logits)', `a sum of ${sum}`);
  }
}

/** Resolves the options of `findLabelIssues`. */
export function resolveLabelIssuesOptions(fn: string, given: FindLabelIssuesOptions | undefined, argument = 'options') {
  const options = checkOptions(fn, given, KNOWN, OptionError, { argument });
  const filterBy = checkOneOf(fn, `${argument}.filterBy`, options.filterBy ?? 'pruneByNoiseRate', FILTERS, OptionError);
  const rankBy = checkOneOf(fn, `${argument}.rankBy`, options.rankBy ?? 'selfConfidence', RANKS, OptionError);
  const minExamplesPerClass = options.minExamplesPerClass ?? 1;
  if (!Number.isInteger(minExamplesPerClass) || minExamplesPerClass < 0) {
    fail(OptionError, fn, `${argument}.minExamplesPerClass`, 'an integer >= 0', describe(minExamplesPerClass));
  }
  const fracNoise = options.fracNoise ?? 1;
  if (typeof fracNoise !== 'number' || !(fracNoise > 0 && fracNoise <= 1)) fail(OptionError, fn, `${argument}.fracNoise`, 'a number in (0, 1]', describe(fracNoise));
  return { filterBy, rankBy, minExamplesPerClass, fracNoise };
}

const rows = (m: Float64Array, k: number): number[][] => Array.from({ length: k }, (_, i) => Array.from(m.subarray(i * k, (i + 1) * k)));

/** Confident learning on checked float64 inputs (shared by `findLabelIssues` and `audit`). */
export function labelIssuesOf(labels: Int32Array, values: Float64Array, k: number, options: ReturnType<typeof resolveLabelIssuesOptions>): LabelIssues {
  const r = confidentLearning(labels, values, k, options);
  const suggestedLabels = Int32Array.from(labels, (_, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (values[i * k + c]! > values[i * k + best]!) best = c;
    return best;
  });
  return {
    issues: Array.from(r.ranked),
    isIssue: r.mask,
    qualityScores: r.scores,
    suggestedLabels,
    thresholds: r.thresholds,
    confidentJoint: rows(r.confidentJoint, k),
    joint: rows(r.joint, k),
    noiseMatrix: rows(r.noiseMatrix, k),
    inverseNoiseMatrix: rows(r.inverseNoiseMatrix, k),
    classes: Array.from({ length: k }, (_, c) => ({
      label: c,
      labelIssues: r.labelIssuesPerClass[c]!,
      inverseLabelIssues: r.inverseLabelIssuesPerClass[c]!,
      labelNoise: r.labelNoise[c]!,
      inverseLabelNoise: r.inverseLabelNoise[c]!,
      labelQuality: r.labelQuality[c]!,
    })),
    numLabelIssues: r.numLabelIssues,
    health: r.health,
    jointTrace: r.jointTrace,
  };
}

/**
 * Finds label issues by confident learning (Northcutt et al., JAIR 2021), with the semantics of
 * cleanlab 2.x's `find_label_issues`: per-class thresholds (the mean self-confidence of each
 * class), the confident joint calibrated to the label counts, pruning (`filterBy`), ranking
 * (`rankBy`), and the estimated noise matrix, per-class label quality and overall label health.
 *
 * The probabilities must be **out of sample** (each row predicted by a model that did not train on
 * that example): leave-one-out neighbour probabilities (`neighbourProbabilities`) or k-fold
 * cross-validation (`crossValidatedProbabilities` from `@ganforge/data-clean/cross-val`).
 * A pure function: tensors are read (`dataSync`) and never disposed.
 *
 * @param labels Given class indices in [0, K), an array or `Tensor1D`.
 * @param probabilities n×K predicted probabilities (rows sum to 1), a `Tensor2D` or rows.
 * @throws LabelError (labels of the wrong length or out of range), ShapeError (not n×K, K < 2),
 *   OptionError (bad options, rows that are not probabilities), TensorError (null or disposed).
 *
 * @example
 * const probabilities = tf.tensor2d([[0.9, 0.1], [0.8, 0.2], [0.1, 0.9], [0.95, 0.05]]);
 * const { issues, suggestedLabels } = findLabelIssues([0, 0, 1, 1], probabilities);
 * console.log(issues, suggestedLabels[3]); // [3] 0
 */
export function findLabelIssues(labels: ArrayLike<number> | tf.Tensor1D, probabilities: ProbabilityMatrix, options?: FindLabelIssuesOptions): LabelIssues {
  const fn = 'findLabelIssues';
  const resolved = resolveLabelIssuesOptions(fn, options);
  const { values, n, k } = readProbabilities(fn, 'probabilities', probabilities);
  checkProbabilityRows(fn, 'probabilities', values, n, k);
  const classLabels = readClassLabels(fn, 'labels', labels, n, k);
  return labelIssuesOf(classLabels, values, k, resolved);
}
