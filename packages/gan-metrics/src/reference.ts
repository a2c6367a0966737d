import { checkOneOf, checkOptions, checkSeed, checkSize, describe, LIMITS, type PixelRange, Prng, resolvePixelRange } from '@ganforge/internal';
import type * as tf from '@tensorflow/tfjs-core';
import { LimitError, OptionError, ShapeError, TensorError } from './errors';
import { checkExtractor, FeatureAccumulator, type FeatureExtractor, type FeatureNetworkName, loadFeatureNetwork } from './feature-extractor';
import { FeatureStatistics } from './feature-statistics';
import { decodeFloat16, decodeFloat64 } from './internal/base64';
import { type FeatureMatrix, selectRows } from './internal/matrix';
import { sample } from './kernel-distance';

/** Names of the reference sets shipped in the package. */
export type ReferenceName = 'mnist' | 'fashion-mnist-train' | 'fashion-mnist-test';

/** The reference sets shipped in the package. */
export const REFERENCE_SETS: readonly ReferenceName[] = ['mnist', 'fashion-mnist-train', 'fashion-mnist-test'];

/**
 * The real side of a comparison: feature statistics over a whole set (for
 * FID) and feature rows (for KID, precision/recall, density/coverage).
 */
export interface ReferenceSet {
  /** A name for reports, e.g. `'mnist'`. */
  name: string;
  /** The name of the feature extractor the features come from; scoring checks that it matches. */
  network: string;
  /** Images the statistics cover. */
  count: number;
  /** Mean and covariance of the features of all `count` images. */
  statistics: FeatureStatistics;
  /** Feature rows (all, or a seeded subset for the shipped sets: 5,000 rows stored as float16). */
  features: FeatureMatrix;
}

interface StoredReference {
  name: string;
  network: FeatureNetworkName;
  dataset: string;
  count: number;
  dimension: number;
  featureRows: number;
  meanBase64: string;
  covarianceBase64: string;
  featuresFloat16Base64: string;
}

async function storedReference(name: ReferenceName): Promise<StoredReference> {
  if (name === 'mnist') return (await import('./references/mnist')).reference;
  if (name === 'fashion-mnist-train') return (await import('./references/fashion-mnist-train')).reference;
  return (await import('./references/fashion-mnist-test')).reference;
}

/**
 * Loads a reference set shipped in the package (no files, no network):
 * `'mnist'` (the 10,000 digits embedded in `@ganforge/mnist`, through the
 * `'mnist'` network), `'fashion-mnist-train'` (60,000) or `'fashion-mnist-test'`
 * (10,000, through the `'fashion-mnist'` network). The statistics cover the
 * whole set; the feature rows are a seeded 5,000-row subset.
 *
 * @example
 * const reference = await loadReference('mnist');
 * reference.count; // 10000
 * reference.statistics.dimension; // 64
 */
export async function loadReference(name: ReferenceName, options?: Record<string, never>): Promise<ReferenceSet> {
  const fn = 'loadReference';
  checkOptions(fn, options, [], OptionError);
  checkOneOf(fn, 'name', name, REFERENCE_SETS, OptionError);
  const stored = await storedReference(name);
  const statistics = FeatureStatistics.fromJSON({
    dimension: stored.dimension,
    count: stored.count,
    mean: Array.from(decodeFloat64(stored.meanBase64)),
    covariance: Array.from(decodeFloat64(stored.covarianceBase64)),
  });
  return {
    name: stored.name,
    network: stored.network,
    count: stored.count,
    statistics,
    features: { data: decodeFloat16(stored.featuresFloat16Base64), shape: [stored.featureRows, stored.dimension] },
  };
}

/** Image batches: one NHWC tensor, or an (async) iterable of them (the caller keeps ownership). */
export type ImageSource = tf.Tensor4D | Iterable<tf.Tensor4D> | AsyncIterable<tf.Tensor4D>;

/** Options of {@link computeReference}. */
export interface ComputeReferenceOptions {
  /** The feature network: a shipped one by name or your own extractor. Default `'mnist'`. */
  network?: FeatureNetworkName | FeatureExtractor;
  /** Pixel range of the images. Default `'unit'` (`[0, 1]`). */
  pixelRange?: PixelRange;
  /** Images per forward pass. Default `500`. */
  batchSize?: number;
  /** Keep at most this many feature rows (a seeded subset; the statistics still cover every image). Default: keep all. */
  maxSamples?: number;
  /** Seed of the subset. Default `2020`. */
  seed?: number;
  /** Name for reports. Default `'custom'`. */
  name?: string;
}

/**
 * Computes a reference set from real images: one pass through the feature
 * network, float64 statistics over all images, the feature rows kept (or a
 * seeded subset of `maxSamples`). Use it to score against your own data.
 *
 * @example
 * const reference = await computeReference(realImages, { network: 'mnist', pixelRange: 'unit' });
 * const scores = await scoreImages(samples, { reference, pixelRange: 'symmetric' });
 */
export async function computeReference(images: ImageSource, options?: ComputeReferenceOptions): Promise<ReferenceSet> {
  const fn = 'computeReference';
  const resolved = checkOptions(fn, options, ['network', 'pixelRange', 'batchSize', 'maxSamples', 'seed', 'name'], OptionError);
  const pixelRange = resolvePixelRange(fn, 'options.pixelRange', resolved.pixelRange ?? 'unit', OptionError);
  const batchSize = checkSize(fn, 'options.batchSize', resolved.batchSize ?? 500, LIMITS.batch, LimitError, OptionError);
  const maxSamples = resolved.maxSamples === undefined ? undefined : checkSize(fn, 'options.maxSamples', resolved.maxSamples, LIMITS.batch, LimitError, OptionError);
  const seed = checkSeed(fn, 'options.seed', resolved.seed, OptionError) ?? 2020;
  const name = resolved.name ?? 'custom';
  const { extractor, owned } = await resolveNetwork(fn, resolved.network ?? 'mnist');
  try {
    const { accumulator } = await accumulate(fn, images, extractor, pixelRange, batchSize);
    const { features } = accumulator.result();
    if (features.shape[0] < 2) throw new ShapeError({ functionName: fn, argument: 'images', expected: 'at least 2 images', actual: `${features.shape[0]}` });
    const statistics = new FeatureStatistics(features.shape[1]).update(features);
    const kept = maxSamples !== undefined && maxSamples < features.shape[0] ? subset(features, maxSamples, seed) : features;
    return { name, network: extractor.name, count: features.shape[0], statistics, features: kept };
  } finally {
    if (owned) extractor.dispose();
  }
}

/** @internal */
export function subset(features: FeatureMatrix, count: number, seed: number): FeatureMatrix {
  const indices = Array.from(sample(new Prng(seed), features.shape[0], count)).sort((a, b) => a - b);
  const m = selectRows({ data: features.data, rows: features.shape[0], cols: features.shape[1] }, indices);
  return { data: m.data, shape: [m.rows, m.cols] };
}

/** @internal */
export async function resolveNetwork(fn: string, network: unknown): Promise<{ extractor: FeatureExtractor; owned: boolean }> {
  if (typeof network === 'string') {
    checkOneOf(fn, 'options.network', network, ['mnist', 'fashion-mnist'] as const, OptionError);
    return { extractor: await loadFeatureNetwork(network as FeatureNetworkName), owned: true };
  }
  if (network === null || typeof network !== 'object') {
    throw new OptionError({ functionName: fn, argument: 'options.network', expected: "'mnist', 'fashion-mnist' or a FeatureExtractor", actual: describe(network) });
  }
  return { extractor: checkExtractor(fn, 'options.network', network), owned: false };
}

/** Runs the extractor over every batch of `images`. @internal */
export async function accumulate(fn: string, images: unknown, extractor: FeatureExtractor, pixelRange: readonly [number, number], batchSize: number): Promise<{ accumulator: FeatureAccumulator }> {
  const accumulator = new FeatureAccumulator();
  if (images === null || typeof images !== 'object') {
    throw new TensorError({ functionName: fn, argument: 'images', expected: 'an NHWC tf.Tensor4D or an (async) iterable of them', actual: describe(images) });
  }
  if ('shape' in images && 'dtype' in images) {
    await accumulator.add(fn, images as tf.Tensor4D, extractor, pixelRange, batchSize);
    return { accumulator };
  }
  const iterable = images as Partial<Iterable<tf.Tensor4D> & AsyncIterable<tf.Tensor4D>>;
  if (typeof iterable[Symbol.asyncIterator] !== 'function' && typeof iterable[Symbol.iterator] !== 'function') {
    throw new TensorError({ functionName: fn, argument: 'images', expected: 'an NHWC tf.Tensor4D or an (async) iterable of them', actual: describe(images) });
  }
  let index = 0;
  for await (const batch of images as AsyncIterable<tf.Tensor4D>) {
    await accumulator.add(fn, batch, extractor, pixelRange, batchSize, `images[${index++}]`);
  }
  return { accumulator };
}
