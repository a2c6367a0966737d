import * as tf from '@tensorflow/tfjs-core';
import { ModelError, ShapeError } from '../errors';
import { describeShape, describeValue } from './checks';
import { registerGradients } from './register-gradients';

/**
 * Per-sample squared L2 norm of d(sum D(x))/dx, shape [batch]. Differentiable with
 * respect to the discriminator's variables (second-order gradients), so it can sit
 * inside the discriminator's own `variableGrads`.
 */
export function squaredInputGradientNorms(functionName: string, discriminator: (x: tf.Tensor) => tf.Tensor, inputs: tf.Tensor): tf.Tensor1D {
  if (!(inputs instanceof tf.Tensor) || inputs.rank < 2) {
    throw new ShapeError({ functionName, argument: 'inputs', expected: 'a batch of rank >= 2 [batch, ...]', actual: inputs instanceof tf.Tensor ? describeShape(inputs.shape) : describeValue(inputs) });
  }
  registerGradients();
  return tf.tidy(() => {
    const gradient = tf.grad((x: tf.Tensor) => {
      const logits = discriminator(x);
      if (!(logits instanceof tf.Tensor)) {
        throw new ModelError({ functionName, argument: 'discriminator', expected: 'a function returning logits as a tf.Tensor', actual: describeValue(logits) });
      }
      return tf.sum(logits);
    })(inputs);
    const axes = Array.from({ length: inputs.rank - 1 }, (_, i) => i + 1);
    return tf.sum(tf.square(gradient), axes) as tf.Tensor1D;
  });
}
