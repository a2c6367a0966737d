import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * A generator and discriminator pair, as returned by the presets.
 *
 * - `generator` maps noise `[batch, latentDim]` to images `[batch, h, w, c]` NHWC in
 *   `[-1, 1]` (tanh).
 * - `discriminator` maps images `[batch, h, w, c]` NHWC in `[-1, 1]` to logits
 *   `[batch, 1]` (no sigmoid: use a loss on logits).
 *
 * @example
 * const { generator, discriminator, latentDim } = tutorialDcgan({ seed: 1 });
 * const logits = discriminator.predict(generator.predict(tf.randomNormal([4, latentDim])));
 */
export interface DcganModels {
  generator: tfl.LayersModel;
  discriminator: tfl.LayersModel;
  /** Length of the generator's noise input. */
  latentDim: number;
  /** `[height, width, channels]` of the generated images. */
  imageShape: [number, number, number];
}
