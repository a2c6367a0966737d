import type * as tf from '@tensorflow/tfjs-core';

/**
 * A GAN objective as two pure functions of discriminator logits (raw, pre-sigmoid
 * scores, any shape `[batch, ...]`). Both return a scalar to minimize and never
 * dispose their inputs. Build one with {@link nonSaturatingLoss}, {@link minimaxLoss},
 * {@link hingeLoss}, {@link wassersteinLoss}, {@link leastSquaresLoss} or
 * {@link relativisticAverageLoss}, or write your own.
 *
 * @example
 * const loss = hingeLoss();
 * const dLoss = loss.discriminator(realLogits, fakeLogits); // tf.Scalar
 * const gLoss = loss.generator(fakeLogits, realLogits);
 */
export interface GanLoss {
  /** Name recorded in checkpoints, e.g. `'hinge'`. */
  readonly name: string;
  /** Resolved options, recorded in checkpoints and compared on resume. */
  readonly config: Readonly<Record<string, number | string | boolean>>;
  /** A logit above this counts as "real" in the accuracy metrics. */
  readonly threshold: number;
  /** Whether {@link GanLoss.generator} reads the real logits (relativistic losses). */
  readonly generatorUsesRealLogits: boolean;
  /** Discriminator loss from the logits of real and generated samples. */
  discriminator(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar;
  /** Generator loss from the logits of generated samples (and of real ones, for relativistic losses). */
  generator(fakeLogits: tf.Tensor, realLogits?: tf.Tensor): tf.Scalar;
}

/**
 * Options of the losses that take one-sided label smoothing.
 *
 * @example
 * nonSaturatingLoss({ labelSmoothing: 0.1 }); // real target 0.9
 */
export interface LabelSmoothingOptions {
  /**
   * One-sided label smoothing (Salimans et al. 2016): the discriminator's target
   * for real samples is `1 - labelSmoothing`; fake targets stay 0. In [0, 1). Default 0.
   */
  labelSmoothing?: number;
}
