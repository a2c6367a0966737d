import * as tfl from '@tensorflow/tfjs-layers';
import type { DcganModels } from './dcgan-models';
import { guardModel } from './internal/guard';
import { createSeedStream } from './internal/seed';
import { dropoutSeeds, SeededDropout } from './seeded-dropout';
import { conditionalGenerator, projectionDiscriminator } from './internal/conditional';
import { checkInteger, checkOptions, checkSeed } from './internal/validate';

/**
 * Options of {@link seedDcgan}.
 *
 * @example
 * const options: SeedDcganOptions = { seed: 42 };
 * const { generator } = seedDcgan(options);
 */
export interface SeedDcganOptions {
  /** Seed of the weight initializers. Default: unseeded. Dropout masks are made on the device by `SeededDropout`, seeded from this seed too. */
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
 * A small MNIST DCGAN in the shape of the Keras examples' models (about a third of
 * {@link tutorialDcgan}'s generator and a sixteenth of its discriminator), for quick runs
 * and tests. Kernels are initialized N(0, 0.02) (DCGAN), biases zero, BatchNormalization
 * with Keras defaults, LeakyReLU alpha 0.2.
 *
 * Generator, noise `[batch, 100]` → images `[batch, 28, 28, 1]` in `[-1, 1]`
 * (784,641 parameters, 772,033 trainable):
 * Dense 7·7·128 (no bias) → BatchNorm → LeakyReLU → Reshape [7, 7, 128] →
 * Conv2DTranspose 64 k4 s2 same (no bias) → BatchNorm → LeakyReLU →
 * Conv2DTranspose 1 k4 s2 same tanh.
 *
 * Discriminator, images `[batch, 28, 28, 1]` → logits `[batch, 1]` (13,633 parameters):
 * Conv2D 64 k4 s2 same → LeakyReLU → Dropout 0.3 → Flatten → Dense 1.
 *
 * @example
 * const { generator, discriminator, latentDim } = seedDcgan({ seed: 1 });
 * const images = generator.predict(tf.randomNormal([8, latentDim])) as tf.Tensor4D; // [8, 28, 28, 1]
 */
export function seedDcgan(given?: SeedDcganOptions): DcganModels {
  const options = checkOptions('seedDcgan', given, ['seed', 'numClasses', 'embeddingDim']);
  const numClasses = options.numClasses === undefined ? undefined : checkInteger('seedDcgan', 'options.numClasses', options.numClasses, 1);
  const embeddingDim = checkInteger('seedDcgan', 'options.embeddingDim', options.embeddingDim ?? 50, 1);
  const seeds = createSeedStream(checkSeed('seedDcgan', options.seed));
  const dropoutSeed = dropoutSeeds(options.seed);
  const kernel = () => tfl.initializers.randomNormal({ mean: 0, stddev: 0.02, seed: seeds.next() });
  const latentDim = 100;

  // The first layer takes an inputShape only in the unconditional (sequential) form.
  const gFirst = numClasses === undefined ? { inputShape: [latentDim] } : {};
  const generatorLayers = [
    tfl.layers.dense({ ...gFirst, units: 7 * 7 * 128, useBias: false, kernelInitializer: kernel() }),
    tfl.layers.batchNormalization(),
    tfl.layers.leakyReLU({ alpha: 0.2 }),
    tfl.layers.reshape({ targetShape: [7, 7, 128] }),
    tfl.layers.conv2dTranspose({
      filters: 64,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      useBias: false,
      kernelInitializer: kernel(),
    }),
    tfl.layers.batchNormalization(),
    tfl.layers.leakyReLU({ alpha: 0.2 }),
    tfl.layers.conv2dTranspose({
      filters: 1,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      activation: 'tanh',
      kernelInitializer: kernel(),
    }),
  ];

  const dFirst = numClasses === undefined ? { inputShape: [28, 28, 1] } : {};
  const discriminatorLayers = [
    tfl.layers.conv2d({
      ...dFirst,
      filters: 64,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      kernelInitializer: kernel(),
    }),
    tfl.layers.leakyReLU({ alpha: 0.2 }),
    new SeededDropout({ rate: 0.3, seed: dropoutSeed() }),
    tfl.layers.flatten(),
  ];
  const head = tfl.layers.dense({ units: 1, kernelInitializer: kernel() });

  if (numClasses !== undefined) {
    // The embeddings' seeds come after every layer's, so the layers start as in the unconditional form.
    const generator = conditionalGenerator({ name: 'seed_generator', latentDim, numClasses, embeddingDim, seed: seeds.next(), body: generatorLayers });
    const discriminator = projectionDiscriminator({ name: 'seed_discriminator', imageShape: [28, 28, 1], numClasses, seed: seeds.next(), features: discriminatorLayers, head });
    return { generator: guardModel(generator), discriminator: guardModel(discriminator), latentDim, imageShape: [28, 28, 1] };
  }
  const generator = tfl.sequential({ name: 'seed_generator', layers: generatorLayers });
  const discriminator = tfl.sequential({ name: 'seed_discriminator', layers: [...discriminatorLayers, head] });
  return { generator: guardModel(generator), discriminator: guardModel(discriminator), latentDim, imageShape: [28, 28, 1] };
}
