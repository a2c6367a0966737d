import * as tf from '@tensorflow/tfjs-core';
import type { GanLoss } from './gan-loss';
import { checkLogits } from './internal/checks';
import { checkPair } from './internal/loss-helpers';

/**
 * The Wasserstein GAN loss (Arjovsky et al. 2017), on critic scores `r = D(x)`, `f = D(G(z))`:
 * - critic: `mean(f) - mean(r)`;
 * - generator: `-mean(f)`.
 *
 * Pair it with {@link gradientPenalty} (WGAN-GP) or weight clipping. A score above 0
 * counts as "real" in the accuracy metrics, which mean little for a critic.
 *
 * @example
 * wassersteinLoss().discriminator(tf.tensor1d([1, 3]), tf.tensor1d([0.5, -0.5])).dataSync(); // [0 - 2 = -2]
 */
export function wassersteinLoss(): GanLoss {
  return {
    name: 'wasserstein',
    config: {},
    threshold: 0,
    generatorUsesRealLogits: false,
    discriminator(realLogits, fakeLogits) {
      checkPair('wassersteinLoss.discriminator', realLogits, fakeLogits);
      return tf.tidy(() => tf.sub(tf.mean(fakeLogits), tf.mean(realLogits)) as tf.Scalar);
    },
    generator(fakeLogits) {
      checkLogits('wassersteinLoss.generator', 'fakeLogits', fakeLogits);
      return tf.tidy(() => tf.neg(tf.mean(fakeLogits)) as tf.Scalar);
    },
  };
}
