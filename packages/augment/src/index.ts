export { adjustBrightness, adjustContrast, adjustGamma, adjustSaturation, type AdjustColorOptions, type AdjustGammaOptions } from './adjust-color';
export { affine, rotate, type AffineOptions, type Interpolation, type PerSample, type RotateOptions } from './affine';
export { crop } from './crop';
export { elasticTransform, type ElasticTransformOptions } from './elastic-transform';
export { erase, type EraseOptions } from './erase';
export { AugmentError, ChannelError, ConfigError, DtypeError, LimitError, OptionError, ParamsError, ShapeError, TensorError } from './errors';
export { horizontalFlip, verticalFlip, type FlipMask, type FlipOptions } from './flip';
export { gaussianBlur, type GaussianBlurOptions } from './gaussian-blur';
export { gaussianNoise, type GaussianNoiseOptions } from './gaussian-noise';
export { pad, type PadOptions, type PaddingMode } from './pad';
export { resize, type ResizeOptions } from './resize';
export { AdaController, createAdaController, type AdaOptions, type AdaState } from './ada';
export {
  Augmentation,
  RandomAugmentation,
  type ApplyOptions,
  type AugmentationConfig,
  type AugmentationOptions,
  type AugmentParams,
  type AugmentResult,
  type ImageShape,
  type RandomOptions,
} from './augmentation';
export { ColorJitter, colorJitter, type ColorJitterOptions } from './color-jitter';
export { compose, Compose, oneOf, OneOf, randomOrder, RandomOrder, someOf, SomeOf, type ChoiceOptions, type OneOfOptions, type SomeOfOptions } from './compose';
export { DiffAugment, diffAugment, diffAugmentation, type DiffAugmentOptions, type DiffAugmentPolicy } from './diff-augment';
export { RandomAffine, randomAffine, type RandomAffineOptions } from './random-affine';
export { RandomCrop, randomCrop, type RandomCropOptions } from './random-crop';
export { RandomElastic, randomElastic, type RandomElasticOptions } from './random-elastic';
export { RandomErasing, randomErasing, type RandomErasingOptions } from './random-erasing';
export { RandomFlip, randomFlip, type RandomFlipOptions } from './random-flip';
export { RandomGaussianBlur, randomGaussianBlur, type RandomGaussianBlurOptions } from './random-gaussian-blur';
export { RandomNoise, randomNoise, type RandomNoiseOptions } from './random-noise';
export { RandomResizedCrop, randomResizedCrop, type RandomResizedCropOptions } from './random-resized-crop';
export { augmentationFromJSON } from './serialize';
