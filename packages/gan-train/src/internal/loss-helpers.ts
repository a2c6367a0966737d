import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../errors';
import { checkLogits, describeValue } from './checks';

/** mean(BCE(sigmoid(logits), target)) = mean(softplus(x) - target * x), stable for large |x|. */
export function binaryCrossEntropy(logits: tf.Tensor, target: number): tf.Scalar {
  return tf.tidy(() => {
    const softplus = tf.softplus(logits);
    return tf.mean(target === 0 ? softplus : tf.sub(softplus, tf.mul(logits, target))) as tf.Scalar;
  });
}

export function resolveLabelSmoothing(functionName: string, value: unknown): number {
  const smoothing = value ?? 0;
  if (typeof smoothing !== 'number' || !(smoothing >= 0 && smoothing < 1)) {
    throw new OptionError({ functionName, argument: 'options.labelSmoothing', expected: 'a number in [0, 1)', actual: describeValue(value) });
  }
  return smoothing;
}

/** Checks both logits tensors of a discriminator loss. */
export function checkPair(functionName: string, realLogits: unknown, fakeLogits: unknown): void {
  checkLogits(functionName, 'realLogits', realLogits);
  checkLogits(functionName, 'fakeLogits', fakeLogits, realLogits as tf.Tensor);
}
