export { ClassEmbedding, type ClassEmbeddingArgs } from './class-embedding';
export { createDcganDiscriminator, type DcganDiscriminatorOptions } from './dcgan-discriminator';
export { createDcganGenerator, type DcganGeneratorOptions } from './dcgan-generator';
export type { DcganModels } from './dcgan-models';
export { GanLayersError, ImageShapeError, LayerInputError, LimitError, OptionError, ShapeError, TensorError } from './errors';
export { InstanceNormalization, type InstanceNormalizationArgs } from './instance-normalization';
export {
  GAN_ACTIVATIONS,
  type GanActivation,
  NORMALIZATIONS,
  type Normalization,
  WEIGHT_INITS,
  type WeightInit,
} from './layer-options';
export { MinibatchStdDev, type MinibatchStdDevArgs } from './minibatch-std-dev';
export { PixelNorm, type PixelNormArgs } from './pixel-norm';
export { registerGanLayers } from './register-gan-layers';
export { type SeedDcganOptions, seedDcgan } from './seed-dcgan';
export { SeededDropout, type SeededDropoutArgs } from './seeded-dropout';
export { SpectralNormalization, type SpectralNormalizationArgs } from './spectral-normalization';
export { SubPixelUpsampling, type SubPixelUpsamplingArgs } from './sub-pixel-upsampling';
export { type TutorialDcganOptions, tutorialDcgan } from './tutorial-dcgan';
