export { type ClassifierScore, type ClassifierScoreOptions, type ClassStatistics, type ClassStatisticsOptions, classifierScore, classStatistics, type LabelsInput } from './class-statistics';
export { DtypeError, FormatError, GanMetricsError, LimitError, OptionError, ShapeError, StateError, TensorError, ValueError } from './errors';
export {
  type CreateFeatureExtractorOptions,
  createFeatureExtractor,
  type ExtractedFeatures,
  type ExtractFeaturesOptions,
  type ExtractorOutput,
  extractFeatures,
  FEATURE_NETWORKS,
  type FeatureExtractor,
  type FeatureFunction,
  type FeatureNetwork,
  type FeatureNetworkInfo,
  type FeatureNetworkName,
  type GraphModelLike,
  type LayersModelLike,
  loadFeatureNetwork,
} from './feature-extractor';
export { FeatureStatistics, type FeatureStatisticsJson, MAX_FEATURE_DIMENSION } from './feature-statistics';
export { frechetDistance } from './frechet-distance';
export type { FeatureInput, FeatureMatrix } from './internal/matrix';
export { type KernelDistance, type KernelDistanceOptions, kernelInceptionDistance, type PolynomialKernelOptions, polynomialMmd } from './kernel-distance';
export { type DensityCoverage, type DensityCoverageOptions, densityCoverage, type PrecisionRecall, type PrecisionRecallOptions, precisionRecall } from './precision-recall';
export { type ComputeReferenceOptions, computeReference, type ImageSource, loadReference, REFERENCE_SETS, type ReferenceName, type ReferenceSet } from './reference';
export { type GanMetrics, METRIC_NAMES, type MetricName, type ScoreImagesOptions, scoreImages } from './score-images';
