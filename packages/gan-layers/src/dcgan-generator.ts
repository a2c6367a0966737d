import * as tfl from '@tensorflow/tfjs-layers';
import { embedLabels } from './internal/conditional';
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
} from './internal/validate';
import {
  GAN_ACTIVATIONS,
  type GanActivation,
  NORMALIZATIONS,
  type Normalization,
  WEIGHT_INITS,
  type WeightInit,
} from './layer-options';
import { PixelNorm } from './pixel-norm';
import { SubPixelUpsampling } from './sub-pixel-upsampling';

/**
 * Options of {@link createDcganGenerator}; every field is optional.
 *
 * @example
 * const options: DcganGeneratorOptions = { imageShape: [64, 64, 3], normalization: 'instance', seed: 1 };
 * const generator = createDcganGenerator(options);
 */
export interface DcganGeneratorOptions {
  /** Length of the noise vector. Default `100`. */
  latentDim?: number;
  /** `[height, width, channels]` of the images produced. Default `[28, 28, 1]`. */
  imageShape?: [number, number, number];
  /** Filters of the last hidden stage; each earlier stage doubles them. Default `64`. */
  width?: number;
  /**
   * Number of stride-2 upsampling stages. Default: the most that keep the starting
   * feature map ≥ 4 pixels a side (28 → 2 from 7×7, 32 → 3 from 4×4, 64 → 4 from 4×4).
   */
  depth?: number;
  /** Kernel size of the (transposed) convolutions. Default `4`. */
  kernelSize?: number;
  /** Normalization after each hidden stage. Default `'batch'`. */
  normalization?: Normalization;
  /** Hidden activation. Default `'relu'` (DCGAN generator). */
  activation?: GanActivation;
  /** Negative slope of `'leakyRelu'`. Default `0.2`. */
  leakyReluAlpha?: number;
  /** Activation of the image output. Default `'tanh'` (pixels in `[-1, 1]`). */
  outputActivation?: 'tanh' | 'sigmoid' | 'linear';
  /**
   * `'transpose'`: `Conv2DTranspose` stride 2 (DCGAN); `'subpixel'`: `Conv2D` with 4× the
   * filters then {@link SubPixelUpsampling}. Default `'transpose'`.
   */
  upsampling?: 'transpose' | 'subpixel';
  /** Add {@link PixelNorm} after each hidden activation (ProGAN). Default `false`. */
  pixelNorm?: boolean;
  /** Wrap every dense and convolution layer in {@link SpectralNormalization}. Default `false`. */
  spectralNorm?: boolean;
  /** Weight initialization. Default `'dcgan'`: kernels N(0, 0.02). */
  init?: WeightInit;
  /**
   * Number of classes for a conditional generator: it then takes `[noise, labels]`, labels
   * `[batch, 1]` int32, embeds them with `ClassEmbedding` and concatenates the
   * embedding to the noise. Default: unconditional.
   */
  numClasses?: number;
  /** Length of the label embedding of a conditional generator. Default `50`. */
  embeddingDim?: number;
  /** Seed of every initializer (each layer draws a fresh one). Default: unseeded. */
  seed?: number;
  /** Name of the model. Default `'generator'`. */
  name?: string;
}

type ResolvedOptions = Required<Omit<DcganGeneratorOptions, 'numClasses' | 'seed' | 'depth'>> & {
  numClasses: number | undefined;
  seed: number | undefined;
  depth: number;
};

const WHERE = 'createDcganGenerator';

const KNOWN_OPTIONS: readonly (keyof DcganGeneratorOptions)[] = [
  'latentDim',
  'imageShape',
  'width',
  'depth',
  'kernelSize',
  'normalization',
  'activation',
  'leakyReluAlpha',
  'outputActivation',
  'upsampling',
  'pixelNorm',
  'spectralNorm',
  'init',
  'numClasses',
  'embeddingDim',
  'seed',
  'name',
];

function resolveOptions(given: DcganGeneratorOptions | undefined): ResolvedOptions {
  const options = checkOptions(WHERE, given, KNOWN_OPTIONS);
  const imageShape = checkImageShape(WHERE, 'options.imageShape', options.imageShape ?? [28, 28, 1]);
  const depth =
    options.depth === undefined ? undefined : checkInteger(WHERE, 'options.depth', options.depth, 1);
  return {
    latentDim: checkInteger(WHERE, 'options.latentDim', options.latentDim ?? 100, 1),
    imageShape,
    width: checkInteger(WHERE, 'options.width', options.width ?? 64, 1),
    depth: resolveDepth(WHERE, imageShape, depth),
    kernelSize: checkInteger(WHERE, 'options.kernelSize', options.kernelSize ?? 4, 1),
    normalization: checkOneOf(WHERE, 'options.normalization', options.normalization ?? 'batch', NORMALIZATIONS),
    activation: checkOneOf(WHERE, 'options.activation', options.activation ?? 'relu', GAN_ACTIVATIONS),
    leakyReluAlpha: checkNumber(WHERE, 'options.leakyReluAlpha', options.leakyReluAlpha ?? 0.2, 0, 1),
    outputActivation: checkOneOf(WHERE, 'options.outputActivation', options.outputActivation ?? 'tanh', [
      'tanh',
      'sigmoid',
      'linear',
    ] as const),
    upsampling: checkOneOf(WHERE, 'options.upsampling', options.upsampling ?? 'transpose', [
      'transpose',
      'subpixel',
    ] as const),
    pixelNorm: checkBoolean(WHERE, 'options.pixelNorm', options.pixelNorm ?? false),
    spectralNorm: checkBoolean(WHERE, 'options.spectralNorm', options.spectralNorm ?? false),
    init: checkOneOf(WHERE, 'options.init', options.init ?? 'dcgan', WEIGHT_INITS),
    numClasses:
      options.numClasses === undefined ? undefined : checkInteger(WHERE, 'options.numClasses', options.numClasses, 1),
    embeddingDim: checkInteger(WHERE, 'options.embeddingDim', options.embeddingDim ?? 50, 1),
    seed: checkSeed(WHERE, options.seed),
    name: checkString(WHERE, 'options.name', options.name ?? 'generator'),
  };
}

/** The weight tensors the generator will make, checked against the limits before any is built. */
function checkGeneratorWeights(o: ResolvedOptions): void {
  const [h, w, c] = o.imageShape;
  const k = o.kernelSize;
  const cells = (h / 2 ** o.depth) * (w / 2 ** o.depth);
  const conditional = o.numClasses !== undefined;
  const weights = [
    { what: 'Dense kernel', shape: [o.latentDim + (conditional ? o.embeddingDim : 0), cells * o.width * 2 ** (o.depth - 1)] },
  ];
  if (conditional) weights.push({ what: 'ClassEmbedding table', shape: [o.numClasses!, o.embeddingDim] });
  const factor = o.upsampling === 'subpixel' ? 4 : 1;
  for (let stage = 1; stage <= o.depth; stage++) {
    const filtersIn = o.width * 2 ** (o.depth - stage);
    const filtersOut = stage === o.depth ? c : filtersIn / 2;
    weights.push({ what: o.upsampling === 'subpixel' ? 'Conv2D kernel' : 'Conv2DTranspose kernel', shape: [k, k, filtersIn, filtersOut * factor] });
  }
  checkWeights(WHERE, 'options', weights);
}

/**
 * A DCGAN generator (Radford et al. 2016): noise `[batch, latentDim]` (plus labels
 * `[batch, 1]` int32 when `numClasses` is set) → images NHWC `[batch, h, w, c]` in
 * `[-1, 1]` (with the default tanh output).
 *
 * Layout, with `d = depth` and `[h0, w0] = [h, w] / 2^d`: Dense `h0·w0·width·2^(d-1)`
 * → Reshape → normalization → activation, then `d - 1` stride-2 stages halving the
 * filters (upsample → normalization → activation), then a last stride-2 stage to `c`
 * channels with the output activation. With the defaults at 64×64×3 this is the DCGAN
 * paper's generator (4×4×512 → 8×8×256 → 16×16×128 → 32×32×64 → 64×64×3). Layers
 * followed by a normalization have no bias.
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
 * import { createDcganGenerator } from '@ganforge/gan-layers';
 *
 * const generator = createDcganGenerator({ imageShape: [32, 32, 3], width: 32, seed: 1 });
 * const images = generator.predict(tf.randomNormal([4, 100])) as tf.Tensor4D; // [4, 32, 32, 3]
 */
export function createDcganGenerator(options?: DcganGeneratorOptions): tfl.LayersModel {
  const o = resolveOptions(options);
  checkGeneratorWeights(o);
  const seeds = createSeedStream(o.seed);
  const [h, w, c] = o.imageShape;
  const h0 = h / 2 ** o.depth;
  const w0 = w / 2 ** o.depth;
  const hiddenBias = o.normalization === 'none';

  const noise = tfl.input({ shape: [o.latentDim], name: `${o.name}_noise` });
  const inputs = [noise];
  let x: tfl.SymbolicTensor = noise;
  if (o.numClasses !== undefined) {
    const conditioned = embedLabels(o.name, noise, o.numClasses, o.embeddingDim, seeds.next());
    inputs.push(conditioned.labels);
    x = conditioned.x;
  }

  const apply = (layer: tfl.layers.Layer | null) => {
    if (layer) x = layer.apply(x) as tfl.SymbolicTensor;
  };
  const hiddenTail = () => {
    apply(normalizationLayer(o.normalization, o.init, seeds));
    apply(activationLayer(o.activation, o.leakyReluAlpha));
    if (o.pixelNorm) apply(new PixelNorm());
  };
  const upsample = (filters: number, useBias: boolean, activation: string) => {
    const common = { kernelSize: o.kernelSize, padding: 'same' as const, useBias, kernelInitializer: kernelInitializer(o.init, seeds) };
    if (o.upsampling === 'transpose') {
      apply(maybeSpectral(tfl.layers.conv2dTranspose({ ...common, filters, strides: 2, activation: activation as 'linear' }), o.spectralNorm, seeds));
    } else {
      apply(maybeSpectral(tfl.layers.conv2d({ ...common, filters: filters * 4, strides: 1, activation: activation as 'linear' }), o.spectralNorm, seeds));
      apply(new SubPixelUpsampling({ blockSize: 2 }));
    }
  };

  const startFilters = o.width * 2 ** (o.depth - 1);
  apply(
    maybeSpectral(
      tfl.layers.dense({ units: h0 * w0 * startFilters, useBias: hiddenBias, kernelInitializer: kernelInitializer(o.init, seeds) }),
      o.spectralNorm,
      seeds,
    ),
  );
  apply(tfl.layers.reshape({ targetShape: [h0, w0, startFilters] }));
  hiddenTail();
  for (let stage = 1; stage < o.depth; stage++) {
    upsample(o.width * 2 ** (o.depth - 1 - stage), hiddenBias, 'linear');
    hiddenTail();
  }
  upsample(c, true, o.outputActivation);
  return guardModel(tfl.model({ inputs, outputs: x, name: o.name }));
}
