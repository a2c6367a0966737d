import * as tf from '@tensorflow/tfjs-core';
import type { GanLoss, LabelSmoothingOptions } from './gan-loss';
import { checkKeys, checkLogits } from './internal/checks';
import { binaryCrossEntropy, checkPair, resolveLabelSmoothing } from './internal/loss-helpers';

/**
 * Options of {@link nonSaturatingLoss}.
 *
 * @example
 * nonSaturatingLoss({ labelSmoothing: 0.1 });
 */
export type NonSaturatingLossOptions = LabelSmoothingOptions;

/**
 * The non-saturating GAN loss (Goodfellow et al. 2014), on logits `r = D(x)`, `f = D(G(z))`,
 * with `t = 1 - labelSmoothing` and `softplus(x) = log(1 + e^x)`:
 * - discriminator: `mean(softplus(r) - t·r) + mean(softplus(f))` (binary cross-entropy, real → t, fake → 0);
 * - generator: `mean(softplus(-f))`, i.e. `-log sigmoid(f)`.
 *
 * @example
 * const loss = nonSaturatingLoss({ labelSmoothing: 0.1 });
 * loss.discriminator(tf.tensor2d([[0]]), tf.tensor2d([[0]])).dataSync(); // [2·ln 2 = 1.3863]
 */
export function nonSaturatingLoss(options: NonSaturatingLossOptions = {}): GanLoss {
  checkKeys('nonSaturatingLoss', options, ['labelSmoothing']);
  const labelSmoothing = resolveLabelSmoothing('nonSaturatingLoss', options.labelSmoothing);
  return {
    name: 'nonSaturating',
    config: { labelSmoothing },
    threshold: 0,
    generatorUsesRealLogits: false,
    discriminator(realLogits, fakeLogits) {
      checkPair('nonSaturatingLoss.discriminator', realLogits, fakeLogits);
      return tf.tidy(() => tf.add(binaryCrossEntropy(realLogits, 1 - labelSmoothing), binaryCrossEntropy(fakeLogits, 0)));
    },
    generator(fakeLogits) {
      checkLogits('nonSaturatingLoss.generator', 'fakeLogits', fakeLogits);
      return tf.tidy(() => binaryCrossEntropy(fakeLogits, 1));
    },
  };
}
