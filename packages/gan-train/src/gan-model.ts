import type * as tf from '@tensorflow/tfjs-core';

/**
 * A tfjs-layers weight as gan-train uses it (`LayerVariable`).
 *
 * @example
 * generator.trainableWeights[0].read(); // the tf.Variable
 */
export interface LayerWeightLike {
  /** The backing `tf.Variable`. */
  read(): tf.Tensor;
  readonly name: string;
  readonly originalName?: string;
  readonly trainable: boolean;
}

/**
 * A generator or discriminator. Either a tfjs-layers model (`tf.LayersModel`,
 * `tf.Sequential`, the models of `@ganforge/gan-layers`: gan-train reads
 * `trainableWeights` and `weights` and calls `apply(x, { training })`), or any
 * object with `apply(x, { training, seed })` and `trainableVariables` (plus
 * `nonTrainableVariables` for state such as running statistics, saved in
 * checkpoints and copied by the EMA).
 *
 * `seed` is a fresh positive seed from the run's {@link RandomStream} for every
 * call: models with dropout or other noise must draw it from this seed (e.g.
 * `tf.dropout(x, 0.3, undefined, seed)`) for runs to repeat and resume exactly.
 * tfjs-layers `Dropout` layers draw their own unseeded randomness, so a run with
 * them does not repeat bit for bit.
 *
 * @example
 * const w = tf.variable(tf.randomNormal([16, 4], 0, 0.1, 'float32', 1));
 * const generator: GanModel = {
 *   apply: (z, { training, seed }) => tf.tidy(() => tf.tanh(training ? tf.dropout(tf.matMul(z, w), 0.1, undefined, seed) : tf.matMul(z, w))),
 *   trainableVariables: [w],
 * };
 */
export interface GanModel {
  /**
   * One tensor, or `[x, labels]` (labels `[batch, 1]` int32) for the models of a conditional
   * step (`numClasses`): tfjs-layers models with two inputs take it as they are; a plain
   * object declares `apply(inputs: tf.Tensor | tf.Tensor[], ...)` and reads both.
   */
  apply(inputs: tf.Tensor, options: { training: boolean; seed?: number }): unknown;
  /** For plain objects: the variables to train. */
  readonly trainableVariables?: readonly tf.Variable[];
  /** For plain objects: other state (running statistics), checkpointed and copied by the EMA. */
  readonly nonTrainableVariables?: readonly tf.Variable[];
  /** For tfjs-layers models. */
  readonly trainableWeights?: readonly LayerWeightLike[];
  /** For tfjs-layers models: every weight, trainable first or in layer order. */
  readonly weights?: readonly LayerWeightLike[];
}

