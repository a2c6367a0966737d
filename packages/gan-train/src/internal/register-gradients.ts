/**
 * Gradient registrations that gradient penalties need.
 *
 * - `@tensorflow/tfjs-core` 4.x registers no gradient functions by itself (its Node
 *   bundle leaves them out); `@tensorflow/tfjs-layers` registers all of them on import.
 * - tfjs has no gradient for comparison and logical ops (`Greater`, `Less`, ...), which
 *   the gradients of ReLU, LeakyReLU, PReLU, clipping and `where` contain. A first-order
 *   gradient never differentiates them, but R1, R2 and WGAN-GP take the gradient of a
 *   gradient and then do. Their outputs are boolean, so their gradient is zero: this
 *   module registers exactly that, for the ones that have none (never overriding).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';

const binary = ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr'];
for (const kernelName of binary) {
  if (tf.getGradient(kernelName) === undefined) {
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const [a, b] = saved as [tf.Tensor, tf.Tensor];
        return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
      },
    });
  }
}
if (tf.getGradient('LogicalNot') === undefined) {
  tf.registerGradient({
    kernelName: 'LogicalNot',
    inputsToSave: ['x'],
    gradFunc: (_dy, saved) => {
      const [x] = saved as [tf.Tensor];
      return { x: () => tf.zerosLike(x) };
    },
  });
}
