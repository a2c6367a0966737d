import * as tf from '@tensorflow/tfjs-core';
import { ClassEmbedding } from './class-embedding';
import { InstanceNormalization } from './instance-normalization';
import { MinibatchStdDev } from './minibatch-std-dev';
import { PixelNorm } from './pixel-norm';
import { SeededDropout } from './seeded-dropout';
import { SpectralNormalization } from './spectral-normalization';
import { SubPixelUpsampling } from './sub-pixel-upsampling';

const LAYER_CLASSES = [
  SpectralNormalization,
  MinibatchStdDev,
  PixelNorm,
  SubPixelUpsampling,
  InstanceNormalization,
  ClassEmbedding,
  SeededDropout,
] as const;

/**
 * Registers this package's layer classes with `tf.serialization`, so models containing
 * them load with `tf.loadLayersModel`. Importing the package already does this once;
 * calling it again is harmless. Returns the registered class names.
 *
 * @example
 * import { registerGanLayers } from '@ganforge/gan-layers';
 * registerGanLayers();
 * const generator = await tf.loadLayersModel('https://example.com/generator/model.json');
 */
export function registerGanLayers(): string[] {
  return LAYER_CLASSES.map((cls) => {
    tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>, 'ganforge');
    return cls.className;
  });
}

registerGanLayers();
