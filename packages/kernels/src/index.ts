export {
  DtypeError,
  EnvironmentError,
  KernelsEnvironmentError,
  KernelsError,
  KernelsOptionError,
  LimitError,
  OptionError,
  ShapeError,
  TensorError,
} from './errors';
export {
  type RegisteredKernel,
  type RegisterTrainingKernelsOptions,
  registerTrainingKernels,
  unregisterTrainingKernels,
} from './register-training-kernels';
export { type SetupWasmThreadsOptions, setupWasmThreads, type WasmThreadsSetup } from './setup-wasm-threads';
export {
  type DeviceDropoutOptions,
  type DeviceRandomUniformOptions,
  deviceDropout,
  deviceRandomUniform,
} from './device-random';
export { FusedAdamOptimizer, fusedAdam, type NamedTensor } from './fused-adam';
export { registerReductionGradients, unregisterReductionGradients } from './reduction-gradients';
