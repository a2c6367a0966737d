/**
 * Geometric and tensor stages, and the executor that fuses every run of
 * geometric stages holding at most one interpolating sampler into one
 * resampling (see `types.ts` for the stages, `plan.ts` for the fusion).
 */
export { runStages, setJsPlanExecution } from './run-stages';
export {
  type AffineStage,
  identityTable,
  type LinearMaps,
  type RemapStage,
  type SamplerStage,
  type SeparableStage,
  type Stage,
  stageShape,
  type TensorStage,
  uniformLinear,
} from './types';
