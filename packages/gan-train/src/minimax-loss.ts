import * as tf from '@tensorflow/tfjs-core';
import type { GanLoss, LabelSmoothingOptions } from './gan-loss';
import { checkKeys, checkLogits } from './internal/checks';
import { binaryCrossEntropy, checkPair, resolveLabelSmoothing } from './internal/loss-helpers';

/**
 * Options of {@link minimaxLoss}.
 *
 * @example
 * minimaxLoss({ labelSmoothing: 0.1 });
 */
export type MinimaxLossOptions = LabelSmoothingOptions;

/**
 * The original minimax GAN loss (Goodfellow et al. 2014), on logits `r = D(x)`, `f = D(G(z))`,
 * with `t = 1 - labelSmoothing`:
 * - discriminator: `mean(softplus(r) - t·r) + mean(softplus(f))` (as {@link nonSaturatingLoss});
 * - generator: `-mean(softplus(f))`, i.e. it minimizes `log(1 - sigmoid(f))` (saturates when D wins).
 *
 * @example
 * minimaxLoss().generator(tf.tensor2d([[0]])).dataSync(); // [-ln 2 = -0.6931]
 */
export function minimaxLoss(options: MinimaxLossOptions = {}): GanLoss {
  checkKeys('minimaxLoss', options, ['labelSmoothing']);
  const labelSmoothing = resolveLabelSmoothing('minimaxLoss', options.labelSmoothing);
  return {
    name: 'minimax',
    config: { labelSmoothing },
    threshold: 0,
    generatorUsesRealLogits: false,
    discriminator(realLogits, fakeLogits) {
      checkPair('minimaxLoss.discriminator', realLogits, fakeLogits);
      return tf.tidy(() => tf.add(binaryCrossEntropy(realLogits, 1 - labelSmoothing), binaryCrossEntropy(fakeLogits, 0)));
    },
    generator(fakeLogits) {
      checkLogits('minimaxLoss.generator', 'fakeLogits', fakeLogits);
      return tf.tidy(() => tf.neg(binaryCrossEntropy(fakeLogits, 0)));
    },
  };
}
