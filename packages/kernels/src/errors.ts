import { GanforgeError } from '@ganforge/internal';

/**
 * Base class of every error thrown by `@ganforge/kernels`, derived from the house
 * `GanforgeError`: `functionName`, `argument`, `expected`, `actual` and `cause`, and a message
 * `<function>: <argument> must be <expected>, got <actual>`. `isGanforgeError(error)` is true
 * for it across ganforge packages.
 *
 * @example
 * try {
 *   registerTrainingKernels({ backends: ['tensorflow'] });
 * } catch (error) {
 *   if (error instanceof KernelsError) console.log(error.functionName, error.argument); // 'registerTrainingKernels' 'options.backends[0]'
 * }
 */
export class KernelsError extends GanforgeError {
  override name = 'KernelsError';
}

/**
 * An unknown option key (with a did-you-mean), or an argument or option value outside its
 * domain: a backend other than `cpu`, `wasm`, `webgpu`, a negative learning rate, a beta
 * outside [0, 1), a bad seed or shape.
 *
 * @example
 * expect(() => registerTrainingKernels({ backend: ['cpu'] } as never)).toThrow(OptionError); // did you mean 'backends'?
 */
export class OptionError extends KernelsError {
  override name = 'OptionError';
}

/**
 * `null`, `undefined`, a non-tensor or a disposed tensor where a tensor goes, or a gradient
 * for a variable that is not registered.
 *
 * @example
 * expect(() => deviceDropout(null as never, 0.5)).toThrow(TensorError);
 */
export class TensorError extends KernelsError {
  override name = 'TensorError';
}

/**
 * A tensor of the wrong shape: a gradient whose shape differs from its variable's.
 *
 * @example
 * const w = tf.variable(tf.zeros([2]), true, 'w');
 * expect(() => fusedAdam().applyGradients({ w: tf.zeros([3]) })).toThrow(ShapeError);
 */
export class ShapeError extends KernelsError {
  override name = 'ShapeError';
}

/**
 * A tensor of a dtype the function cannot take: `deviceDropout` of a non-float32 tensor.
 *
 * @example
 * expect(() => deviceDropout(tf.ones([2], 'int32'), 0.5)).toThrow(DtypeError);
 */
export class DtypeError extends KernelsError {
  override name = 'DtypeError';
}

/**
 * A size past a documented limit, checked before anything is allocated: a
 * `deviceRandomUniform` shape above `LIMITS.tensorElements` (2^31 - 1 elements), more than 8
 * wasm threads.
 *
 * @example
 * expect(() => deviceRandomUniform([1e6, 1e6])).toThrow(LimitError);
 */
export class LimitError extends KernelsError {
  override name = 'LimitError';
}

/**
 * A runtime environment that cannot do what was asked: `setupWasmThreads` outside Node,
 * before the wasm backend is imported, or once it is initialised.
 *
 * @example
 * await expect(setupWasmThreads()).rejects.toThrow(EnvironmentError); // when the wasm backend is already initialised
 */
export class EnvironmentError extends KernelsError {
  override name = 'EnvironmentError';
}

/**
 * The former name of {@link OptionError}.
 *
 * @deprecated Use `OptionError`; this alias is removed in the next minor version.
 * @example
 * error instanceof KernelsOptionError; // same as error instanceof OptionError
 */
export const KernelsOptionError = OptionError;
/** @deprecated Use `OptionError`. */
export type KernelsOptionError = OptionError;

/**
 * The former name of {@link EnvironmentError}.
 *
 * @deprecated Use `EnvironmentError`; this alias is removed in the next minor version.
 * @example
 * error instanceof KernelsEnvironmentError; // same as error instanceof EnvironmentError
 */
export const KernelsEnvironmentError = EnvironmentError;
/** @deprecated Use `EnvironmentError`. */
export type KernelsEnvironmentError = EnvironmentError;
