import { checkOneOf, checkOptions, checkSize, checkTensor, describe, LIMITS, type PixelRange, resolvePixelRange } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { LabelError, LimitError, OptionError, TensorError } from './errors';
import {
  checkProbabilityRows,
  type FindLabelIssuesOptions,
  type ProbabilityMatrix,
  readProbabilities,
  resolveLabelIssuesOptions,
} from './find-label-issues';
import type { LabelCheckSettings, LabelMethod } from './label-issue-summary';

/**
 * The issues an audit can look for. Every check gives each image a score and a
 * flag (score beyond the check's threshold).
 *
 * @example
 * const types: IssueType[] = ['nonFinite', 'exactDuplicate', 'outlier'];
 */
export type IssueType =
  | 'shape'
  | 'nonFinite'
  | 'outOfRange'
  | 'constant'
  | 'exactDuplicate'
  | 'nearDuplicate'
  | 'dark'
  | 'bright'
  | 'lowContrast'
  | 'lowInformation'
  | 'blurry'
  | 'outlier'
  | 'labelIssue';

/**
 * Every issue type, in report order.
 *
 * @example
 * for (const issue of ISSUE_TYPES) console.log(issue, report.counts[issue]);
 */
export const ISSUE_TYPES: readonly IssueType[] = [
  'shape',
  'nonFinite',
  'outOfRange',
  'constant',
  'exactDuplicate',
  'nearDuplicate',
  'dark',
  'bright',
  'lowContrast',
  'lowInformation',
  'blurry',
  'outlier',
  'labelIssue',
];

/**
 * Thresholds of the checks. Brightness values are luma in `[0, 1]` after
 * mapping `pixelRange` to `[0, 1]` (luma = 0.299 R + 0.587 G + 0.114 B, or the
 * only channel).
 *
 * @example
 * await audit(images, { thresholds: { outlier: 8, nearDuplicate: 0.05 } });
 */
export interface Thresholds {
  /** Flag when the fraction of NaN/±Inf values is above this. Default `0`. */
  nonFinite: number;
  /** Flag when the fraction of finite values outside `pixelRange` is above this. Default `0`. */
  outOfRange: number;
  /** Flag when (max − min) / (span of `pixelRange`) is at most this (a blank or constant image). Default `0.002`. */
  constant: number;
  /** Flag when the 99th percentile of luma is below this (nothing bright in the image). Default `0.2`. */
  dark: number;
  /** Flag when the 1st percentile of luma is above this (nothing dark in the image). Default `0.8`. */
  bright: number;
  /** Flag when the standard deviation of luma (RMS contrast) is below this. Default `0.05`. */
  lowContrast: number;
  /** Flag when the entropy of the 256-bin luma histogram, in bits (0..8), is below this. Default `0.3`. */
  lowInformation: number;
  /**
   * Flag when the variance of the 3×3 Laplacian of luma is below this. Default `0.0015`
   * (the usual rule of thumb of 100 on the 0..255 scale).
   */
  blurry: number;
  /**
   * Near duplicates: two images are near duplicates when the distance between
   * their thumbnails (16×16 luma, centred on the intensity centroid, mean
   * removed, unit length; 0 = identical up to shift, brightness and contrast,
   * √2 = unrelated) is at most this. Candidates are pairs within the `dHash`
   * or `pHash` distance and each image's nearest neighbours. Default `0.08`.
   */
  nearDuplicate: number;
  /** Pairs whose 64-bit dHash differ in at most this many bits are near-duplicate candidates. Default `4`. */
  dHash: number;
  /** Pairs whose 64-bit pHash differ in at most this many bits are near-duplicate candidates. Default `4`. */
  pHash: number;
  /**
   * Flag when the outlier score is above this. The score is the larger of two
   * robust z-scores ((x − median) / (1.4826 · MAD)): the mean distance to the
   * `neighbours` nearest thumbnails, and the Mahalanobis distance in the PCA
   * embedding. Default `5`.
   */
  outlier: number;
  /**
   * With `labelMethod: 'neighbourVote'` only: flag when the fraction of the `neighbours` nearest
   * images that carry the same label is at most this. Default `0`. (Confident learning, the
   * default method, needs no threshold; its score is the label quality, low = likely wrong.)
   */
  labelIssue: number;
}

/**
 * Options of `audit` (and, except `labels`, of `auditAcross`).
 *
 * @example
 * const options: AuditOptions = { labels, pixelRange: 'uint8', checks: ['nonFinite', 'exactDuplicate'] };
 */
export interface AuditOptions {
  /** One label per image (numbers, e.g. class ids; an array or a Tensor1D). Enables `labelIssue`. Default none. */
  labels?: ArrayLike<number> | tf.Tensor1D;
  /**
   * How label issues are found: `'confidentLearning'` (`findLabelIssues` on out-of-sample
   * probabilities: the `probabilities` option, else leave-one-out probabilities from the
   * `neighbours` nearest thumbnails) or `'neighbourVote'` (flag when at most
   * `thresholds.labelIssue` of the neighbours share the label). Default `'confidentLearning'`.
   */
  labelMethod?: LabelMethod;
  /**
   * Out-of-sample class probabilities [n, K] for confident learning (e.g. from
   * `crossValidatedProbabilities`); `labels` must then be class indices in [0, K). Default none:
   * leave-one-out neighbour probabilities.
   */
  probabilities?: ProbabilityMatrix;
  /** Options of confident learning (`filterBy`, `rankBy`, `minExamplesPerClass`, `fracNoise`; see `findLabelIssues`). Default cleanlab's. */
  labelIssues?: FindLabelIssuesOptions;
  /** Checks to run. Default every check (`labelIssue` only with labels, `shape` always). */
  checks?: readonly IssueType[];
  /** Threshold overrides; the rest keep their defaults (see `Thresholds`). */
  thresholds?: Partial<Thresholds>;
  /**
   * Pixel range of the images: `'unit'` (`[0, 1]`), `'uint8'` (`[0, 255]`),
   * `'symmetric'` (`[-1, 1]`) or `[min, max]`. Default `'unit'`.
   */
  pixelRange?: PixelRange;
  /** @deprecated Use `pixelRange` (this old spelling works, with a warning, until the next minor version). */
  range?: readonly [number, number];
  /**
   * Expected `[height, width, channels]` of every image (each side at most
   * `LIMITS.imageSide`); images of another shape are flagged `shape`. Default:
   * the most common shape of an array of images (of the files, for `auditFolder`),
   * the first batch's shape of a stream, the tensor's own shape for a `Tensor4D`.
   */
  shape?: readonly [number, number, number];
  /** Images processed per batch of tensor ops, at most `65536`. Default `512`. */
  batchSize?: number;
  /** Neighbours per image for outliers, label issues and near-duplicate candidates, at most `1000`. Default `10`. */
  neighbours?: number;
  /** Dimensions of the PCA embedding of the thumbnails used to find neighbours, at most `256`. Default `32`. */
  embeddingSize?: number;
  /**
   * Called when a stage of the audit ends: `features` (the streaming pass),
   * `embedding` (PCA), `neighbours` (nearest neighbours), `duplicates`
   * (near-duplicate pairs). Default none.
   */
  onStage?: (stage: 'features' | 'embedding' | 'neighbours' | 'duplicates') => void;
}

/** Options with every default filled in. */
export interface ResolvedAuditOptions {
  /** The public function being run (for error messages). */
  functionName: string;
  labels: Float64Array | null;
  labelCheck: LabelCheckSettings;
  checks: Set<IssueType>;
  thresholds: Thresholds;
  pixelRange: [number, number];
  shape: [number, number, number] | null;
  batchSize: number;
  neighbours: number;
  embeddingSize: number;
  onStage: ((stage: 'features' | 'embedding' | 'neighbours' | 'duplicates') => void) | undefined;
}

/**
 * The default thresholds.
 *
 * @example
 * console.log(DEFAULT_THRESHOLDS.outlier); // 6
 */
export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  nonFinite: 0,
  outOfRange: 0,
  constant: 0.002,
  dark: 0.2,
  bright: 0.8,
  lowContrast: 0.05,
  lowInformation: 0.3,
  blurry: 0.0015,
  nearDuplicate: 0.08,
  dHash: 4,
  pHash: 4,
  outlier: 5,
  labelIssue: 0,
});

/** The option keys `audit` accepts (`auditAcross` takes them less `labels` and `checks`). */
export const AUDIT_OPTION_KEYS = [
  'labels',
  'labelMethod',
  'probabilities',
  'labelIssues',
  'checks',
  'thresholds',
  'pixelRange',
  'shape',
  'batchSize',
  'neighbours',
  'embeddingSize',
  'onStage',
] as const;

const LABEL_KEYS: readonly string[] = ['labels', 'labelMethod', 'probabilities', 'labelIssues'];
const LABEL_METHODS: readonly LabelMethod[] = ['confidentLearning', 'neighbourVote'];

/** Old option spellings still accepted (with a warning) until the next minor version. */
export const DEPRECATED_OPTIONS: Readonly<Record<string, string>> = { range: 'pixelRange' };

/** Largest `batchSize`, `neighbours` and `embeddingSize`. */
export const OPTION_LIMITS = { batchSize: 65536, neighbours: 1000, embeddingSize: 256 } as const;

/**
 * Checks the keys of `audit`'s (or another function's) options object: unknown keys
 * are an `OptionError` with a did-you-mean, `range` moves to `pixelRange` with a warning.
 */
export function checkAuditOptionKeys<T extends object>(fn: string, options: T | undefined, known: readonly string[]): T {
  return checkOptions(fn, options, known, OptionError, { deprecated: DEPRECATED_OPTIONS });
}

/** Reads labels given as a tensor into an array (a live rank-1 tensor only); arrays pass through. */
export async function readLabels(fn: string, labels: AuditOptions['labels']): Promise<ArrayLike<number> | undefined> {
  if (labels === undefined || !(labels instanceof tf.Tensor || (typeof labels === 'object' && labels !== null && 'dataSync' in labels))) {
    return labels;
  }
  const tensor = checkTensor<tf.Tensor>(fn, 'options.labels', labels, TensorError);
  if (tensor.rank !== 1) {
    throw new LabelError({ functionName: fn, argument: 'options.labels', expected: 'a rank-1 tensor or array, one label per image', actual: describe(tensor) });
  }
  return Array.from(await tensor.data());
}

function sizeOption(fn: string, name: keyof typeof OPTION_LIMITS, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  return checkSize(fn, `options.${name}`, value, OPTION_LIMITS[name], LimitError, OptionError, `the limit of ${name}`);
}

/** Checks an `[height, width, channels]` shape option; each side at most `LIMITS.imageSide`. */
export function resolveShape(fn: string, argument: string, value: unknown): [number, number, number] {
  if (!Array.isArray(value) || value.length !== 3) {
    throw new OptionError({ functionName: fn, argument, expected: '[height, width, channels] of positive integers', actual: describe(value) });
  }
  return [
    checkSize(fn, `${argument}[0]`, value[0], LIMITS.imageSide, LimitError, OptionError),
    checkSize(fn, `${argument}[1]`, value[1], LIMITS.imageSide, LimitError, OptionError),
    checkSize(fn, `${argument}[2]`, value[2], 4096, LimitError, OptionError, 'the most channels'),
  ];
}

/**
 * Resolves every option default in one place and validates the keys and values.
 * `audit` passes `withLabels`; `auditAcross` takes the options less `labels` and `checks`.
 */
export async function resolveAuditOptions(fn: string, given: AuditOptions | undefined, withLabels = true): Promise<ResolvedAuditOptions> {
  const known = withLabels ? AUDIT_OPTION_KEYS : AUDIT_OPTION_KEYS.filter((key) => !LABEL_KEYS.includes(key) && key !== 'checks');
  const options = checkAuditOptionKeys(fn, given, known);
  const pixelRange = resolvePixelRange(fn, 'options.pixelRange', options.pixelRange ?? 'unit', OptionError);
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS };
  const overrides = checkOptions(fn, options.thresholds, Object.keys(DEFAULT_THRESHOLDS), OptionError, { argument: 'options.thresholds' });
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
      throw new OptionError({ functionName: fn, argument: `options.thresholds.${key}`, expected: 'a number >= 0', actual: describe(value) });
    }
    thresholds[key as keyof Thresholds] = value;
  }
  let labels: Float64Array | null = null;
  const labelValues = await readLabels(fn, options.labels);
  if (labelValues !== undefined) {
    const raw = labelValues as unknown;
    if (raw === null || typeof raw !== 'object' || typeof (raw as ArrayLike<number>).length !== 'number') {
      throw new LabelError({ functionName: fn, argument: 'options.labels', expected: 'an array or Tensor1D of numbers, one per image', actual: describe(raw) });
    }
    labels = Float64Array.from(raw as ArrayLike<number>);
    const bad = labels.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) {
      throw new LabelError({ functionName: fn, argument: `options.labels[${bad}]`, expected: 'a finite number', actual: describe((raw as ArrayLike<number>)[bad]) });
    }
  }
  if (options.checks !== undefined && !Array.isArray(options.checks)) {
    throw new OptionError({ functionName: fn, argument: 'options.checks', expected: 'an array of issue types', actual: describe(options.checks) });
  }
  const checks = new Set<IssueType>();
  (options.checks ?? ISSUE_TYPES).forEach((check, i) => {
    checks.add(checkOneOf(fn, `options.checks[${i}]`, check, ISSUE_TYPES, OptionError));
  });
  checks.add('shape');
  if (!labels) checks.delete('labelIssue');
  const shape = options.shape === undefined ? null : resolveShape(fn, 'options.shape', options.shape);
  if (options.onStage !== undefined && typeof options.onStage !== 'function') {
    throw new OptionError({ functionName: fn, argument: 'options.onStage', expected: 'a function or undefined', actual: describe(options.onStage) });
  }
  const labelMethod = checkOneOf(fn, 'options.labelMethod', options.labelMethod ?? 'confidentLearning', LABEL_METHODS, OptionError);
  let probabilities: LabelCheckSettings['probabilities'] = null;
  if (options.probabilities !== undefined) {
    probabilities = readProbabilities(fn, 'options.probabilities', options.probabilities);
    checkProbabilityRows(fn, 'options.probabilities', probabilities.values, probabilities.n, probabilities.k);
  }
  const labelCheck: LabelCheckSettings = {
    method: labelMethod,
    probabilities,
    find: resolveLabelIssuesOptions(fn, options.labelIssues, 'options.labelIssues'),
    threshold: thresholds.labelIssue,
    smoothing: 0.1,
  };
  return {
    functionName: fn,
    labels,
    labelCheck,
    checks,
    thresholds,
    pixelRange,
    shape,
    batchSize: sizeOption(fn, 'batchSize', options.batchSize, 512),
    neighbours: sizeOption(fn, 'neighbours', options.neighbours, 10),
    embeddingSize: sizeOption(fn, 'embeddingSize', options.embeddingSize, 32),
    onStage: options.onStage,
  };
}
