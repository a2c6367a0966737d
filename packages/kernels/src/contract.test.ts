import { contractSuite } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { KernelsError } from './errors';
import * as api from './index';

/** A tensor that has been disposed. */
function disposed(shape: number[] = [2, 3]): tf.Tensor {
  const t = tf.ones(shape);
  t.dispose();
  return t;
}

/** One registered variable for the optimizer probes, made on first use. */
let variable: tf.Variable | undefined;
function variableName(): string {
  variable ??= tf.variable(tf.zeros([2, 3]), true, 'kernels_contract_variable');
  return variable.name;
}

const noArguments = {
  misspelledOption: 'n/a: takes no arguments',
  nullInput: 'n/a: takes no arguments',
  disposedTensor: 'n/a: takes no arguments',
  oversized: 'n/a: takes no arguments',
} as const;

contractSuite({
  packageName: '@ganforge/kernels',
  api,
  baseError: KernelsError,
  cases: {
    registerTrainingKernels: {
      misspelledOption: () => api.registerTrainingKernels({ backend: ['cpu'] } as never),
      nullInput: () => api.registerTrainingKernels(null as never),
      disposedTensor: 'n/a: takes backend names, no tensor',
      oversized: 'n/a: no size; at most the three supported backends',
    },
    unregisterTrainingKernels: {
      misspelledOption: () => api.unregisterTrainingKernels({ backend: ['cpu'] } as never),
      nullInput: () => api.unregisterTrainingKernels(null as never),
      disposedTensor: 'n/a: takes backend names, no tensor',
      oversized: 'n/a: no size; at most the three supported backends',
    },
    setupWasmThreads: {
      misspelledOption: () => api.setupWasmThreads({ thread: 2 } as never),
      nullInput: () => api.setupWasmThreads(null as never),
      disposedTensor: 'n/a: takes a thread count, no tensor',
      oversized: () => api.setupWasmThreads({ threads: 64 }),
    },
    deviceRandomUniform: {
      misspelledOption: () => api.deviceRandomUniform([2], { maxVal: 5 } as never),
      nullInput: () => api.deviceRandomUniform(null as never),
      disposedTensor: 'n/a: takes a shape, no tensor',
      oversized: () => api.deviceRandomUniform([1e6, 1e6], { seed: 1 }),
    },
    deviceDropout: {
      misspelledOption: () => api.deviceDropout(tf.tidy(() => tf.ones([4])), 0.5, { seeed: 1 } as never),
      nullInput: () => api.deviceDropout(null as never, 0.5),
      disposedTensor: () => api.deviceDropout(disposed(), 0.5, { seed: 1 }),
      oversized: 'n/a: the output is the size of x, which already exists',
    },
    FusedAdamOptimizer: {
      misspelledOption: "n/a: positional hyper-parameters, as tfjs's AdamOptimizer; no options object",
      nullInput: () => new api.FusedAdamOptimizer(0.1, 0.9, 0.999).applyGradients(null as never),
      disposedTensor: () => new api.FusedAdamOptimizer(0.1, 0.9, 0.999).applyGradients({ [variableName()]: disposed() }),
      oversized: 'n/a: its state is the size of the variables it updates',
    },
    fusedAdam: {
      misspelledOption: "n/a: positional hyper-parameters, a drop-in for tf.train.adam; no options object",
      nullInput: () => api.fusedAdam(null as never),
      disposedTensor: () => api.fusedAdam().applyGradients({ [variableName()]: disposed() }),
      oversized: 'n/a: its state is the size of the variables it updates',
    },
    registerReductionGradients: noArguments,
    unregisterReductionGradients: noArguments,
  },
  exempt: {
    KernelsError: 'error class',
    OptionError: 'error class',
    TensorError: 'error class',
    ShapeError: 'error class',
    DtypeError: 'error class',
    LimitError: 'error class',
    EnvironmentError: 'error class',
    KernelsOptionError: 'deprecated alias of OptionError (one minor version)',
    KernelsEnvironmentError: 'deprecated alias of EnvironmentError (one minor version)',
  },
});
