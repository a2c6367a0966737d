export { type Batch, type BatchPosition, type BatchesOptions, batches, countBatches } from './batches';
export { clipToRange } from './clip-to-range';
export {
  DtypeError,
  LimitError,
  NormalizeError,
  type NormalizeErrorDetails,
  OptionError,
  RangeSpecError,
  ShapeError,
  StatsError,
  TensorError,
} from './errors';
export {
  type FitMeanStdOptions,
  fitMeanStd,
  type MeanStdBatch,
  type MeanStdSource,
  type MeanStdStats,
} from './fit-mean-std';
export { type AssertNhwcOptions, assertNhwc, nchwToNhwc, nhwcToNchw } from './layout';
export { PIXEL_RANGES, type PixelRange, type PixelRangeName } from './pixel-range';
export { type ScaleRangeOptions, scaleRange } from './scale-range';
export { type ShuffleIndicesOptions, shuffleIndices } from './shuffle-indices';
export { type MeanStd, type StandardizeOptions, standardize, unstandardize } from './standardize';
export { type ToUint8Options, toUint8 } from './to-uint8';
