export { type ClassifierScore, type ClassifierScoreOptions, type ClassStatistics, type ClassStatisticsOptions, classifierScore, classStatistics } from './class-statistics';
export { DtypeError, FormatError, GanMetricsError, LimitError, OptionError, ShapeError, StateError, TensorError, ValueError } from './errors';
export { FeatureStatistics, type FeatureStatisticsJson, MAX_FEATURE_DIMENSION } from './feature-statistics';
export { frechetDistance } from './frechet-distance';
export type { FeatureInput, FeatureMatrix } from './internal/matrix';
export { type KernelDistance, type KernelDistanceOptions, kernelInceptionDistance, type PolynomialKernelOptions, polynomialMmd } from './kernel-distance';
export { type DensityCoverage, type DensityCoverageOptions, densityCoverage, type PrecisionRecall, type PrecisionRecallOptions, precisionRecall } from './precision-recall';
