import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from './errors';
import type { GanLoss, LabelSmoothingOptions } from './gan-loss';
import { checkKeys, checkLogits } from './internal/checks';
import { binaryCrossEntropy, checkPair, resolveLabelSmoothing } from './internal/loss-helpers';

/**
 * Options of {@link relativisticAverageLoss}.
 *
 * @example
 * relativisticAverageLoss({ labelSmoothing: 0.1 });
 */
export type RelativisticAverageLossOptions = LabelSmoothingOptions;

/**
 * The relativistic average GAN loss (RaSGAN, Jolicoeur-Martineau 2018). With logits
 * `r = D(x)`, `f = D(G(z))`, `r̃ = r - mean(f)`, `f̃ = f - mean(r)` and `t = 1 - labelSmoothing`:
 * - discriminator: `mean(softplus(r̃) - t·r̃) + mean(softplus(f̃))` (real judged more real than the average fake);
 * - generator: `mean(softplus(-f̃)) + mean(softplus(r̃))` (the roles swapped); needs the real logits.
 *
 * @example
 * const loss = relativisticAverageLoss();
 * loss.generator(tf.tensor1d([0]), tf.tensor1d([0])).dataSync(); // [2·ln 2 = 1.3863]
 */
export function relativisticAverageLoss(options: RelativisticAverageLossOptions = {}): GanLoss {
  checkKeys('relativisticAverageLoss', options, ['labelSmoothing']);
  const labelSmoothing = resolveLabelSmoothing('relativisticAverageLoss', options.labelSmoothing);
  return {
    name: 'relativisticAverage',
    config: { labelSmoothing },
    threshold: 0,
    generatorUsesRealLogits: true,
    discriminator(realLogits, fakeLogits) {
      checkPair('relativisticAverageLoss.discriminator', realLogits, fakeLogits);
      return tf.tidy(() => {
        const realRelative = tf.sub(realLogits, tf.mean(fakeLogits));
        const fakeRelative = tf.sub(fakeLogits, tf.mean(realLogits));
        return tf.add(binaryCrossEntropy(realRelative, 1 - labelSmoothing), binaryCrossEntropy(fakeRelative, 0));
      });
    },
    generator(fakeLogits, realLogits) {
      const fn = 'relativisticAverageLoss.generator';
      checkLogits(fn, 'fakeLogits', fakeLogits);
      if (realLogits === undefined) {
        throw new ShapeError({ functionName: fn, argument: 'realLogits', expected: 'the logits of real samples (relativistic losses compare both)', actual: 'undefined' });
      }
      checkLogits(fn, 'realLogits', realLogits, fakeLogits, 'fakeLogits');
      return tf.tidy(() => {
        const realRelative = tf.sub(realLogits, tf.mean(fakeLogits));
        const fakeRelative = tf.sub(fakeLogits, tf.mean(realLogits));
        return tf.add(binaryCrossEntropy(fakeRelative, 1), binaryCrossEntropy(realRelative, 0));
      });
    },
  };
}
