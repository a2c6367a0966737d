import { checkNumber, checkOneOf, checkOptions, checkSeed, checkSize, describe, isTensorLike, LIMITS, type PixelRange, resolvePixelRange } from '@ganforge/internal';
import { classifierScoreOf, classStatisticsOf } from './class-statistics';
import { LimitError, OptionError, ShapeError } from './errors';
import type { FeatureExtractor, FeatureNetworkName } from './feature-extractor';
import { FeatureStatistics } from './feature-statistics';
import { frechetDistance } from './frechet-distance';
import { checkLabels, type LabelsInput, readLabels } from './internal/labels';
import { kernelInceptionDistance } from './kernel-distance';
import { prdcOf } from './precision-recall';
import { accumulate, type ImageSource, loadReference, REFERENCE_SETS, type ReferenceName, type ReferenceSet, resolveNetwork, subset } from './reference';

/** The metric groups {@link scoreImages} can compute. */
export type MetricName = 'fid' | 'kid' | 'precisionRecall' | 'densityCoverage' | 'classes' | 'classifierScore';

/** Every metric group, the default of `options.metrics`. */
export const METRIC_NAMES: readonly MetricName[] = ['fid', 'kid', 'precisionRecall', 'densityCoverage', 'classes', 'classifierScore'];

/** Options of {@link scoreImages}. */
export interface ScoreImagesOptions {
  /** The feature network. Default: the reference's network, else `'mnist'`. */
  network?: FeatureNetworkName | FeatureExtractor;
  /** The real side: a shipped set by name or a {@link ReferenceSet}. Default `'mnist'` for the mnist network, `'fashion-mnist-test'` for fashion-mnist; required for your own extractor. */
  reference?: ReferenceName | ReferenceSet;
  /** Pixel range of the images. Default `'unit'` (`[0, 1]`); generator outputs are usually `'symmetric'`. */
  pixelRange?: PixelRange;
  /** Images per forward pass. Default `500`. */
  batchSize?: number;
  /** Metric groups to compute (the others are `null`). Default all. FID + classes alone skip the pairwise passes. */
  metrics?: readonly MetricName[];
  /** KID subsets. Default `100`. */
  kidSubsets?: number;
  /** KID subset size. Default `1000`, or the smaller side when a side has fewer rows. */
  kidSubsetSize?: number;
  /** Rows per side for precision/recall and density/coverage (a seeded subset of each side when larger). Default `5000`. */
  maxSamples?: number;
  /** Top-class probability for `confidentShare`. Default `0.9`. */
  confidence?: number;
  /** Seed of the KID subsets and the precision/recall subsets. Default `2020`. */
  seed?: number;
  /**
   * The class each image was generated for (a conditional generator's requested class), in the
   * order the images come from the source (across all batches): an array of integers in `[0, C)`
   * (C = 10 for the shipped networks) or an int32 `[N]` / `[N, 1]` tensor. Gives `classAgreement`
   * and `classAgreementByClass` (with the `'classes'` metric). Default: none.
   */
  labels?: LabelsInput;
}

/** What {@link scoreImages} returns: plain numbers, `null` for metrics not computed (or without a classifier, or, for the agreement, without `labels`). */
export interface GanMetrics {
  /** Generated images scored. */
  count: number;
  /** The feature network's name. */
  network: string;
  /** The reference set's name. */
  reference: string;
  /** Fréchet distance between the features' Gaussians (lower is better; 0 for the same distribution). */
  fid: number | null;
  /** KID: mean unbiased MMD² over subsets (lower is better, ≈ 0 for the same distribution). */
  kid: number | null;
  /** Standard deviation of the subsets' MMD². */
  kidStd: number | null;
  /** Share of samples inside the real manifold (k = 3): fidelity. */
  precision: number | null;
  /** Share of real images inside the samples' manifold (k = 3): diversity. */
  recall: number | null;
  /** Density (k = 5): ≈ 1 for matching distributions. */
  density: number | null;
  /** Coverage (k = 5): share of real neighbourhoods holding a sample. */
  coverage: number | null;
  /** Inception-Score formula over the classifier's probabilities (1 to 10). */
  classifierScore: number | null;
  /** Its standard deviation over 10 splits. */
  classifierScoreStd: number | null;
  /** Share of samples per class (top class). */
  classHistogram: number[] | null;
  /** Classes with at least 5 % of the samples. */
  classesCovered: number | null;
  /** `classesCovered / classes`. */
  classCoverage: number | null;
  /** Entropy of the class histogram, nats (ln 10 = 2.303 when balanced). */
  classEntropy: number | null;
  /** Share of samples whose top class probability is at least `confidence`. */
  confidentShare: number | null;
  /** With `options.labels`: share of samples whose top class is the requested class (a conditional generator's target: ≥ 0.95). */
  classAgreement: number | null;
  /** With `options.labels`: per requested class, the agreement among the samples requesting it (`null` for a class nobody requested). */
  classAgreementByClass: (number | null)[] | null;
}

const DEFAULT_REFERENCE: Record<FeatureNetworkName, ReferenceName> = { mnist: 'mnist', 'fashion-mnist': 'fashion-mnist-test' };
const NETWORK_OF: Record<ReferenceName, FeatureNetworkName> = { mnist: 'mnist', 'fashion-mnist-train': 'fashion-mnist', 'fashion-mnist-test': 'fashion-mnist' };

/**
 * Scores generated images against a reference set in one pass over the
 * images: FID, KID (mean ± std), precision/recall (k = 3), density/coverage
 * (k = 5), the classifier score and the class histogram, coverage, entropy and
 * confident share. With the shipped networks and reference sets nothing but
 * the samples is needed (offline, in Node and browsers). With `labels` (the
 * classes a conditional generator was asked for) also the class agreement.
 *
 * @param images `[N, 28, 28, 1]` NHWC images for the shipped networks (or the
 *   size of your extractor), one tensor or an (async) iterable of batches; never resized.
 * @throws {ShapeError} `labels` of another count than the images.
 * @throws {ValueError} a label that is not an integer in `[0, C)`.
 *
 * @example
 * const scores = await scoreImages(samples, { pixelRange: 'symmetric' }); // mnist network and reference
 * console.log(scores.fid, scores.kid, scores.precision, scores.recall, scores.classCoverage);
 * // a conditional generator: samples[i] was generated for class requested[i]
 * const conditional = await scoreImages(samples, { pixelRange: 'symmetric', metrics: ['fid', 'classes'], labels: requested });
 * console.log(conditional.classAgreement, conditional.classAgreementByClass);
 */
export async function scoreImages(images: ImageSource, options?: ScoreImagesOptions): Promise<GanMetrics> {
  const fn = 'scoreImages';
  const resolved = checkOptions(fn, options, ['network', 'reference', 'pixelRange', 'batchSize', 'metrics', 'kidSubsets', 'kidSubsetSize', 'maxSamples', 'confidence', 'seed', 'labels'], OptionError);
  const pixelRange = resolvePixelRange(fn, 'options.pixelRange', resolved.pixelRange ?? 'unit', OptionError);
  const batchSize = checkSize(fn, 'options.batchSize', resolved.batchSize ?? 500, LIMITS.batch, LimitError, OptionError);
  const kidSubsets = checkSize(fn, 'options.kidSubsets', resolved.kidSubsets ?? 100, 100_000, LimitError, OptionError);
  const kidSubsetSize = checkSize(fn, 'options.kidSubsetSize', resolved.kidSubsetSize ?? 1000, LIMITS.batch, LimitError, OptionError);
  const maxSamples = checkSize(fn, 'options.maxSamples', resolved.maxSamples ?? 5000, LIMITS.batch, LimitError, OptionError);
  const confidence = checkNumber(fn, 'options.confidence', resolved.confidence ?? 0.9, { min: 0, max: 1 }, OptionError);
  const seed = checkSeed(fn, 'options.seed', resolved.seed, OptionError) ?? 2020;
  const metrics = resolved.metrics ?? METRIC_NAMES;
  if (!Array.isArray(metrics) || metrics.length === 0) throw new OptionError({ functionName: fn, argument: 'options.metrics', expected: `a non-empty array of ${METRIC_NAMES.map((m) => `'${m}'`).join(', ')}`, actual: describe(metrics) });
  for (const [i, metric] of metrics.entries()) checkOneOf(fn, `options.metrics[${i}]`, metric, METRIC_NAMES, OptionError);
  const wants = (metric: MetricName) => metrics.includes(metric);
  const labels = resolved.labels === undefined ? undefined : await readLabels(fn, 'options.labels', resolved.labels);
  if (labels && isTensorLike(images) && !images.isDisposed && images.rank === 4) checkLabels(fn, 'options.labels', labels, images.shape[0]!, Number.POSITIVE_INFINITY, 'image');

  let referenceOption = resolved.reference;
  if (referenceOption !== undefined && typeof referenceOption === 'string') checkOneOf(fn, 'options.reference', referenceOption, REFERENCE_SETS, OptionError);
  let networkOption = resolved.network;
  if (networkOption === undefined) networkOption = typeof referenceOption === 'string' ? NETWORK_OF[referenceOption] : ((referenceOption?.network as FeatureNetworkName | undefined) ?? 'mnist');
  if (typeof networkOption === 'string' && networkOption !== 'mnist' && networkOption !== 'fashion-mnist') {
    checkOneOf(fn, 'options.network', networkOption, ['mnist', 'fashion-mnist'] as const, OptionError);
  }
  if (referenceOption === undefined) {
    if (typeof networkOption !== 'string') throw new OptionError({ functionName: fn, argument: 'options.reference', expected: 'a ReferenceSet (computeReference) when options.network is your own extractor', actual: 'undefined' });
    referenceOption = DEFAULT_REFERENCE[networkOption];
  }
  if (referenceOption === null || (typeof referenceOption !== 'string' && typeof referenceOption !== 'object')) {
    throw new OptionError({ functionName: fn, argument: 'options.reference', expected: `one of ${REFERENCE_SETS.map((r) => `'${r}'`).join(', ')} or a ReferenceSet`, actual: describe(referenceOption) });
  }
  const reference = typeof referenceOption === 'string' ? await loadReference(referenceOption) : referenceOption;
  if (!(reference.statistics instanceof FeatureStatistics) || !reference.features?.data) {
    throw new OptionError({ functionName: fn, argument: 'options.reference', expected: 'a ReferenceSet (loadReference or computeReference)', actual: describe(referenceOption) });
  }
  const { extractor, owned } = await resolveNetwork(fn, networkOption);
  try {
    if (reference.network !== extractor.name) {
      throw new OptionError({ functionName: fn, argument: 'options.reference', expected: `features from the '${extractor.name}' network (options.network)`, actual: `the reference '${reference.name}' of the '${reference.network}' network` });
    }
    const { accumulator } = await accumulate(fn, images, extractor, pixelRange, batchSize);
    const { features, probabilities } = accumulator.result();
    const n = features.shape[0];
    if (n < 2) throw new ShapeError({ functionName: fn, argument: 'images', expected: 'at least 2 images', actual: `${n}` });
    if (labels) checkLabels(fn, 'options.labels', labels, n, probabilities ? probabilities.shape[1] : Number.POSITIVE_INFINITY, 'image');
    if (features.shape[1] !== reference.statistics.dimension) {
      throw new ShapeError({ functionName: fn, argument: 'options.reference', expected: `${features.shape[1]}-dimensional features, as the network gives`, actual: `dimension ${reference.statistics.dimension}` });
    }
    const result: GanMetrics = {
      count: n,
      network: extractor.name,
      reference: reference.name,
      fid: null,
      kid: null,
      kidStd: null,
      precision: null,
      recall: null,
      density: null,
      coverage: null,
      classifierScore: null,
      classifierScoreStd: null,
      classHistogram: null,
      classesCovered: null,
      classCoverage: null,
      classEntropy: null,
      confidentShare: null,
      classAgreement: null,
      classAgreementByClass: null,
    };
    if (wants('fid')) result.fid = frechetDistance(reference.statistics, new FeatureStatistics(features.shape[1]).update(features));
    if (wants('kid')) {
      const size = Math.min(kidSubsetSize, n, reference.features.shape[0]);
      const kid = await kernelInceptionDistance(features, reference.features, { subsets: kidSubsets, subsetSize: size, seed });
      result.kid = kid.mean;
      result.kidStd = kid.std;
    }
    if (wants('precisionRecall') || wants('densityCoverage')) {
      const fake = n > maxSamples ? subset(features, maxSamples, seed) : features;
      const real = reference.features.shape[0] > maxSamples ? subset(reference.features, maxSamples, seed + 1) : reference.features;
      if (fake.shape[0] < 6 || real.shape[0] < 6) throw new ShapeError({ functionName: fn, argument: 'images', expected: 'at least 6 images on each side for precision/recall and density/coverage (k = 5)', actual: `${fake.shape[0]} samples, ${real.shape[0]} reference rows` });
      const prdc = await prdcOf({ data: real.data, rows: real.shape[0], cols: real.shape[1] }, { data: fake.data, rows: fake.shape[0], cols: fake.shape[1] }, 3, 5);
      if (wants('precisionRecall')) {
        result.precision = prdc.precision;
        result.recall = prdc.recall;
      }
      if (wants('densityCoverage')) {
        result.density = prdc.density;
        result.coverage = prdc.coverage;
      }
    }
    if (probabilities) {
      const matrix = { data: probabilities.data, rows: probabilities.shape[0], cols: probabilities.shape[1] };
      if (wants('classes')) {
        const classes = classStatisticsOf(matrix, confidence, 0.05, labels);
        result.classHistogram = classes.classHistogram;
        result.classesCovered = classes.classesCovered;
        result.classCoverage = classes.classCoverage;
        result.classEntropy = classes.classEntropy;
        result.confidentShare = classes.confidentShare;
        result.classAgreement = classes.classAgreement;
        result.classAgreementByClass = classes.classAgreementByClass;
      }
      if (wants('classifierScore')) {
        const score = classifierScoreOf(matrix, Math.min(10, n));
        result.classifierScore = score.mean;
        result.classifierScoreStd = score.std;
      }
    }
    return result;
  } finally {
    if (owned) extractor.dispose();
  }
}
