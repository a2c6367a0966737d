/**
 * Normalization after each hidden convolution of the DCGAN builders:
 * - `'batch'`: `BatchNormalization` per channel (DCGAN), momentum 0.99, epsilon 1e-3;
 * - `'layer'`: `LayerNormalization` over height, width and channels of each sample (WGAN-GP critics);
 * - `'instance'`: {@link InstanceNormalization} per sample and channel;
 * - `'none'`: nothing (convolutions then keep their bias).
 *
 * @example
 * const normalization: Normalization = 'instance';
 * createDcganDiscriminator({ normalization });
 */
export type Normalization = 'batch' | 'layer' | 'instance' | 'none';

/**
 * Every {@link Normalization}, for validation and documentation.
 *
 * @example
 * for (const normalization of NORMALIZATIONS) createDcganDiscriminator({ normalization });
 */
export const NORMALIZATIONS: readonly Normalization[] = ['batch', 'layer', 'instance', 'none'];

/**
 * Hidden activation of the DCGAN builders. `'leakyRelu'` uses the builder's
 * `leakyReluAlpha`; the others are tfjs-layers activations.
 *
 * @example
 * createDcganGenerator({ activation: 'leakyRelu', leakyReluAlpha: 0.2 });
 */
export type GanActivation = 'relu' | 'leakyRelu' | 'elu' | 'selu' | 'gelu' | 'swish' | 'mish' | 'tanh' | 'sigmoid' | 'linear';

/**
 * Every {@link GanActivation}, for validation and documentation.
 *
 * @example
 * if (!GAN_ACTIVATIONS.includes(name)) throw new Error(`unknown activation ${name}`);
 */
export const GAN_ACTIVATIONS: readonly GanActivation[] = [
  'relu',
  'leakyRelu',
  'elu',
  'selu',
  'gelu',
  'swish',
  'mish',
  'tanh',
  'sigmoid',
  'linear',
];

/**
 * Weight initialization of the DCGAN builders:
 * - `'dcgan'`: kernels N(0, 0.02), BatchNormalization gamma N(1, 0.02), biases 0 (Radford et al.);
 * - `'glorot'`: Keras defaults (Glorot uniform kernels, gamma 1, biases 0).
 *
 * @example
 * createDcganGenerator({ init: 'glorot', seed: 3 });
 */
export type WeightInit = 'dcgan' | 'glorot';

/**
 * Every {@link WeightInit}, for validation and documentation.
 *
 * @example
 * const models = WEIGHT_INITS.map((init) => createDcganGenerator({ init, seed: 1 }));
 */
export const WEIGHT_INITS: readonly WeightInit[] = ['dcgan', 'glorot'];
