import { findBackendFactory, getKernel, type KernelFunc, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { checkOneOf, checkOptions, describe } from '@ganforge/internal';
import { OptionError } from './errors';
import { OURS, type OurKernelConfig, SUPPORTED_BACKENDS, type SupportedBackend, trainingKernelConfigs } from './internal/kernel-configs';

/** Options of {@link registerTrainingKernels} and {@link unregisterTrainingKernels}. */
export interface RegisterTrainingKernelsOptions {
  /**
   * Backends to register kernels for: any of `'cpu'`, `'wasm'`, `'webgpu'`.
   * Default: those of the three whose backend is registered with tfjs when
   * the function is called (import the backend package first).
   * `'tensorflow'` (tfjs-node) is refused: its native kernels are already fast.
   */
  backends?: readonly string[];
}

/** One kernel that {@link registerTrainingKernels} put in place. */
export interface RegisteredKernel {
  kernelName: string;
  backendName: string;
  /** True when it replaced a kernel the backend had; false when the backend had none (e.g. `Conv2DBackpropFilter` on wasm). */
  replaced: boolean;
}

interface Entry {
  config: OurKernelConfig;
  original: ReturnType<typeof getKernel>;
}

/** What we registered, by `${backend}/${kernel}`, with what it replaced. */
const registered = new Map<string, Entry>();

/** Checks the options of both functions; `undefined` backends when not given. */
function checkRegisterOptions(fn: string, options: RegisterTrainingKernelsOptions | undefined): SupportedBackend[] | undefined {
  const { backends } = checkOptions(fn, options, ['backends'], OptionError);
  if (backends === undefined) return undefined;
  if (!Array.isArray(backends)) {
    throw new OptionError({ functionName: fn, argument: 'options.backends', expected: 'an array of backend names', actual: describe(backends) });
  }
  backends.forEach((name, i) => {
    if (name === 'tensorflow') {
      throw new OptionError({
        functionName: fn,
        argument: `options.backends[${i}]`,
        expected: `one of ${SUPPORTED_BACKENDS.map((b) => `'${b}'`).join(', ')} (tfjs-node kernels are native and never replaced)`,
        actual: "'tensorflow'",
      });
    }
    checkOneOf(fn, `options.backends[${i}]`, name, SUPPORTED_BACKENDS, OptionError);
  });
  return [...new Set(backends)] as SupportedBackend[];
}

function isOurs(config: ReturnType<typeof getKernel>): boolean {
  return config != null && (config as Partial<OurKernelConfig>)[OURS] === true;
}

/**
 * Registers fast training kernels with tfjs for the given backends:
 * - `wasm`: `Conv2DBackpropFilter` (missing from the backend) and
 *   `Conv2DBackpropInput` (transposed conv), both computed by the backend's
 *   own XNNPACK forward `Conv2D`;
 * - `cpu`: `Conv2DBackpropFilter` and `Conv2DBackpropInput` as cache-friendly
 *   direct loops (NHWC; NCHW falls back to the original kernels);
 * - `webgpu`: `Conv2DBackpropFilter` as a forward `Conv2D` with batch and
 *   channel axes swapped and dilation = stride.
 *
 * Nothing happens on import: call it once after importing the backends.
 * Calling it again is harmless (kernels already ours are left alone). Never
 * touches the `tensorflow` (tfjs-node) backend.
 *
 * @returns The kernels registered by this call (empty when all were already ours).
 * @throws {OptionError} for an unknown option key, or `backends` naming a backend other than cpu, wasm, webgpu.
 * @example
 * import '@tensorflow/tfjs-backend-wasm';
 * import { registerTrainingKernels } from '@ganforge/kernels';
 * registerTrainingKernels({ backends: ['wasm'] });
 * // now tf.grads / optimizer.minimize train conv nets on wasm
 */
export function registerTrainingKernels(options?: RegisterTrainingKernelsOptions): RegisteredKernel[] {
  const backends =
    checkRegisterOptions('registerTrainingKernels', options) ?? SUPPORTED_BACKENDS.filter((name) => findBackendFactory(name) != null);
  const done: RegisteredKernel[] = [];
  for (const backendName of backends) {
    const originals = new Map<string, KernelFunc | undefined>();
    const configs = trainingKernelConfigs(backendName, originals);
    for (const config of configs) {
      const current = getKernel(config.kernelName, backendName);
      if (isOurs(current)) continue;
      originals.set(config.kernelName, current?.kernelFunc);
      if (current) unregisterKernel(config.kernelName, backendName);
      // When the backend initialises after this call, tfjs runs the setup of the
      // registered kernel only: pass it on to the original we may call.
      const setupFunc = current?.setupFunc;
      registerKernel(setupFunc ? { ...config, setupFunc } : config);
      registered.set(`${backendName}/${config.kernelName}`, { config, original: current });
      done.push({ kernelName: config.kernelName, backendName, replaced: current != null });
    }
  }
  return done;
}

/**
 * Undoes {@link registerTrainingKernels} for the given backends: removes our
 * kernels and puts back what they replaced (useful in tests and benchmarks).
 *
 * @returns The kernels removed.
 * @throws {OptionError} for an unknown option key, or `backends` naming a backend other than cpu, wasm, webgpu.
 * @example
 * registerTrainingKernels({ backends: ['cpu'] });
 * // ... train ...
 * unregisterTrainingKernels({ backends: ['cpu'] }); // back to tfjs's own kernels
 */
export function unregisterTrainingKernels(options?: RegisterTrainingKernelsOptions): RegisteredKernel[] {
  const backends: string[] =
    checkRegisterOptions('unregisterTrainingKernels', options) ?? [...new Set([...registered.keys()].map((key) => key.split('/')[0]!))];
  const done: RegisteredKernel[] = [];
  for (const [key, entry] of [...registered]) {
    const { kernelName, backendName } = entry.config;
    if (!backends.includes(backendName)) continue;
    registered.delete(key);
    if (!isOurs(getKernel(kernelName, backendName))) continue; // replaced by someone else since
    unregisterKernel(kernelName, backendName);
    if (entry.original) registerKernel(entry.original);
    done.push({ kernelName, backendName, replaced: entry.original != null });
  }
  return done;
}
