export { KernelsEnvironmentError, KernelsError, KernelsOptionError } from './errors';
export {
  type RegisteredKernel,
  type RegisterTrainingKernelsOptions,
  registerTrainingKernels,
  unregisterTrainingKernels,
} from './register-training-kernels';
