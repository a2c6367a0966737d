import type * as tf from '@tensorflow/tfjs-core';
import { LabelError, OptionError } from './errors';

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
 * mapping `range` to `[0, 1]` (luma = 0.299 R + 0.587 G + 0.114 B, or the
 * only channel).
 *
 * @example
 * await audit(images, { thresholds: { outlier: 8, nearDuplicate: 0.05 } });
 */
export interface Thresholds {
  /** Flag when the fraction of NaN/±Inf values is above this. Default `0`. */
  nonFinite: number;
  /** Flag when the fraction of finite values outside `range` is above this. Default `0`. */
  outOfRange: number;
  /** Flag when (max − min) / (range span) is at most this (a blank or constant image). Default `0.002`. */
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
  /** Flag when the fraction of the `neighbours` nearest images that carry the same label is at most this. Default `0`. */
  labelIssue: number;
}

/**
 * Options of `audit` (and, except `labels`, of `auditAcross`).
 *
 * @example
 * const options: AuditOptions = { labels, range: [0, 255], checks: ['nonFinite', 'exactDuplicate'] };
 */
export interface AuditOptions {
  /** One label per image (numbers, e.g. class ids; an array or a Tensor1D). Enables `labelIssue`. Default none. */
  labels?: ArrayLike<number> | tf.Tensor1D;
  /** Checks to run. Default every check (`labelIssue` only with labels, `shape` always). */
  checks?: readonly IssueType[];
  /** Threshold overrides; the rest keep their defaults (see `Thresholds`). */
  thresholds?: Partial<Thresholds>;
  /** Declared pixel range `[low, high]` of the images. Default `[0, 1]`. */
  range?: readonly [number, number];
  /**
   * Expected `[height, width, channels]` of every image. Default: the most common
   * shape of an array of images, the first chunk's shape of a stream, the tensor's
   * own shape for a `Tensor4D`.
   */
  shape?: readonly [number, number, number];
  /** Images processed per batch of tensor ops. Default `512`. */
  batchSize?: number;
  /** Neighbours per image for outliers, label issues and near-duplicate candidates. Default `10`. */
  neighbours?: number;
  /** Dimensions of the PCA embedding of the thumbnails used to find neighbours. Default `32`. */
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
  labels: Float64Array | null;
  checks: Set<IssueType>;
  thresholds: Thresholds;
  range: [number, number];
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

const show = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
};

function positiveInteger(fn: string, name: string, value: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new OptionError(fn, `options.${name}`, `an integer in [1, ${max}]`, show(value));
  }
  return value;
}

/** Resolves every option default in one place and validates the values. */
export function resolveAuditOptions(
  fn: string,
  given: AuditOptions | undefined,
  labelValues: ArrayLike<number> | undefined,
  withLabels = true,
): ResolvedAuditOptions {
  if (given !== undefined && (given === null || typeof given !== 'object')) {
    throw new OptionError(fn, 'options', 'an object', show(given));
  }
  const options = { ...given, labels: labelValues };
  const range = options.range ?? [0, 1];
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !Number.isFinite(range[0]) ||
    !Number.isFinite(range[1]) ||
    !(range[0] < range[1])
  ) {
    throw new OptionError(fn, 'options.range', '[low, high] with finite low < high', show(range));
  }
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS };
  for (const [key, value] of Object.entries(options.thresholds ?? {})) {
    if (!(key in DEFAULT_THRESHOLDS)) {
      throw new OptionError(fn, 'options.thresholds', `keys among ${Object.keys(DEFAULT_THRESHOLDS).join(', ')}`, show(key));
    }
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
      throw new OptionError(fn, `options.thresholds.${key}`, 'a number >= 0', show(value));
    }
    thresholds[key as keyof Thresholds] = value;
  }
  let labels: Float64Array | null = null;
  if (withLabels && options.labels !== undefined) {
    const raw = options.labels as unknown;
    if (raw === null || typeof raw !== 'object' || typeof (raw as ArrayLike<number>).length !== 'number') {
      throw new LabelError(fn, 'options.labels', 'an array of numbers, one per image', show(raw));
    }
    labels = Float64Array.from(raw as ArrayLike<number>);
    const bad = labels.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) {
      throw new LabelError(fn, `options.labels[${bad}]`, 'a finite number', show((raw as ArrayLike<number>)[bad]));
    }
  }
  const checks = new Set<IssueType>(options.checks ?? ISSUE_TYPES);
  for (const check of checks) {
    if (!ISSUE_TYPES.includes(check)) {
      throw new OptionError(fn, 'options.checks', `issue types among ${ISSUE_TYPES.join(', ')}`, show(check));
    }
  }
  checks.add('shape');
  if (!labels) checks.delete('labelIssue');
  let shape: [number, number, number] | null = null;
  if (options.shape !== undefined) {
    const s = options.shape;
    if (!Array.isArray(s) || s.length !== 3 || !s.every((d) => Number.isInteger(d) && d >= 1)) {
      throw new OptionError(fn, 'options.shape', '[height, width, channels] of positive integers', show(s));
    }
    shape = [s[0], s[1], s[2]];
  }
  return {
    labels,
    checks,
    thresholds,
    range: [range[0], range[1]],
    shape,
    batchSize: positiveInteger(fn, 'batchSize', options.batchSize, 512, 65536),
    neighbours: positiveInteger(fn, 'neighbours', options.neighbours, 10, 1000),
    embeddingSize: positiveInteger(fn, 'embeddingSize', options.embeddingSize, 32, 256),
    onStage: options.onStage,
  };
}
