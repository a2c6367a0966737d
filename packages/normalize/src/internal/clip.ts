import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.clipByValue` that keeps NaN as NaN on every backend (the wasm backend
 * turns NaN into the lower bound). Call inside `tf.tidy`.
 */
export function clipKeepNaN(x: tf.Tensor, min: number, max: number): tf.Tensor {
  return tf.where(tf.isNaN(x), x, tf.clipByValue(x, min, max));
}
