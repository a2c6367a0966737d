import { checkOptions, checkOneOf, checkSize, checkTensor, describe, LIMITS, type PixelRange, resolvePixelRange, wrapErrors } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { DtypeError, LimitError, OptionError, ShapeError, StateError, TensorError, ValueError } from './errors';
import type { FeatureMatrix } from './internal/matrix';
import { decodeFloat32 } from './internal/base64';

/** Names of the feature networks shipped in the package. */
export type FeatureNetworkName = 'mnist' | 'fashion-mnist';

/** The feature networks shipped in the package. */
export const FEATURE_NETWORKS: readonly FeatureNetworkName[] = ['mnist', 'fashion-mnist'];

/** What a feature extractor computes for one batch. */
export interface ExtractorOutput {
  /** `[N, D]` features. */
  features: tf.Tensor2D;
  /** `[N, C]` class probabilities, when the extractor is a classifier. */
  probabilities?: tf.Tensor2D;
}

/**
 * Turns NHWC image batches into feature rows (and, for classifiers, class
 * probabilities). Made by {@link loadFeatureNetwork} or {@link createFeatureExtractor}.
 */
export interface FeatureExtractor {
  /** A name for reports, e.g. `'mnist'`. */
  readonly name: string;
  /** `[height, width, channels]` the extractor takes, or `null` for any. Images of another size are rejected, never resized. */
  readonly imageShape: readonly [number, number, number] | null;
  /** The pixel range the extractor expects its input in (images are rescaled to it from the caller's `pixelRange`). */
  readonly inputRange: readonly [number, number];
  /**
   * Features (and probabilities) of a batch already in `inputRange`. The caller
   * owns and disposes the returned tensors.
   */
  extract(images: tf.Tensor4D): ExtractorOutput;
  /** Frees the extractor's weights (shipped networks) or nothing (wrapped models stay the caller's). */
  dispose(): void;
}

/** How a shipped network was trained and how well it does on held-out images. */
export interface FeatureNetworkInfo {
  network: FeatureNetworkName;
  trainedOn: string;
  heldOut: string;
  heldOutAccuracy: number;
  trainAccuracy: number;
  epochs: number;
  seed: number;
  backend: string;
  weights: number;
}

/** A shipped feature network: a LeNet-sized classifier whose 64-unit `features` layer gives the features. */
export interface FeatureNetwork extends FeatureExtractor {
  readonly name: FeatureNetworkName;
  readonly info: FeatureNetworkInfo;
}

/** The affine map from a network's raw 64-unit layer to its features: `(raw − shift) · scale`. */
export interface FeatureNormalization {
  /** Per-unit mean of the raw layer over the network's reference images. */
  shift: readonly number[];
  /** 1 / √(mean per-unit variance) over the same images, so that features have unit average variance. */
  scale: number;
}

async function weightsOf(name: FeatureNetworkName): Promise<{ info: FeatureNetworkInfo; shapes: readonly (readonly number[])[]; base64: string }> {
  if (name === 'mnist') {
    const module = await import('./networks/mnist-weights');
    return { info: module.mnistNetworkInfo as unknown as FeatureNetworkInfo, shapes: module.mnistWeightShapes, base64: module.mnistWeightsBase64 };
  }
  const module = await import('./networks/fashion-mnist-weights');
  return { info: module.fashionMnistNetworkInfo as unknown as FeatureNetworkInfo, shapes: module.fashionMnistWeightShapes, base64: module.fashionMnistWeightsBase64 };
}

/**
 * Loads a feature network shipped in the package (weights embedded, so it
 * works offline and in browsers): `'mnist'`, trained on the 10,000 digits
 * embedded in `@ganforge/mnist` (1,000 held out), or `'fashion-mnist'`,
 * trained on Fashion-MNIST's 60,000 training images. Both take `[N, 28, 28, 1]`
 * images; the features are the 64 units of the penultimate (linear) layer,
 * centred and scaled to unit average variance over the network's reference
 * images (so the KID kernel `(x·y/64 + 1)³` sees values of order 1), the
 * probabilities its softmax output over 10 classes. Call `dispose()` when done.
 *
 * @example
 * const network = await loadFeatureNetwork('mnist');
 * const { features, probabilities } = network.extract(images); // [N, 64], [N, 10]
 * network.dispose();
 */
export async function loadFeatureNetwork(name: FeatureNetworkName, options?: Record<string, never>): Promise<FeatureNetwork> {
  const fn = 'loadFeatureNetwork';
  checkOptions(fn, options, [], OptionError);
  checkOneOf(fn, 'name', name, FEATURE_NETWORKS, OptionError);
  const { FEATURE_NORMALIZATION } = await import('./networks/normalization');
  return buildFeatureNetwork(name, FEATURE_NORMALIZATION[name]);
}

/** The shipped network with a given feature normalization (`null`: the raw layer, for scripts/make-references.mjs). @internal */
export async function buildFeatureNetwork(name: FeatureNetworkName, normalization: FeatureNormalization | null): Promise<FeatureNetwork> {
  const { info, shapes, base64 } = await weightsOf(name);
  const flat = decodeFloat32(base64);
  let offset = 0;
  const weights = shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(flat.subarray(offset, offset + size), shape as number[], 'float32');
    offset += size;
    return tensor;
  });
  const [k1, b1, k2, b2, k3, b3, kf, bf, kl, bl] = weights as [tf.Tensor4D, tf.Tensor1D, tf.Tensor4D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
  if (normalization) {
    weights.push(tf.tensor1d(Float32Array.from(normalization.shift)));
    weights.push(tf.scalar(normalization.scale));
  }
  const [shift, scale] = normalization ? (weights.slice(10) as [tf.Tensor1D, tf.Scalar]) : [null, null];
  let disposed = false;
  return {
    name,
    info,
    imageShape: [28, 28, 1],
    inputRange: [0, 1],
    extract(images: tf.Tensor4D): ExtractorOutput {
      if (disposed) throw new StateError({ functionName: `${name} network.extract`, argument: 'this', expected: 'a network that is not disposed', actual: 'a disposed network' });
      checkImages(`${name} network.extract`, images, [28, 28, 1], name);
      return tf.tidy(() => {
        const n = images.shape[0];
        let h = tf.relu(tf.add(tf.conv2d(images, k1, 1, 'valid'), b1)) as tf.Tensor4D;
        h = tf.maxPool(h, 2, 2, 'valid');
        h = tf.relu(tf.add(tf.conv2d(h, k2, 1, 'valid'), b2)) as tf.Tensor4D;
        h = tf.maxPool(h, 2, 2, 'valid');
        const flatFeatures = tf.reshape(h, [n, -1]) as tf.Tensor2D;
        const hidden = tf.relu(tf.add(tf.matMul(flatFeatures, k3), b3)) as tf.Tensor2D;
        const raw = tf.add(tf.matMul(hidden, kf), bf) as tf.Tensor2D;
        const logits = tf.add(tf.matMul(tf.relu(raw) as tf.Tensor2D, kl), bl) as tf.Tensor2D;
        const features = shift && scale ? (tf.mul(tf.sub(raw, shift), scale) as tf.Tensor2D) : raw;
        return { features, probabilities: tf.softmax(logits) as tf.Tensor2D };
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose(weights);
    },
  };
}

/** Options of {@link createFeatureExtractor}. */
export interface CreateFeatureExtractorOptions {
  /** For a model: the layer (LayersModel) or node (GraphModel) whose output gives the features. Required for models; not allowed for functions. */
  layer?: string;
  /** For a model: a layer or node whose output is class probabilities, for the class statistics. Default none. */
  probabilitiesLayer?: string;
  /** `[height, width, channels]` the extractor takes. Default: the model's input shape when fully known, else any. */
  imageShape?: readonly [number, number, number];
  /** The pixel range the extractor expects. Default `'unit'` (`[0, 1]`). */
  inputRange?: PixelRange;
  /** A name for reports. Default `'custom'`. */
  name?: string;
}

/** A function from an NHWC batch to `[N, D]` features (or `[N, ...]`, flattened). */
export type FeatureFunction = (images: tf.Tensor4D) => tf.Tensor;

/** The parts of a tfjs `LayersModel` that {@link createFeatureExtractor} uses (no dependency on tfjs-layers). */
export interface LayersModelLike {
  getLayer(name: string): { output: unknown };
  execute(inputs: tf.Tensor, outputs: string | string[]): tf.Tensor | tf.Tensor[];
  inputs: { shape: (number | null)[] }[];
}

/** The parts of a tfjs `GraphModel` that {@link createFeatureExtractor} uses (no dependency on tfjs-converter). */
export interface GraphModelLike {
  execute(inputs: tf.Tensor, outputs: string | string[]): tf.Tensor | tf.Tensor[];
  inputs: { shape?: number[] }[];
}

/**
 * Wraps your own feature network: a function `images → [N, D]`, or a tfjs
 * `LayersModel` / `GraphModel` with the name of the layer (node) whose output
 * gives the features (outputs of rank > 2, e.g. `[N, 1, 1, 2048]`, are
 * flattened). The model stays yours: `dispose()` does not free it.
 *
 * @example
 * const extractor = createFeatureExtractor(classifier, { layer: 'dense_1', probabilitiesLayer: 'dense_2' });
 * const scores = await scoreImages(samples, { network: extractor, reference: await computeReference(realImages, { network: extractor }) });
 */
export function createFeatureExtractor(source: FeatureFunction | LayersModelLike | GraphModelLike, options?: CreateFeatureExtractorOptions): FeatureExtractor {
  const fn = 'createFeatureExtractor';
  const resolved = checkOptions(fn, options, ['layer', 'probabilitiesLayer', 'imageShape', 'inputRange', 'name'], OptionError);
  const inputRange = resolvePixelRange(fn, 'options.inputRange', resolved.inputRange ?? 'unit', OptionError);
  const name = resolved.name ?? 'custom';
  if (typeof name !== 'string') throw new OptionError({ functionName: fn, argument: 'options.name', expected: 'a string', actual: describe(name) });
  let imageShape: [number, number, number] | null = null;
  if (resolved.imageShape !== undefined) {
    const shape = resolved.imageShape;
    if (!Array.isArray(shape) || shape.length !== 3) throw new OptionError({ functionName: fn, argument: 'options.imageShape', expected: '[height, width, channels]', actual: describe(shape) });
    shape.forEach((side, i) => {
checkSize(fn, `options.imageShape[${i}]`, side, i < 2 ? LIMITS.imageSide : 4096, LimitError, OptionError);
});
    imageShape = [shape[0]!, shape[1]!, shape[2]!];
  }
  if (typeof source === 'function') {
    if (resolved.layer !== undefined || resolved.probabilitiesLayer !== undefined) {
      throw new OptionError({ functionName: fn, argument: resolved.layer !== undefined ? 'options.layer' : 'options.probabilitiesLayer', expected: 'left out for a feature function (it is for models)', actual: describe(resolved.layer ?? resolved.probabilitiesLayer) });
    }
    return {
      name,
      imageShape,
      inputRange,
      extract(images) {
        checkImages(`${name} extractor.extract`, images, imageShape, name);
        const output = wrapErrors(`${name} extractor.extract`, 'images', () => source(images), ShapeError, 'images that the feature function accepts');
        return { features: flatten(`${name} extractor.extract`, output) };
      },
      dispose() {},
    };
  }
  if (source === null || typeof source !== 'object' || typeof (source as GraphModelLike).execute !== 'function') {
    throw new TensorError({ functionName: fn, argument: 'source', expected: 'a function images → [N, D], a tf.LayersModel or a tf.GraphModel', actual: describe(source) });
  }
  if (typeof resolved.layer !== 'string') {
    throw new OptionError({ functionName: fn, argument: 'options.layer', expected: 'the name of the layer (LayersModel) or node (GraphModel) whose output gives the features', actual: describe(resolved.layer) });
  }
  const model = source;
  const isLayers = typeof (model as LayersModelLike).getLayer === 'function';
  const outputName = (layer: string, argument: string) => {
    if (!isLayers) return layer;
    const found = wrapErrors(fn, argument, () => (model as LayersModelLike).getLayer(layer), OptionError, 'the name of a layer of the model');
    const output = found.output as { name?: string } | { name?: string }[];
    if (Array.isArray(output) || typeof output?.name !== 'string') throw new OptionError({ functionName: fn, argument, expected: 'a layer with one output', actual: `'${layer}'` });
    return output.name;
  };
  const outputs = [outputName(resolved.layer, 'options.layer')];
  if (resolved.probabilitiesLayer !== undefined) outputs.push(outputName(resolved.probabilitiesLayer, 'options.probabilitiesLayer'));
  if (imageShape === null) {
    const shape = model.inputs?.[0]?.shape?.slice(1);
    if (shape && shape.length === 3 && shape.every((s) => typeof s === 'number' && s > 0)) imageShape = shape as [number, number, number];
  }
  return {
    name,
    imageShape,
    inputRange,
    extract(images) {
      const where = `${name} extractor.extract`;
      checkImages(where, images, imageShape, name);
      const result = wrapErrors(where, 'images', () => model.execute(images, outputs), ShapeError, 'images that the model accepts') as tf.Tensor[];
      const features = flatten(where, result[0]!);
      if (result.length === 1) return { features };
      return { features, probabilities: flatten(where, result[1]!) };
    },
    dispose() {},
  };
}

function flatten(where: string, output: unknown): tf.Tensor2D {
  const tensor = checkTensor<tf.Tensor>(where, 'output', output, TensorError);
  if (tensor.rank < 2) {
    tensor.dispose();
    throw new ShapeError({ functionName: where, argument: 'output', expected: 'features of rank >= 2 [N, D, ...]', actual: `rank ${tensor.rank}` });
  }
  if (tensor.rank === 2) return tensor as tf.Tensor2D;
  const flat = tf.reshape(tensor, [tensor.shape[0]!, -1]) as tf.Tensor2D;
  tensor.dispose();
  return flat;
}

/** Checks an NHWC batch against the extractor's image shape: a clear error, never a resize. */
export function checkImages(fn: string, images: unknown, imageShape: readonly [number, number, number] | null, network: string, argument = 'images'): tf.Tensor4D {
  const tensor = checkTensor<tf.Tensor>(fn, argument, images, TensorError);
  if (tensor.rank !== 4) throw new ShapeError({ functionName: fn, argument, expected: 'rank 4 [batch, height, width, channels] (NHWC)', actual: `rank ${tensor.rank} [${tensor.shape.join(', ')}]` });
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') throw new DtypeError({ functionName: fn, argument, expected: 'of dtype float32 or int32', actual: tensor.dtype });
  if (imageShape && (tensor.shape[1] !== imageShape[0] || tensor.shape[2] !== imageShape[1] || tensor.shape[3] !== imageShape[2])) {
    throw new ShapeError({
      functionName: fn,
      argument,
      expected: `[N, ${imageShape.join(', ')}] images, the input of the ${network} feature network (images are never resized)`,
      actual: `[${tensor.shape.join(', ')}]`,
    });
  }
  return tensor as tf.Tensor4D;
}

/** Options of {@link extractFeatures}. */
export interface ExtractFeaturesOptions {
  /** The range of the pixel values of `images`. Default `'unit'` (`[0, 1]`); use `'symmetric'` for `tanh` generator outputs. */
  pixelRange?: PixelRange;
  /** Images per forward pass. Default `500`. */
  batchSize?: number;
}

/** Result of {@link extractFeatures}. */
export interface ExtractedFeatures {
  /** `[N, D]` features, float32. */
  features: FeatureMatrix;
  /** `[N, C]` probabilities, when the extractor is a classifier; else `null`. */
  probabilities: FeatureMatrix | null;
}

/**
 * Runs an extractor over NHWC images in batches and returns the features (and
 * probabilities) as plain float32 matrices. Pixel values are checked against
 * `pixelRange` (a mismatch, e.g. `[-1, 1]` generator output declared as
 * `'unit'`, is an error, not a silently wrong score) and rescaled to the
 * extractor's input range.
 *
 * @example
 * const network = await loadFeatureNetwork('mnist');
 * const { features, probabilities } = await extractFeatures(images, network, { pixelRange: 'symmetric' });
 */
export async function extractFeatures(images: tf.Tensor4D, extractor: FeatureExtractor, options?: ExtractFeaturesOptions): Promise<ExtractedFeatures> {
  const fn = 'extractFeatures';
  const resolved = checkOptions(fn, options, ['pixelRange', 'batchSize'], OptionError);
  const pixelRange = resolvePixelRange(fn, 'options.pixelRange', resolved.pixelRange ?? 'unit', OptionError);
  const batchSize = checkSize(fn, 'options.batchSize', resolved.batchSize ?? 500, LIMITS.batch, LimitError, OptionError);
  checkExtractor(fn, 'extractor', extractor);
  checkImages(fn, images, extractor.imageShape, extractor.name);
  const accumulator = new FeatureAccumulator();
  await accumulator.add(fn, images, extractor, pixelRange, batchSize);
  return accumulator.result();
}

export function checkExtractor(fn: string, argument: string, extractor: unknown): FeatureExtractor {
  if (extractor === null || typeof extractor !== 'object' || typeof (extractor as FeatureExtractor).extract !== 'function') {
    throw new TensorError({ functionName: fn, argument, expected: 'a FeatureExtractor (loadFeatureNetwork or createFeatureExtractor)', actual: describe(extractor) });
  }
  return extractor as FeatureExtractor;
}

/** Collects features and probabilities of image batches into growing float32 buffers. @internal */
export class FeatureAccumulator {
  rows = 0;
  featureDimension = 0;
  classes = 0;
  #features: Float32Array = new Float32Array(0);
  #probabilities: Float32Array | null = null;

  async add(fn: string, images: tf.Tensor4D, extractor: FeatureExtractor, pixelRange: readonly [number, number], batchSize: number, argument = 'images'): Promise<void> {
    checkImages(fn, images, extractor.imageShape, extractor.name, argument);
    const n = images.shape[0];
    if (this.rows + n > LIMITS.batch) throw new LimitError({ functionName: fn, argument, expected: `at most ${LIMITS.batch} images in all (LIMITS.batch)`, actual: `${this.rows + n}` });
    await checkPixelRange(fn, argument, images, pixelRange);
    const [lo, hi] = pixelRange;
    const [to0, to1] = extractor.inputRange;
    const scale = (to1 - to0) / (hi - lo);
    for (let start = 0; start < n; start += batchSize) {
      const count = Math.min(batchSize, n - start);
      const batch = tf.tidy(() => {
        const slice = tf.slice(images, [start, 0, 0, 0], [count, -1, -1, -1]);
        const asFloat = slice.dtype === 'float32' ? slice : tf.cast(slice, 'float32');
        return scale === 1 && lo === to0 ? asFloat : (tf.add(tf.mul(tf.sub(asFloat, lo), scale), to0) as tf.Tensor4D);
      });
      let output: ExtractorOutput | undefined;
      try {
        output = extractor.extract(batch);
        const features = checkTensor<tf.Tensor2D>(fn, 'extractor output', output?.features, TensorError);
        if (features.rank !== 2 || features.shape[0] !== count) throw new ShapeError({ functionName: fn, argument: 'extractor output', expected: `features [${count}, D]`, actual: `[${features.shape.join(', ')}]` });
        const d = features.shape[1];
        if (this.rows === 0) this.featureDimension = d;
        else if (d !== this.featureDimension) throw new ShapeError({ functionName: fn, argument: 'extractor output', expected: `${this.featureDimension} features per image, as before`, actual: `${d}` });
        this.#features = grow(this.#features, (this.rows + count) * d);
        this.#features.set((await features.data()) as Float32Array, this.rows * d);
        if (output.probabilities) {
          const c = output.probabilities.shape[1]!;
          if (this.rows === 0) this.classes = c;
          if (this.#probabilities === null && this.rows > 0) throw new StateError({ functionName: fn, argument: 'extractor', expected: 'probabilities for every batch or for none', actual: 'probabilities only from a later batch' });
          this.#probabilities = grow(this.#probabilities ?? new Float32Array(0), (this.rows + count) * c);
          this.#probabilities.set((await output.probabilities.data()) as Float32Array, this.rows * c);
        }
        this.rows += count;
      } finally {
        batch.dispose();
        if (output) tf.dispose([output.features, output.probabilities ?? []] as tf.Tensor[]);
      }
    }
  }

  result(): ExtractedFeatures {
    return {
      features: { data: this.#features.slice(0, this.rows * this.featureDimension), shape: [this.rows, this.featureDimension] },
      probabilities: this.#probabilities ? { data: this.#probabilities.slice(0, this.rows * this.classes), shape: [this.rows, this.classes] } : null,
    };
  }
}

function grow(buffer: Float32Array, length: number): Float32Array {
  if (buffer.length >= length) return buffer;
  const next = new Float32Array(Math.max(length, buffer.length * 2));
  next.set(buffer);
  return next;
}

/** Throws when pixel values fall outside `pixelRange` (with 1 % slack): the usual cause of a wrong score. */
async function checkPixelRange(fn: string, argument: string, images: tf.Tensor4D, range: readonly [number, number]): Promise<void> {
  if (images.size === 0) return;
  const [min, max] = tf.tidy(() => [tf.min(images), tf.max(images)]) as [tf.Tensor, tf.Tensor];
  const [lo, hi] = [(await min.data())[0]!, (await max.data())[0]!];
  tf.dispose([min, max]);
  const slack = 0.01 * (range[1] - range[0]);
  if (!(lo >= range[0] - slack && hi <= range[1] + slack)) {
    throw new ValueError({
      functionName: fn,
      argument,
      expected: `pixel values in [${range[0]}, ${range[1]}] (options.pixelRange; 'unit' is [0, 1], 'symmetric' [-1, 1], 'uint8' [0, 255])`,
      actual: `values in [${lo}, ${hi}]`,
    });
  }
}
