import * as tf from '@tensorflow/tfjs-core';
import { sumTensors } from './sum-tensors';

type AnyOptimizer = tf.Optimizer & {
  setLearningRate?: (lr: number) => void;
  learningRate?: number;
  getConfig?: () => Record<string, unknown>;
};

/** Sets an optimizer's learning rate: `setLearningRate` where it exists (SGD, momentum), else the `learningRate` field. */
export function setLearningRate(optimizer: tf.Optimizer, value: number): void {
  const o = optimizer as AnyOptimizer;
  if (o.learningRate === value) return;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(value);
  else o.learningRate = value;
}

export function getLearningRate(optimizer: tf.Optimizer): number | null {
  const value = (optimizer as AnyOptimizer).learningRate;
  return typeof value === 'number' ? value : null;
}

/** `{ className, ...getConfig() }`, JSON-safe. */
export function describeOptimizer(optimizer: tf.Optimizer): Record<string, unknown> {
  const o = optimizer as AnyOptimizer;
  const className = (o.constructor as { className?: string }).className ?? o.constructor.name;
  let config: Record<string, unknown> = {};
  try {
    config = typeof o.getConfig === 'function' ? { ...o.getConfig() } : {};
  } catch {
    config = {};
  }
  return JSON.parse(JSON.stringify({ className, ...config }));
}

/** sqrt(sum of squares of every gradient), a scalar. */
export function globalNorm(gradients: tf.NamedTensorMap): tf.Scalar {
  return tf.tidy(() => {
    const squares = Object.values(gradients).map((g) => tf.sum(tf.square(g)));
    return tf.sqrt(sumTensors(squares)) as tf.Scalar;
  });
}
