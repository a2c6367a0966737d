import * as tf from '@tensorflow/tfjs-core';

/** Keeps `transformed` for applied images and `original` for the others (exactly). */
export function selectApplied(applied: readonly boolean[], transformed: tf.Tensor4D, original: tf.Tensor4D): tf.Tensor4D {
  if (applied.every(Boolean)) return transformed;
  const batch = applied.length;
  const condition = tf.tensor4d(applied.map((a) => (a ? 1 : 0)), [batch, 1, 1, 1], 'bool');
  return tf.where(condition, transformed, original) as tf.Tensor4D;
}
