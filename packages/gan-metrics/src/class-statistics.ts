import { checkNumber, checkOptions, checkSize } from '@ganforge/internal';
import { LimitError, OptionError, ValueError } from './errors';
import { checkLabels, type LabelsInput, readLabels } from './internal/labels';
import { type FeatureInput, type Matrix, readMatrix } from './internal/matrix';

export type { LabelsInput } from './internal/labels';

/** Options of {@link classStatistics}. */
export interface ClassStatisticsOptions {
  /** A sample is "confident" when its top class probability is at least this. Default `0.9`. */
  confidence?: number;
  /** A class is "covered" when at least this share of the samples falls in it (by top class). Default `0.05`. */
  coverageShare?: number;
  /**
   * The class each sample was generated for (a conditional generator's requested
   * class), in the order of the rows: an array of integers in `[0, C)` or an int32
   * `[N]` / `[N, 1]` tensor. With it the result has `classAgreement` and
   * `classAgreementByClass`; without it both are `null`. Default: none.
   */
  labels?: LabelsInput;
}

/** Result of {@link classStatistics}. */
export interface ClassStatistics {
  /** Number of samples. */
  count: number;
  /** Samples per class (top class), length C. */
  classCounts: number[];
  /** Share of samples per class (sums to 1). */
  classHistogram: number[];
  /** Classes holding at least `coverageShare` of the samples. */
  classesCovered: number;
  /** `classesCovered / C`: 1 when every class is represented. */
  classCoverage: number;
  /** Entropy of `classHistogram` in nats (ln C for a uniform histogram, 0 for a single class). */
  classEntropy: number;
  /** Share of samples whose top probability is at least `confidence`. */
  confidentShare: number;
  /** With `labels`: share of samples whose top class equals the requested class. `null` without labels. */
  classAgreement: number | null;
  /**
   * With `labels`, length C: per requested class, the share of the samples requesting it whose top
   * class is that class (`null` for a class no sample requested). `null` without labels.
   */
  classAgreementByClass: (number | null)[] | null;
}

/** Options of {@link classifierScore}. */
export interface ClassifierScoreOptions {
  /** Number of consecutive splits the samples are cut into. Default `10` (the Inception Score's). */
  splits?: number;
}

/** Result of {@link classifierScore}. */
export interface ClassifierScore {
  /** Mean over splits of `exp(E_x KL(p(y|x) ‖ p(y)))`. */
  mean: number;
  /** Population standard deviation over splits. */
  std: number;
}

async function readProbabilities(fn: string, probabilities: unknown, minRows: number): Promise<Matrix> {
  const m = await readMatrix(fn, 'probabilities', probabilities, minRows);
  for (let r = 0; r < m.rows; r++) {
    let sum = 0;
    for (let c = 0; c < m.cols; c++) {
      const p = m.data[r * m.cols + c]!;
      if (p < 0) throw new ValueError({ functionName: fn, argument: 'probabilities', expected: 'non-negative rows that sum to 1 (softmax outputs)', actual: `${p} at row ${r}, column ${c}` });
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-3) throw new ValueError({ functionName: fn, argument: 'probabilities', expected: 'non-negative rows that sum to 1 (softmax outputs)', actual: `row ${r} summing to ${sum}` });
  }
  return m;
}

/**
 * Class histogram, class coverage, class entropy and confident share of a
 * classifier's probabilities for generated samples: what share of samples each
 * class gets (by top class), how many classes get at least 5 %, and how many
 * samples the classifier is sure about. A generator that collapses to a few
 * classes shows a low coverage and entropy. Given the classes a conditional
 * generator was asked for (`labels`), also the class agreement: the share of
 * samples the classifier puts in the requested class, overall and per class.
 *
 * @param probabilities `[N, C]` class probabilities (softmax outputs).
 * @throws {ShapeError} `labels` of another length than N (or a tensor not `[N]` / `[N, 1]`).
 * @throws {ValueError} a label that is not an integer in `[0, C)`.
 *
 * @example
 * const stats = await classStatistics(tf.tensor2d([[0.95, 0.05], [0.4, 0.6]]), { labels: [0, 0] });
 * // { count: 2, classCounts: [1, 1], classHistogram: [0.5, 0.5], classesCovered: 2, classCoverage: 1,
 * //   classEntropy: 0.693..., confidentShare: 0.5, classAgreement: 0.5, classAgreementByClass: [0.5, null] }
 */
export async function classStatistics(probabilities: FeatureInput, options?: ClassStatisticsOptions): Promise<ClassStatistics> {
  const fn = 'classStatistics';
  const resolved = checkOptions(fn, options, ['confidence', 'coverageShare', 'labels'], OptionError);
  const confidence = checkNumber(fn, 'options.confidence', resolved.confidence ?? 0.9, { min: 0, max: 1 }, OptionError);
  const coverageShare = checkNumber(fn, 'options.coverageShare', resolved.coverageShare ?? 0.05, { above: 0, max: 1 }, OptionError);
  const m = await readProbabilities(fn, probabilities, 1);
  const labels = resolved.labels === undefined ? undefined : await readLabels(fn, 'options.labels', resolved.labels);
  if (labels) checkLabels(fn, 'options.labels', labels, m.rows, m.cols, 'row of probabilities');
  return classStatisticsOf(m, confidence, coverageShare, labels);
}

/**
 * @internal `labels` must already be checked (`checkLabels`): length `m.rows`, values in `[0, m.cols)`.
 */
export function classStatisticsOf(m: Matrix, confidence: number, coverageShare: number, labels?: Int32Array): ClassStatistics {
  const classCounts = new Array<number>(m.cols).fill(0);
  const requested = labels ? new Array<number>(m.cols).fill(0) : undefined;
  const agreed = labels ? new Array<number>(m.cols).fill(0) : undefined;
  let confident = 0;
  for (let r = 0; r < m.rows; r++) {
    let best = 0;
    let top = m.data[r * m.cols]!;
    for (let c = 1; c < m.cols; c++) {
      const p = m.data[r * m.cols + c]!;
      if (p > top) {
        top = p;
        best = c;
      }
    }
    classCounts[best]!++;
    if (top >= confidence) confident++;
    if (labels) {
      const label = labels[r]!;
      requested![label]!++;
      if (best === label) agreed![label]!++;
    }
  }
  const classHistogram = classCounts.map((n) => n / m.rows);
  const classesCovered = classHistogram.filter((share) => share >= coverageShare).length;
  const classEntropy = -classHistogram.reduce((sum, p) => (p > 0 ? sum + p * Math.log(p) : sum), 0);
  let classAgreement: number | null = null;
  let classAgreementByClass: (number | null)[] | null = null;
  if (requested && agreed) {
    classAgreement = agreed.reduce((a, b) => a + b, 0) / m.rows;
    classAgreementByClass = requested.map((n, c) => (n === 0 ? null : agreed[c]! / n));
  }
  return {
    count: m.rows,
    classCounts,
    classHistogram,
    classesCovered,
    classCoverage: classesCovered / m.cols,
    classEntropy: Math.max(classEntropy, 0),
    confidentShare: confident / m.rows,
    classAgreement,
    classAgreementByClass,
  };
}

/**
 * The Inception Score formula over any classifier's probabilities: the
 * samples are cut into `splits` consecutive parts (as in Salimans et al.'s
 * code), and each part scores `exp(mean_x Σ_y p(y|x) (ln p(y|x) − ln p(y)))`
 * with `p(y)` the part's mean; the result is mean ± std over parts. Ranges from
 * 1 to C: high when each sample is classified confidently and the classes are
 * balanced. `0 · ln 0` counts as 0.
 *
 * @param probabilities `[N, C]` class probabilities, N ≥ splits.
 *
 * @example
 * const { mean, std } = await classifierScore(probabilities, { splits: 10 });
 */
export async function classifierScore(probabilities: FeatureInput, options?: ClassifierScoreOptions): Promise<ClassifierScore> {
  const fn = 'classifierScore';
  const resolved = checkOptions(fn, options, ['splits'], OptionError);
  const splits = checkSize(fn, 'options.splits', resolved.splits ?? 10, 10_000, LimitError, OptionError);
  const m = await readProbabilities(fn, probabilities, splits);
  return classifierScoreOf(m, splits);
}

/** @internal */
export function classifierScoreOf(m: Matrix, splits: number): ClassifierScore {
  const scores: number[] = [];
  const c = m.cols;
  for (let s = 0; s < splits; s++) {
    const start = Math.floor((s * m.rows) / splits);
    const end = Math.floor(((s + 1) * m.rows) / splits);
    const marginal = new Float64Array(c);
    for (let r = start; r < end; r++) for (let j = 0; j < c; j++) marginal[j] = marginal[j]! + m.data[r * c + j]!;
    for (let j = 0; j < c; j++) marginal[j] = marginal[j]! / (end - start);
    let kl = 0;
    for (let r = start; r < end; r++) {
      for (let j = 0; j < c; j++) {
        const p = m.data[r * c + j]!;
        if (p > 0) kl += p * (Math.log(p) - Math.log(marginal[j]!));
      }
    }
    scores.push(Math.exp(kl / (end - start)));
  }
  const mean = scores.reduce((a, b) => a + b, 0) / splits;
  const std = Math.sqrt(scores.reduce((sum, v) => sum + (v - mean) ** 2, 0) / splits);
  return { mean, std };
}
