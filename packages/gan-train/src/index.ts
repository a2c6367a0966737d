export { atomicFileHandler } from './atomic-file-handler';
export { type BatchContext, type BatchSource, type TensorBatchesOptions, tensorBatches } from './batch-source';
export {
  type CheckpointInfo,
  type CheckpointManager,
  type CheckpointManagerOptions,
  type CheckpointState,
  createCheckpointManager,
  type TrainingSnapshot,
  type TrainProgress,
} from './checkpoint-manager';
export {
  CheckpointError,
  CheckpointMismatchError,
  type ConfigDifference,
  GanTrainError,
  type GanTrainErrorDetails,
  ModelError,
  OptionError,
  ShapeError,
} from './errors';
export type { GanLoss, LabelSmoothingOptions } from './gan-loss';
export type { GanModel, LayerWeightLike } from './gan-model';
export { type Augmentation, createGanStep, type GanStep, type GanStepOptions, type GanStepState, type StepMetrics } from './gan-step';
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
export {
  type AnomalyEvent,
  type AnomalyKind,
  type CheckpointEvent,
  type CheckpointOptions,
  type EpochEndEvent,
  type GuardOptions,
  type SampleEvent,
  type SampleOptions,
  type StepEndEvent,
  type TrainHooks,
  type TrainOptions,
  type TrainResult,
  train,
} from './train';
export { wassersteinLoss } from './wasserstein-loss';
export { r1Penalty, r2Penalty, type ZeroCenteredPenaltyOptions } from './zero-centered-penalty';
