/**
 * @ganforge/gan-train/node: the Node.js-only parts — the training loop (checkpoints,
 * sample PNGs, metrics files), the checkpoint manager, an atomic tfjs IO handler and the
 * run lock. Everything of the main entry is re-exported, so one import serves a Node app.
 */
export * from './index';
export { atomicFileHandler } from './atomic-file-handler';
export {
  type CheckpointInfo,
  type CheckpointManager,
  type CheckpointManagerOptions,
  type CheckpointState,
  createCheckpointManager,
  type TrainingSnapshot,
  type TrainProgress,
} from './checkpoint-manager';
export { type LockRunOptions, lockRun, type RunLock, type RunLockHolder } from './run-lock';
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
