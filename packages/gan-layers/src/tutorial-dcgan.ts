import * as tfl from '@tensorflow/tfjs-layers';
import type { DcganModels } from './dcgan-models';
import { guardModel } from './internal/guard';
import { createSeedStream } from './internal/seed';
import { dropoutSeeds, SeededDropout } from './seeded-dropout';
import { conditionalGenerator, projectionDiscriminator } from './internal/conditional';
import { checkInteger, checkOptions, checkSeed } from './internal/validate';

/**
 * Options of {@link tutorialDcgan}.
 *
 * @example
 * const options: TutorialDcganOptions = { seed: 42 };
 * const { generator } = tutorialDcgan(options);
 */
export interface TutorialDcganOptions {
  /**
   * Seed of the weight initializers (each layer draws a fresh positive seed from it).
   * Default: unseeded. The Dropout layers are `SeededDropout` (masks made on the device), seeded
   * from this seed too, each with its own stream.
   */
  seed?: number;
  /**
   * Number of classes for the conditional form: the generator then takes `[noise, labels]`
   * (labels `[batch, 1]` int32, embedded with {@link ClassEmbedding} and concatenated to the
   * noise) and the discriminator `[images, labels]`, scored with a projection term
   * `⟨embed(y), φ(x)⟩` on its flattened features (Miyato & Koyama 2018). The layers and
   * their initialization are otherwise the same. Default: unconditional.
   */
  numClasses?: number;
  /** Length of the generator's label embedding when conditional. Default `50`. */
  embeddingDim?: number;
}

/**
 * The MNIST DCGAN of the TensorFlow tutorial ("Deep Convolutional Generative Adversarial
 * Network", tensorflow.org/tutorials/generative/dcgan), layer by layer, with Keras's
 * default initializers (Glorot uniform kernels, zero biases), BatchNormalization
 * (momentum 0.99, epsilon 1e-3) and LeakyReLU (alpha 0.3).
 *
 * Generator, noise `[batch, 100]` → images `[batch, 28, 28, 1]` in `[-1, 1]`
 * (2,330,944 parameters, 2,305,472 trainable):
 * Dense 7·7·256 (no bias) → BatchNorm → LeakyReLU → Reshape [7, 7, 256] →
 * Conv2DTranspose 128 k5 s1 same (no bias) → BatchNorm → LeakyReLU →
 * Conv2DTranspose 64 k5 s2 same (no bias) → BatchNorm → LeakyReLU →
 * Conv2DTranspose 1 k5 s2 same (no bias) tanh.
 *
 * Discriminator, images `[batch, 28, 28, 1]` → logits `[batch, 1]` (212,865 parameters):
 * Conv2D 64 k5 s2 same → LeakyReLU → Dropout 0.3 → Conv2D 128 k5 s2 same → LeakyReLU →
 * Dropout 0.3 → Flatten → Dense 1.
 *
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import { tutorialDcgan } from '@ganforge/gan-layers';
 *
 * const { generator, discriminator, latentDim } = tutorialDcgan({ seed: 42 });
 * const images = generator.predict(tf.randomNormal([4, latentDim], 0, 1, 'float32', 7)) as tf.Tensor4D;
 * const logits = discriminator.predict(images) as tf.Tensor2D; // [4, 1]
 */
export function tutorialDcgan(given?: TutorialDcganOptions): DcganModels {
  const options = checkOptions('tutorialDcgan', given, ['seed', 'numClasses', 'embeddingDim']);
  const numClasses = options.numClasses === undefined ? undefined : checkInteger('tutorialDcgan', 'options.numClasses', options.numClasses, 1);
  const embeddingDim = checkInteger('tutorialDcgan', 'options.embeddingDim', options.embeddingDim ?? 50, 1);
  const seeds = createSeedStream(checkSeed('tutorialDcgan', options.seed));
  const dropoutSeed = dropoutSeeds(options.seed);
  const kernel = () => tfl.initializers.glorotUniform({ seed: seeds.next() });
  const latentDim = 100;

  // The first layer takes an inputShape only in the unconditional (sequential) form.
  const gFirst = numClasses === undefined ? { inputShape: [latentDim] } : {};
  const generatorLayers = [
    tfl.layers.dense({ ...gFirst, units: 7 * 7 * 256, useBias: false, kernelInitializer: kernel() }),
    tfl.layers.batchNormalization(),
    tfl.layers.leakyReLU({ alpha: 0.3 }),
    tfl.layers.reshape({ targetShape: [7, 7, 256] }),
    tfl.layers.conv2dTranspose({
      filters: 128,
      kernelSize: 5,
      strides: 1,
      padding: 'same',
      useBias: false,
      kernelInitializer: kernel(),
    }),
    tfl.layers.batchNormalization(),
    tfl.layers.leakyReLU({ alpha: 0.3 }),
    tfl.layers.conv2dTranspose({
      filters: 64,
      kernelSize: 5,
      strides: 2,
      padding: 'same',
      useBias: false,
      kernelInitializer: kernel(),
    }),
    tfl.layers.batchNormalization(),
    tfl.layers.leakyReLU({ alpha: 0.3 }),
    tfl.layers.conv2dTranspose({
      filters: 1,
      kernelSize: 5,
      strides: 2,
      padding: 'same',
      useBias: false,
      activation: 'tanh',
      kernelInitializer: kernel(),
    }),
  ];

  const dFirst = numClasses === undefined ? { inputShape: [28, 28, 1] } : {};
  const discriminatorLayers = [
    tfl.layers.conv2d({
      ...dFirst,
      filters: 64,
      kernelSize: 5,
      strides: 2,
      padding: 'same',
      kernelInitializer: kernel(),
    }),
    tfl.layers.leakyReLU({ alpha: 0.3 }),
    new SeededDropout({ rate: 0.3, seed: dropoutSeed() }),
    tfl.layers.conv2d({ filters: 128, kernelSize: 5, strides: 2, padding: 'same', kernelInitializer: kernel() }),
    tfl.layers.leakyReLU({ alpha: 0.3 }),
    new SeededDropout({ rate: 0.3, seed: dropoutSeed() }),
    tfl.layers.flatten(),
  ];
  const head = tfl.layers.dense({ units: 1, kernelInitializer: kernel() });

  if (numClasses !== undefined) {
    // The embeddings' seeds come after every layer's, so the layers start as in the unconditional form.
    const generator = conditionalGenerator({ name: 'tutorial_generator', latentDim, numClasses, embeddingDim, seed: seeds.next(), body: generatorLayers });
    const discriminator = projectionDiscriminator({ name: 'tutorial_discriminator', imageShape: [28, 28, 1], numClasses, seed: seeds.next(), features: discriminatorLayers, head });
    return { generator: guardModel(generator), discriminator: guardModel(discriminator), latentDim, imageShape: [28, 28, 1] };
  }
  const generator = tfl.sequential({ name: 'tutorial_generator', layers: generatorLayers });
  const discriminator = tfl.sequential({ name: 'tutorial_discriminator', layers: [...discriminatorLayers, head] });
  return { generator: guardModel(generator), discriminator: guardModel(discriminator), latentDim, imageShape: [28, 28, 1] };
}
