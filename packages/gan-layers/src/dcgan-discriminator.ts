import * as tfl from '@tensorflow/tfjs-layers';
import { projectLabels } from './internal/conditional';
import { activationLayer, kernelInitializer, maybeSpectral, normalizationLayer, resolveDepth } from './internal/blocks';
import { guardModel } from './internal/guard';
import { createSeedStream } from './internal/seed';
import {
  checkBoolean,
  checkImageShape,
  checkInteger,
  checkNumber,
  checkOneOf,
  checkOptions,
  checkSeed,
  checkString,
  checkWeights,
  type PlannedWeight,
} from './internal/validate';
import {
  GAN_ACTIVATIONS,
  type GanActivation,
  NORMALIZATIONS,
  type Normalization,
  WEIGHT_INITS,
  type WeightInit,
} from './layer-options';
import { MinibatchStdDev } from './minibatch-std-dev';

/**
 * Options of {@link createDcganDiscriminator}; every field is optional.
 *
 * @example
 * const options: DcganDiscriminatorOptions = { spectralNorm: true, normalization: 'none', minibatchStdDev: true };
 * const discriminator = createDcganDiscriminator(options);
 */
export interface DcganDiscriminatorOptions {
  /** `[height, width, channels]` of the images judged. Default `[28, 28, 1]`. */
  imageShape?: [number, number, number];
  /** Filters of the first stage; each later stage doubles them. Default `64`. */
  width?: number;
  /** Number of stride-2 convolution stages. Default: as {@link createDcganGenerator}'s. */
  depth?: number;
  /** Kernel size of the convolutions. Default `4`. */
  kernelSize?: number;
  /** Normalization after each stage but the first. Default `'batch'`. */
  normalization?: Normalization;
  /** Hidden activation. Default `'leakyRelu'` (DCGAN discriminator). */
  activation?: GanActivation;
  /** Negative slope of `'leakyRelu'`. Default `0.2`. */
  leakyReluAlpha?: number;
  /** Dropout rate after each stage's activation, 0 for none. Masks are unseeded. Default `0`. */
  dropout?: number;
  /** Wrap every convolution and dense layer in {@link SpectralNormalization} (SNGAN). Default `false`. */
  spectralNorm?: boolean;
  /** Append a {@link MinibatchStdDev} feature map before the output layer. Default `false`. */
  minibatchStdDev?: boolean;
  /** Group size of the minibatch standard deviation. Default `4`. */
  minibatchGroupSize?: number;
  /** Weight initialization. Default `'dcgan'`: kernels N(0, 0.02). */
  init?: WeightInit;
  /**
   * Number of classes for a projection discriminator (Miyato & Koyama 2018): it then
   * takes `[images, labels]`, labels `[batch, 1]` int32, and adds `⟨embed(label), φ(x)⟩`
   * to the logit, `φ(x)` being the flattened features. Default: unconditional.
   */
  numClasses?: number;
  /** Seed of every initializer (each layer draws a fresh one). Default: unseeded. */
  seed?: number;
  /** Name of the model. Default `'discriminator'`. */
  name?: string;
}

const WHERE = 'createDcganDiscriminator';

const KNOWN_OPTIONS: readonly (keyof DcganDiscriminatorOptions)[] = [
  'imageShape',
  'width',
  'depth',
  'kernelSize',
  'normalization',
  'activation',
  'leakyReluAlpha',
  'dropout',
  'spectralNorm',
  'minibatchStdDev',
  'minibatchGroupSize',
  'init',
  'numClasses',
  'seed',
  'name',
];

function resolveOptions(given: DcganDiscriminatorOptions | undefined) {
  const options = checkOptions(WHERE, given, KNOWN_OPTIONS);
  const imageShape = checkImageShape(WHERE, 'options.imageShape', options.imageShape ?? [28, 28, 1]);
  const depth = options.depth === undefined ? undefined : checkInteger(WHERE, 'options.depth', options.depth, 1);
  return {
    imageShape,
    width: checkInteger(WHERE, 'options.width', options.width ?? 64, 1),
    depth: resolveDepth(WHERE, imageShape, depth),
    kernelSize: checkInteger(WHERE, 'options.kernelSize', options.kernelSize ?? 4, 1),
    normalization: checkOneOf(WHERE, 'options.normalization', options.normalization ?? 'batch', NORMALIZATIONS),
    activation: checkOneOf(WHERE, 'options.activation', options.activation ?? 'leakyRelu', GAN_ACTIVATIONS),
    leakyReluAlpha: checkNumber(WHERE, 'options.leakyReluAlpha', options.leakyReluAlpha ?? 0.2, 0, 1),
    dropout: checkNumber(WHERE, 'options.dropout', options.dropout ?? 0, 0, 1, true),
    spectralNorm: checkBoolean(WHERE, 'options.spectralNorm', options.spectralNorm ?? false),
    minibatchStdDev: checkBoolean(WHERE, 'options.minibatchStdDev', options.minibatchStdDev ?? false),
    minibatchGroupSize: checkInteger(WHERE, 'options.minibatchGroupSize', options.minibatchGroupSize ?? 4, 1),
    init: checkOneOf(WHERE, 'options.init', options.init ?? 'dcgan', WEIGHT_INITS),
    numClasses:
      options.numClasses === undefined ? undefined : checkInteger(WHERE, 'options.numClasses', options.numClasses, 1),
    seed: checkSeed(WHERE, options.seed),
    name: checkString(WHERE, 'options.name', options.name ?? 'discriminator'),
  };
}

/** The weight tensors the discriminator will make, checked against the limits before any is built. */
function checkDiscriminatorWeights(o: ReturnType<typeof resolveOptions>): void {
  const [h, w, c] = o.imageShape;
  const k = o.kernelSize;
  const weights: PlannedWeight[] = [];
  for (let stage = 0; stage < o.depth; stage++) {
    weights.push({ what: 'Conv2D kernel', shape: [k, k, stage === 0 ? c : o.width * 2 ** (stage - 1), o.width * 2 ** stage] });
  }
  const features = (h / 2 ** o.depth) * (w / 2 ** o.depth) * (o.width * 2 ** (o.depth - 1) + (o.minibatchStdDev ? 1 : 0));
  weights.push({ what: 'Dense kernel', shape: [features, 1] });
  if (o.numClasses !== undefined) weights.push({ what: 'ClassEmbedding table', shape: [o.numClasses, features] });
  checkWeights(WHERE, 'options', weights);
}

/**
 * A DCGAN discriminator: images NHWC `[batch, h, w, c]` in `[-1, 1]` (plus labels
 * `[batch, 1]` int32 when `numClasses` is set) → logits `[batch, 1]` (no sigmoid).
 *
 * Layout: `depth` stride-2 convolutions with `width, 2·width, 4·width, ...` filters, each
 * followed by normalization (not after the first), activation and optional dropout; then
 * an optional minibatch standard deviation map, Flatten, and Dense 1 (plus the projection
 * term when conditional). With the defaults at 64×64×3 this is the DCGAN paper's
 * discriminator (its last 4×4 convolution is the same map as Dense 1 on the 4×4×512 features).
 *
 * The model's `predict`, `predictOnBatch` and `apply` throw this package's `TensorError`
 * (null, disposed) and `ShapeError` (an input of the wrong shape, an empty batch).
 *
 * @throws {ImageShapeError} when the image sides are not multiples of `2^depth`.
 * @throws {OptionError} for unknown option keys, zero widths or depths, unknown normalization, activation or init.
 * @throws {LimitError} for an image side above 16,384, a weight tensor above 2^31 - 1 elements
 *   or a model above 2^28 weights, before anything is allocated.
 *
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import { createDcganDiscriminator } from '@ganforge/gan-layers';
 *
 * const critic = createDcganDiscriminator({ normalization: 'none', spectralNorm: true, seed: 1 });
 * const logits = critic.predict(tf.zeros([8, 28, 28, 1])) as tf.Tensor2D; // [8, 1]
 */
export function createDcganDiscriminator(options?: DcganDiscriminatorOptions): tfl.LayersModel {
  const o = resolveOptions(options);
  checkDiscriminatorWeights(o);
  const seeds = createSeedStream(o.seed);
  const images = tfl.input({ shape: o.imageShape, name: `${o.name}_images` });
  const inputs = [images];
  let x: tfl.SymbolicTensor = images;
  const apply = (layer: tfl.layers.Layer | null) => {
    if (layer) x = layer.apply(x) as tfl.SymbolicTensor;
  };

  for (let stage = 0; stage < o.depth; stage++) {
    const normalized = stage > 0 && o.normalization !== 'none';
    const conv = tfl.layers.conv2d({
      filters: o.width * 2 ** stage,
      kernelSize: o.kernelSize,
      strides: 2,
      padding: 'same',
      useBias: !normalized,
      kernelInitializer: kernelInitializer(o.init, seeds),
    });
    apply(maybeSpectral(conv, o.spectralNorm, seeds));
    if (normalized) apply(normalizationLayer(o.normalization, o.init, seeds));
    apply(activationLayer(o.activation, o.leakyReluAlpha));
    if (o.dropout > 0) apply(tfl.layers.dropout({ rate: o.dropout }));
  }
  if (o.minibatchStdDev) apply(new MinibatchStdDev({ groupSize: o.minibatchGroupSize }));
  apply(tfl.layers.flatten());
  const features = x;
  apply(maybeSpectral(tfl.layers.dense({ units: 1, kernelInitializer: kernelInitializer(o.init, seeds) }), o.spectralNorm, seeds));

  if (o.numClasses !== undefined) {
    const projected = projectLabels(o.name, features, x, o.numClasses, seeds.next());
    inputs.push(projected.labels);
    x = projected.output;
  }
  return guardModel(tfl.model({ inputs, outputs: x, name: o.name }));
}
