import type * as tf from '@tensorflow/tfjs-core';

/**
 * What a {@link GanPenalty} sees during a discriminator update.
 *
 * @example
 * const penalty: GanPenalty = { name: 'l2', config: {}, compute: ({ real }) => tf.mean(tf.square(real)) };
 */
export interface PenaltyContext {
  /** The discriminator in training mode: images → logits. Differentiable, also with respect to its input. */
  discriminator: (images: tf.Tensor) => tf.Tensor;
  /** The real batch as the discriminator sees it (after augmentation). */
  real: tf.Tensor;
  /** The generated batch as the discriminator sees it (after augmentation, no gradient to the generator). */
  fake: tf.Tensor;
  /** A fresh positive seed from the run's random stream, for penalties that sample. */
  seed: number;
}

/**
 * A regularizer added to the discriminator loss. `compute` runs inside the
 * discriminator's gradient computation and returns a scalar (already weighted).
 * Build one with {@link gradientPenalty}, {@link r1Penalty} or {@link r2Penalty}.
 *
 * @example
 * const penalty = r1Penalty({ gamma: 10 });
 * const value = penalty.compute({ discriminator: (x) => d.apply(x), real, fake, seed: 1 });
 */
export interface GanPenalty {
  /** Name used in metrics and checkpoints, e.g. `'r1'`. */
  readonly name: string;
  /** Resolved options, recorded in checkpoints and compared on resume. */
  readonly config: Readonly<Record<string, number | string | boolean>>;
  /** The weighted penalty for one discriminator update. */
  compute(context: PenaltyContext): tf.Scalar;
}
