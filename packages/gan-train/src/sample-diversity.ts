import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from './errors';
import { checkTensor, describeShape } from './internal/checks';

/**
 * Diversity of a batch of samples: the standard deviation across the batch of each
 * value (pixel, channel), averaged over values. 0 when every sample is the same (mode
 * collapse); for images in [-1, 1] real data sit around 0.3-0.8. Used by the trainer's
 * divergence guard.
 *
 * @example
 * sampleDiversity(tf.tensor2d([[0, 0], [2, 4]])).dataSync(); // [(1 + 2) / 2 = 1.5]
 */
export function sampleDiversity(samples: tf.Tensor): tf.Scalar {
  checkTensor('sampleDiversity', 'samples', samples);
  if (samples.rank < 2 || samples.shape[0]! < 2) {
    throw new ShapeError({ functionName: 'sampleDiversity', argument: 'samples', expected: 'a batch of rank >= 2 [batch, ...] with batch >= 2', actual: describeShape(samples.shape) });
  }
  return tf.tidy(() => tf.mean(tf.sqrt(tf.moments(tf.cast(samples, 'float32'), 0).variance)) as tf.Scalar);
}
