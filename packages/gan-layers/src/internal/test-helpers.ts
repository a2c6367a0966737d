/**
 * Test-only helpers (not exported by the package).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/**
 * Runs `fn` with tfjs's `IS_TEST` per-kernel leak check off, and asserts itself that no
 * tensor or data buffer outlives `fn` beyond what it returns. The per-kernel check
 * misfires on the wasm backend for `fusedMatMul` (what tfjs-layers' `Dense` runs) under a
 * gradient tape: "internal memory leak (3 data ids)", although the tensor and buffer
 * counts are unchanged once the tape ends (checked here).
 */
export function withTapeLeakCheck<T>(fn: () => T): T {
  const flag = tf.env().getBool('IS_TEST');
  const before = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
  tf.env().set('IS_TEST', false);
  let result: T;
  try {
    result = fn();
  } finally {
    tf.env().set('IS_TEST', flag);
  }
  const returned = new Set<number>();
  const collect = (value: unknown) => {
    if (value instanceof tf.Tensor) returned.add(value.id);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(result);
  const after = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
  expect(after.numTensors - before.numTensors, 'tensors left by the taped computation').toBe(returned.size);
  return result;
}

/**
 * Runs `fn` with tfjs's `IS_TEST` per-kernel leak check off (see {@link withTapeLeakCheck}
 * for why); the caller checks tensor counts itself.
 */
export function withoutKernelLeakCheck<T>(fn: () => T): T {
  const flag = tf.env().getBool('IS_TEST');
  tf.env().set('IS_TEST', false);
  try {
    return fn();
  } finally {
    tf.env().set('IS_TEST', flag);
  }
}

/**
 * Central-difference gradient of `f` with respect to `x` (float64 arithmetic on the JS
 * side, float32 evaluations), used to check analytic gradients.
 */
export function numericGradient(f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor, step = 1e-2): number[] {
  const base = Array.from(x.dataSync());
  const grad: number[] = [];
  for (let i = 0; i < base.length; i++) {
    const at = (delta: number) =>
      tf.tidy(() => {
        const values = base.slice();
        values[i] = values[i]! + delta;
        return f(tf.tensor(values, x.shape)).dataSync()[0]!;
      });
    grad.push((at(step) - at(-step)) / (2 * step));
  }
  return grad;
}

type LayerClass = {
  new (...args: never[]): import('@tensorflow/tfjs-layers').layers.Layer;
  fromConfig: (cls: never, config: tf.serialization.ConfigDict) => unknown;
};

/**
 * Round-trips `layer` through `getConfig` → JSON → `fromConfig`, copies the weights and
 * returns `[original output, copy output, copy]` on `input` (inference mode).
 */
export function roundTrip(
  layer: import('@tensorflow/tfjs-layers').layers.Layer,
  cls: LayerClass,
  input: tf.Tensor | tf.Tensor[],
): [tf.Tensor, tf.Tensor, import('@tensorflow/tfjs-layers').layers.Layer] {
  const config = JSON.parse(JSON.stringify(layer.getConfig())) as tf.serialization.ConfigDict;
  const copy = cls.fromConfig(cls as never, config) as import('@tensorflow/tfjs-layers').layers.Layer;
  const before = layer.apply(input) as tf.Tensor;
  tf.dispose(copy.apply(input) as tf.Tensor);
  copy.setWeights(layer.getWeights());
  return [before, copy.apply(input) as tf.Tensor, copy];
}

/** Analytic gradient of `sum(f(x) · weights)` against a central-difference estimate. */
export function checkInputGradient(
  f: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  options: { seed?: number; step?: number; tolerance?: number } = {},
): void {
  const { seed = 11, step = 1e-2, tolerance = 2e-2 } = options;
  const weights = tf.tidy(() => tf.randomNormal(f(x).shape, 0, 1, 'float32', seed));
  const objective = (v: tf.Tensor) => tf.sum(tf.mul(f(v), weights)) as tf.Scalar;
  const analytic = tf.tidy(() => Array.from(tf.grad(objective)(x).dataSync()));
  const numeric = numericGradient(objective, x, step);
  weights.dispose();
  expect(analytic.length).toBe(numeric.length);
  const scale = Math.max(1, ...numeric.map(Math.abs));
  const worst = Math.max(...analytic.map((a, i) => Math.abs(a - numeric[i]!)));
  expect(worst / scale, `analytic ${analytic.slice(0, 4)} vs numeric ${numeric.slice(0, 4)}`).toBeLessThan(tolerance);
}
