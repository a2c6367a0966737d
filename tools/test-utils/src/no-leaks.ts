import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Every tensor reachable from a value: a tensor, arrays, Maps, Sets and plain objects. */
export function collectTensors(value: unknown, found: tf.Tensor[] = [], seen = new Set<unknown>()): tf.Tensor[] {
  if (value == null || typeof value !== 'object' || seen.has(value)) return found;
  seen.add(value);
  if (value instanceof tf.Tensor) {
    found.push(value);
  } else if (Array.isArray(value) || value instanceof Set) {
    for (const v of value) collectTensors(v, found, seen);
  } else if (value instanceof Map) {
    for (const v of value.values()) collectTensors(v, found, seen);
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) collectTensors(v, found, seen);
  }
  return found;
}

/**
 * Runs `fn` once to warm up (kernels may cache tensors on first use), then
 * again, and asserts that `tf.memory().numTensors` is unchanged once the
 * tensors `fn` returned are disposed.
 *
 * @example
 * await expectNoLeaks(() => normalizeImages(x));
 */
export async function expectNoLeaks(fn: () => unknown | Promise<unknown>): Promise<void> {
  tf.dispose(collectTensors(await fn()));
  const before = tf.memory().numTensors;
  tf.dispose(collectTensors(await fn()));
  expect(tf.memory().numTensors, 'tensors leaked by the second call').toBe(before);
}
