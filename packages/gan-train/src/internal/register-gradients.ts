/**
 * Gradient registrations that training and gradient penalties need; called by
 * `createGanStep` and by the penalties before they take gradients.
 *
 * - `@tensorflow/tfjs-core` 4.x registers no gradient functions by itself (its Node
 *   bundle leaves them out); `@tensorflow/tfjs-layers` registers all of them when it loads.
 * - tfjs has no gradient for comparison and logical ops (`Greater`, `Less`, ...), which
 *   the gradients of ReLU, LeakyReLU, PReLU, clipping and `where` contain. A first-order
 *   gradient never differentiates them, but R1, R2 and WGAN-GP take the gradient of a
 *   gradient and then do. Their outputs are boolean, so their gradient is zero: this
 *   registers exactly that, for the ones that have none (never overriding).
 */
import * as tf from '@tensorflow/tfjs-core';
import { version_layers } from '@tensorflow/tfjs-layers';

let registered = false;

/** Idempotent. Returns the tfjs-layers version whose import registered tfjs-core's gradients. */
export function registerGradients(): string {
  if (registered) return version_layers;
  registered = true;
  for (const kernelName of ['Greater', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr']) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const [a, b] = saved as [tf.Tensor, tf.Tensor];
        return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
      },
    });
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
  return version_layers;
}
