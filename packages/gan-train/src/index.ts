/**
 * @ganforge/gan-train: GAN losses, penalties, the training step, EMA, schedules,
 * batching and sample grids — pure tfjs-core, bundles for browsers. The training loop
 * with checkpoints, metrics files and the run lock is Node-only: `@ganforge/gan-train/node`.
 */
export { type BatchContext, type BatchSource, type TensorBatchSource, type TensorBatchesOptions, tensorBatches } from './batch-source';
export {
  CheckpointError,
  CheckpointMismatchError,
  type ConfigDifference,
  DtypeError,
  FormatError,
  GanTrainError,
  type GanTrainErrorDetails,
  LimitError,
  ModelError,
  OptionError,
  ShapeError,
  StateError,
  TensorError,
} from './errors';
export type { GanLoss, LabelSmoothingOptions } from './gan-loss';
export type { GanModel, LayerWeightLike } from './gan-model';
export {
  createGanStep,
  type GanStep,
  type GanStepOptions,
  type GanStepState,
  type LabelledBatch,
  type StepAugmentation,
  type StepMetrics,
  type StepRandom,
  type UpdateOrder,
} from './gan-step';
export { createGeneratorEma, type GeneratorEma, type GeneratorEmaOptions, type GeneratorEmaState } from './generator-ema';
export { type GradientPenaltyOptions, gradientPenalty } from './gradient-penalty';
export { hingeLoss } from './hinge-loss';
export { type EncodePngOptions, encodePng, type ImageGridOptions, imageGrid } from './image-grid';
export {
  cosineSchedule,
  type DecayScheduleOptions,
  type LearningRateSchedule,
  linearSchedule,
  type StepDecayScheduleOptions,
  stepDecaySchedule,
} from './learning-rate-schedules';
export { type LeastSquaresLossOptions, leastSquaresLoss } from './least-squares-loss';
export { type MinimaxLossOptions, minimaxLoss } from './minimax-loss';
export { type NonSaturatingLossOptions, nonSaturatingLoss } from './non-saturating-loss';
export type { GanPenalty, PenaltyContext } from './penalty';
export { RandomStream, type RandomStreamState } from './random-stream';
export { type RelativisticAverageLossOptions, relativisticAverageLoss } from './relativistic-average-loss';
export { sampleDiversity } from './sample-diversity';
export { wassersteinLoss } from './wasserstein-loss';
export { r1Penalty, r2Penalty, type ZeroCenteredPenaltyOptions } from './zero-centered-penalty';
