import * as tf from '@tensorflow/tfjs-core';
import { checkAllocation, checkNumber, checkOptions, checkTensor, describe } from '@ganforge/internal';
import { DtypeError, LimitError, OptionError, TensorError } from './errors';
import { dropoutScale, dropoutThreshold, freshSeed, streamKey, UNIFORM_UNIT } from './internal/counter-rng';
import {
  DROPOUT_KERNEL,
  type DropoutAttrs,
  ensureDeviceKernels,
  RANDOM_UNIFORM_KERNEL,
  type RandomUniformAttrs,
  reference,
} from './internal/device-kernels';

/** Options of {@link deviceRandomUniform}. */
export interface DeviceRandomUniformOptions {
  /** Lower bound (inclusive). Default `0`. */
  minval?: number;
  /** Upper bound (exclusive). Default `1`. */
  maxval?: number;
  /**
   * Integer seed in [0, 2^32); 0 is a seed like any other. The same seed gives the same
   * numbers on every call and every backend, so draw a fresh seed per call from your own
   * seeded generator. Default: a fresh seed from `Math.random` (unseeded).
   */
  seed?: number;
}

/** Options of {@link deviceDropout}. */
export interface DeviceDropoutOptions {
  /** Integer seed in [0, 2^32) of the keep mask; see {@link DeviceRandomUniformOptions.seed}. Default: unseeded. */
  seed?: number;
}

function checkSeed(fn: string, seed: unknown): number {
  if (seed === undefined) return freshSeed();
  return checkNumber(fn, 'options.seed', seed, { integer: true, min: 0, max: 4294967295 }, OptionError);
}

/**
 * Uniform random float32 numbers in `[minval, maxval)` generated where the tensor lives:
 * a counter-based hash of (seed, element index) computed by one kernel (WGSL on `webgpu`,
 * JavaScript on `cpu` and `wasm`, the same bits on all three; other backends get the
 * JavaScript numbers uploaded). Unlike `tf.randomUniform`, nothing is computed in
 * JavaScript on a GPU backend. Each value is `minval + k * (maxval - minval) * 2^-24`
 * with k a uniform integer in [0, 2^24) (on a GPU the last step may round 1 ulp
 * differently where the compiler fuses a multiply-add).
 *
 * @param shape Output shape (non-negative integers).
 * @throws {OptionError} on an unknown option key, a bad shape, bounds or seed.
 * @throws {LimitError} when the shape has more than `LIMITS.tensorElements` (2^31 - 1) elements, before allocating.
 * @example
 * import { deviceRandomUniform } from '@ganforge/kernels';
 * const u = deviceRandomUniform([2, 3], { minval: -1, maxval: 1, seed: 42 }); // float32 [2, 3]
 */
export function deviceRandomUniform(shape: number[], options?: DeviceRandomUniformOptions): tf.Tensor {
  const fn = 'deviceRandomUniform';
  const given = checkOptions(fn, options, ['minval', 'maxval', 'seed'], OptionError);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new OptionError({ functionName: fn, argument: 'shape', expected: 'an array of non-negative integers', actual: describe(shape) });
  }
  checkAllocation(fn, 'shape', shape, LimitError);
  const minval = checkNumber(fn, 'options.minval', given.minval ?? 0, {}, OptionError);
  const maxval = checkNumber(fn, 'options.maxval', given.maxval ?? 1, { above: minval }, OptionError);
  const seed = checkSeed(fn, given.seed);
  const attrs: RandomUniformAttrs = {
    shape: [...shape],
    key: streamKey(seed),
    minval: Math.fround(minval),
    scale: Math.fround((maxval - minval) * UNIFORM_UNIT),
  };
  if (ensureDeviceKernels(tf.getBackend())) {
    return tf.engine().runKernel(RANDOM_UNIFORM_KERNEL, {}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  const values = new Float32Array(tf.util.sizeFromShape(shape));
  reference.jsRandomUniform(values, attrs);
  return tf.tensor(values, shape, 'float32');
}

/**
 * Dropout with its keep mask generated on the device: each element of `x` is kept with
 * probability `1 - rate` (to within 2^-24) and scaled by `1 / (1 - rate)`, else zeroed,
 * in one kernel with no mask tensor; the gradient is the same kernel applied to `dy`
 * with the same seed. Same bits on `cpu`, `wasm` and `webgpu` for the same seed; other
 * backends multiply by a mask computed in JavaScript. Call it with a fresh seed per
 * training step (the layer's job), as with any seeded op.
 *
 * @param x float32 tensor of any shape; not modified.
 * @param rate Fraction of elements dropped, in [0, 1).
 * @returns A new tensor shaped like `x` (a copy of `x` when `rate` is 0).
 * @throws {TensorError} when `x` is null, not a tensor or disposed.
 * @throws {DtypeError} when `x` is not float32.
 * @throws {OptionError} when `rate` is outside [0, 1), an option key is unknown or the seed is bad.
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import { deviceDropout } from '@ganforge/kernels';
 * const y = deviceDropout(tf.ones([4, 8]), 0.3, { seed: 7 }); // entries 0 or 1/0.7
 */
export function deviceDropout(x: tf.Tensor, rate: number, options?: DeviceDropoutOptions): tf.Tensor {
  const fn = 'deviceDropout';
  checkTensor(fn, 'x', x, TensorError);
  if (x.dtype !== 'float32') throw new DtypeError({ functionName: fn, argument: 'x', expected: 'a float32 tensor', actual: describe(x) });
  checkNumber(fn, 'rate', rate, { min: 0, below: 1 }, OptionError);
  const given = checkOptions(fn, options, ['seed'], OptionError);
  const seed = checkSeed(fn, given.seed);
  if (rate === 0) return x.clone();
  const attrs: DropoutAttrs = { key: streamKey(seed), threshold: dropoutThreshold(rate), scale: dropoutScale(rate) };
  if (ensureDeviceKernels(tf.getBackend())) {
    return tf.engine().runKernel(DROPOUT_KERNEL, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  }
  return tf.tidy(() => {
    const mask = new Float32Array(x.size).fill(1);
    reference.jsDropout(mask, mask, attrs);
    return tf.mul(x, tf.tensor(mask, x.shape, 'float32'));
  });
}
