import { checkOneOf, checkOptions, checkSize, describe, type PixelRange, resolvePixelRange } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { LabelError, LimitError, OptionError, TensorError } from './errors';
import { extractFeatures } from './internal/extract';
import { fail } from './internal/kinds';
import { type NeighbourWeighting, neighbourLists, neighbourVoteProbabilities } from './internal/neighbour-probabilities';

const WEIGHTINGS: readonly NeighbourWeighting[] = ['uniform', 'rank', 'gaussian'];
import { type ImageSource, sourceKind } from './internal/source';
import { OPTION_LIMITS } from './options';

/**
 * Options of `neighbourProbabilities`.
 *
 * @example
 * const options: NeighbourProbabilitiesOptions = { neighbours: 10, pixelRange: 'uint8' };
 */
export interface NeighbourProbabilitiesOptions {
  /** Neighbours that vote for each image. Default `10`. */
  neighbours?: number;
  /** PCA dimensions of the thumbnail embedding in which candidates are searched. Default `32`. */
  embeddingSize?: number;
  /** Prior weight spread evenly over the classes (a neighbour at distance 0 weighs 1). Default `0.1`. */
  smoothing?: number;
  /**
   * How the votes are weighed: `'uniform'` (each neighbour 1), `'rank'` (1 / rank) or
   * `'gaussian'` (exp(−d² / h²), h² the median squared distance to the k-th neighbour). Default
   * `'gaussian'` (on planted swaps in Fashion-MNIST it flags fewer images and ranks the swaps higher
   * than `'uniform'`; see the README).
   */
  weighting?: NeighbourWeighting;
  /** Number of classes K (columns). Default the largest label + 1. */
  numClasses?: number;
  /** Pixel range of the images: `'unit'` [0, 1], `'uint8'`, `'symmetric'` or `[min, max]`. Default `'unit'`. */
  pixelRange?: PixelRange;
  /** Images per batch of tensor ops. Default `512`. */
  batchSize?: number;
}

const KNOWN = ['neighbours', 'embeddingSize', 'smoothing', 'weighting', 'numClasses', 'pixelRange', 'batchSize'] as const;

function size(fn: string, name: keyof typeof OPTION_LIMITS, value: unknown, fallback: number): number {
  return value === undefined ? fallback : checkSize(fn, `options.${name}`, value, OPTION_LIMITS[name], LimitError, OptionError, `the limit of ${name}`);
}

/** Reads labels (array or Tensor1D) as class indices: integers >= 0. */
export async function readIndexLabels(fn: string, argument: string, labels: unknown): Promise<Int32Array> {
  let raw: ArrayLike<number>;
  if (labels instanceof tf.Tensor) {
    if (labels.isDisposed) fail(TensorError, fn, argument, 'a tf.Tensor that is not disposed', describe(labels));
    if (labels.rank !== 1) fail(LabelError, fn, argument, 'a rank-1 tensor or array, one label per image', describe(labels));
    raw = (await labels.data()) as ArrayLike<number>;
  } else if (labels !== null && typeof labels === 'object' && typeof (labels as ArrayLike<number>).length === 'number') {
    raw = labels as ArrayLike<number>;
  } else {
    fail(LabelError, fn, argument, 'an array or Tensor1D of class indices, one per image', describe(labels));
  }
  const out = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]!;
    if (!Number.isInteger(v) || v < 0 || v > 65535) fail(LabelError, fn, `${argument}[${i}]`, 'a class index (an integer in [0, 65535])', describe(v));
    out[i] = v;
  }
  return out;
}

/**
 * Out-of-sample class probabilities from leave-one-out k-nearest neighbours, the cheap default
 * behind `audit`'s label check: every image is embedded as its thumbnail (16×16 luma, centred on
 * its intensity centroid, unit length), its `neighbours` nearest other images are found in a PCA
 * of the thumbnails (re-ranked by exact thumbnail distance), and each votes for its label with
 * weight exp(−d² / h²) (h² = the median squared distance to the k-th neighbour; `weighting`), plus `smoothing`
 * spread over the classes. An image never votes for itself, so the probabilities suit
 * `findLabelIssues`. Images that are blank, non-finite or of the wrong shape get uniform rows.
 *
 * @param images NHWC `Tensor4D`, array of `Tensor3D` or (async) iterable of `Tensor4D` batches, in `pixelRange`.
 * @param labels Class index per image (array or `Tensor1D`).
 * @returns A `Tensor2D` [n, numClasses] of probabilities (rows sum to 1).
 * @throws LabelError, OptionError, ShapeError.
 *
 * @example
 * const probabilities = await neighbourProbabilities(images, labels); // [n, 10]
 * const { issues } = findLabelIssues(labels, probabilities);
 * probabilities.dispose();
 */
export async function neighbourProbabilities(
  images: ImageSource,
  labels: ArrayLike<number> | tf.Tensor1D,
  options?: NeighbourProbabilitiesOptions,
): Promise<tf.Tensor2D> {
  const fn = 'neighbourProbabilities';
  const given = checkOptions(fn, options, KNOWN, OptionError);
  const neighbours = size(fn, 'neighbours', given.neighbours, 10);
  const embeddingSize = size(fn, 'embeddingSize', given.embeddingSize, 32);
  const batchSize = size(fn, 'batchSize', given.batchSize, 512);
  const smoothing = given.smoothing ?? 0.1;
  if (typeof smoothing !== 'number' || !(smoothing > 0) || !Number.isFinite(smoothing)) {
    fail(OptionError, fn, 'options.smoothing', 'a finite number > 0', describe(smoothing));
  }
  const range = resolvePixelRange(fn, 'options.pixelRange', given.pixelRange ?? 'unit', OptionError);
  const classLabels = await readIndexLabels(fn, 'labels', labels);
  const largest = classLabels.reduce((a, b) => Math.max(a, b), -1);
  const numClasses = given.numClasses ?? Math.max(largest + 1, 2);
  if (!Number.isInteger(numClasses) || numClasses < Math.max(largest + 1, 2) || numClasses > 65536) {
    fail(OptionError, fn, 'options.numClasses', `an integer in [${Math.max(largest + 1, 2)}, 65536] (above the largest label)`, describe(numClasses));
  }
  sourceKind(fn, 'images', images);
  const features = await extractFeatures(fn, 'images', images, { range, batchSize, shape: null, constantThreshold: 0.002 });
  if (features.size !== classLabels.length) {
    fail(LabelError, fn, 'labels', `one label per image (${features.size})`, `${classLabels.length} labels`);
  }
  const lists = await neighbourLists(features, neighbours, embeddingSize, batchSize);
  const classOf = Int32Array.from(classLabels, (label, i) => (features.eligible[i] ? label : -1));
  const weighting = checkOneOf(fn, 'options.weighting', given.weighting ?? 'gaussian', WEIGHTINGS, OptionError);
  const values = neighbourVoteProbabilities(lists, classOf, numClasses, features.size, smoothing, weighting);
  return tf.tensor2d(Float32Array.from(values), [features.size, numClasses]);
}
