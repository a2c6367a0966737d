import * as tf from '@tensorflow/tfjs-core';
import type { GanLoss } from './gan-loss';
import { checkLogits } from './internal/checks';
import { checkPair } from './internal/loss-helpers';

/**
 * The hinge GAN loss (Lim & Ye 2017; Miyato et al. 2018), on logits `r = D(x)`, `f = D(G(z))`:
 * - discriminator: `mean(relu(1 - r)) + mean(relu(1 + f))`;
 * - generator: `-mean(f)`.
 *
 * @example
 * hingeLoss().discriminator(tf.tensor1d([0.5]), tf.tensor1d([-2])).dataSync(); // [0.5 + 0 = 0.5]
 */
export function hingeLoss(): GanLoss {
  return {
    name: 'hinge',
    config: {},
    threshold: 0,
    generatorUsesRealLogits: false,
    discriminator(realLogits, fakeLogits) {
      checkPair('hingeLoss.discriminator', realLogits, fakeLogits);
      return tf.tidy(() => tf.add(tf.mean(tf.relu(tf.sub(1, realLogits))), tf.mean(tf.relu(tf.add(1, fakeLogits)))) as tf.Scalar);
    },
    generator(fakeLogits) {
      checkLogits('hingeLoss.generator', 'fakeLogits', fakeLogits);
      return tf.tidy(() => tf.neg(tf.mean(fakeLogits)) as tf.Scalar);
    },
  };
}
