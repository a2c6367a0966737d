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
