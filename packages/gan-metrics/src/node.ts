/**
 * Node-only parts of `@ganforge/gan-metrics` (`@ganforge/gan-metrics/node`):
 * reading IDX image files and scoring them, as the `ganforge-metrics` CLI does,
 * and loading a tfjs model from a `model.json` on disk.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkOptions, describe } from '@ganforge/internal';
import { readWeightFiles } from '@ganforge/internal/node';
import { readIdx } from '@ganforge/mnist';
import * as tf from '@tensorflow/tfjs-core';
import { FormatError, OptionError, ShapeError } from './errors';
import { createFeatureExtractor, type FeatureExtractor, type FeatureNetworkName } from './feature-extractor';
import { computeReference, type ReferenceName } from './reference';
import { type GanMetrics, type MetricName, scoreImages } from './score-images';

/**
 * Reads an IDX image file (gzipped or raw, `uint8`, `[N, H, W]` or `[N, H, W, C]`)
 * into a float32 `[N, H, W, C]` tensor with values in `[0, 255]` (pixel range
 * `'uint8'`). Bad bytes throw `@ganforge/mnist`'s `IdxFormatError`; a file that
 * is not uint8 images throws {@link FormatError}.
 *
 * @example
 * const images = await readIdxImages('samples-idx3-ubyte.gz'); // [N, 28, 28, 1], 0..255
 */
export async function readIdxImages(path: string, options?: Record<string, never>): Promise<tf.Tensor4D> {
  const fn = 'readIdxImages';
  checkOptions(fn, options, [], OptionError);
  if (typeof path !== 'string') throw new FormatError({ functionName: fn, argument: 'path', expected: 'a path to an IDX file', actual: describe(path) });
  const bytes = await readFile(path);
  const idx = readIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (idx.dtype !== 'uint8' || (idx.shape.length !== 3 && idx.shape.length !== 4)) {
    throw new FormatError({ functionName: fn, argument: path, expected: 'an IDX file of uint8 images [N, height, width] or [N, height, width, channels]', actual: `${idx.dtype} [${idx.shape.join(', ')}]` });
  }
  const [n, h, w, c = 1] = idx.shape as [number, number, number, number?];
  return tf.tensor4d(Float32Array.from(idx.data), [n, h, w, c], 'float32');
}

/**
 * Loads a tfjs LayersModel (`format: 'layers-model'`, needs
 * `@tensorflow/tfjs-layers`) or GraphModel (`'graph-model'`, needs
 * `@tensorflow/tfjs-converter`) from a `model.json` and its weight files on
 * disk, without tfjs-node.
 *
 * @example
 * const model = await loadModelFile('classifier/model.json');
 */
export async function loadModelFile(path: string, options?: Record<string, never>): Promise<unknown> {
  const fn = 'loadModelFile';
  checkOptions(fn, options, [], OptionError);
  const text = await readFile(path, 'utf8');
  let json: { format?: string; modelTopology?: unknown; weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] } & Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FormatError({ functionName: fn, argument: path, expected: 'a tfjs model.json', actual: 'text that is not JSON', cause: error });
  }
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new FormatError({ functionName: fn, argument: path, expected: 'a tfjs model.json with modelTopology and weightsManifest', actual: describe(json) });
  }
  const { weightSpecs, weightData } = await readWeightFiles<tf.io.WeightsManifestEntry>(
    dirname(path),
    json.weightsManifest as tf.io.WeightsManifestConfig,
  );
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs,
    weightData,
    format: json.format as string | undefined,
    generatedBy: json.generatedBy as string | undefined,
    convertedBy: json.convertedBy as string | null | undefined,
    userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
  };
  const handler = tf.io.fromMemory(artifacts);
  if (json.format === 'graph-model') {
    const converter = await importOptional('@tensorflow/tfjs-converter', fn, path);
    return (converter as { loadGraphModel: (h: unknown) => Promise<unknown> }).loadGraphModel(handler);
  }
  const layers = await importOptional('@tensorflow/tfjs-layers', fn, path);
  return (layers as { loadLayersModel: (h: unknown) => Promise<unknown> }).loadLayersModel(handler);
}

async function importOptional(name: string, fn: string, path: string): Promise<unknown> {
  try {
    return await import(name);
  } catch (error) {
    throw new FormatError({ functionName: fn, argument: path, expected: `a model that ${name} can load (install ${name})`, actual: `${name} not installed`, cause: error });
  }
}

/** Reads an IDX file of uint8 labels `[N]` (gz or raw) with `@ganforge/mnist`'s reader. */
async function readIdxLabels(fn: string, path: unknown): Promise<Uint8Array> {
  if (typeof path !== 'string') throw new OptionError({ functionName: fn, argument: 'options.labels', expected: 'the path of an IDX file of uint8 labels [N]', actual: describe(path) });
  const bytes = await readFile(path);
  const idx = readIdx(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (idx.dtype !== 'uint8' || idx.shape.length !== 1) {
    throw new FormatError({ functionName: fn, argument: path, expected: 'an IDX file of uint8 labels [N] (options.labels)', actual: `${idx.dtype} [${idx.shape.join(', ')}]` });
  }
  return idx.data as Uint8Array;
}

/** Options of {@link scoreIdxFiles}. */
export interface ScoreIdxFilesOptions {
  /** IDX file of real images; without it, the shipped reference set of the network. */
  real?: string;
  /** `'mnist'`, `'fashion-mnist'` or the path of a tfjs `model.json` (with `layer`). Default `'mnist'`. */
  features?: FeatureNetworkName | string;
  /** For a model file: the layer (node) giving the features. */
  layer?: string;
  /** For a model file: a layer (node) giving class probabilities. */
  probabilitiesLayer?: string;
  /** Shipped reference set to use without `real`. Default: the network's (`'mnist'`, `'fashion-mnist-test'`). */
  reference?: ReferenceName;
  /** As in scoreImages. */
  metrics?: readonly MetricName[];
  kidSubsets?: number;
  kidSubsetSize?: number;
  maxSamples?: number;
  seed?: number;
  batchSize?: number;
  /**
   * IDX file (gz or raw) of uint8 labels `[N]`: the class each fake image was generated for, in
   * file order (what a conditional generator exports beside its samples). Gives `classAgreement`
   * and `classAgreementByClass`. Default: none.
   */
  labels?: string;
}

/**
 * Scores an IDX file of generated images (uint8, `[N, H, W]`) against an IDX
 * file of real images or a shipped reference set: what `ganforge-metrics` prints.
 *
 * @example
 * const scores = await scoreIdxFiles('samples-idx3-ubyte.gz'); // against the embedded MNIST digits
 * const vsTest = await scoreIdxFiles('samples.gz', { real: 't10k-images-idx3-ubyte.gz' });
 * const conditional = await scoreIdxFiles('samples.gz', { labels: 'samples-labels-idx1-ubyte.gz' }); // .classAgreement
 */
export async function scoreIdxFiles(fake: string, options?: ScoreIdxFilesOptions): Promise<GanMetrics> {
  const fn = 'scoreIdxFiles';
  const resolved = checkOptions(fn, options, ['real', 'features', 'layer', 'probabilitiesLayer', 'reference', 'metrics', 'kidSubsets', 'kidSubsetSize', 'maxSamples', 'seed', 'batchSize', 'labels'], OptionError);
  const features = resolved.features ?? 'mnist';
  let network: FeatureNetworkName | FeatureExtractor;
  if (features === 'mnist' || features === 'fashion-mnist') {
    if (resolved.layer !== undefined) throw new OptionError({ functionName: fn, argument: 'options.layer', expected: 'left out for a shipped network', actual: describe(resolved.layer) });
    network = features;
  } else {
    if (typeof features !== 'string' || !features.endsWith('.json')) {
      throw new OptionError({ functionName: fn, argument: 'options.features', expected: "'mnist', 'fashion-mnist' or the path of a tfjs model.json", actual: describe(features) });
    }
    if (resolved.real === undefined) throw new OptionError({ functionName: fn, argument: 'options.real', expected: 'an IDX file of real images when the features come from your own model', actual: 'undefined' });
    const model = await loadModelFile(features);
    const extractorOptions: { layer?: string; probabilitiesLayer?: string; name: string } = { name: features };
    if (resolved.layer !== undefined) extractorOptions.layer = resolved.layer;
    if (resolved.probabilitiesLayer !== undefined) extractorOptions.probabilitiesLayer = resolved.probabilitiesLayer;
    network = createFeatureExtractor(model as never, extractorOptions);
  }
  const common = { ...(resolved.batchSize === undefined ? {} : { batchSize: resolved.batchSize }), ...(resolved.seed === undefined ? {} : { seed: resolved.seed }) };
  const labels = resolved.labels === undefined ? undefined : await readIdxLabels(fn, resolved.labels);
  const fakeImages = await readIdxImages(fake);
  let realImages: tf.Tensor4D | undefined;
  try {
    if (labels !== undefined && labels.length !== fakeImages.shape[0]) {
      throw new ShapeError({ functionName: fn, argument: 'options.labels', expected: `one label per fake image (${fakeImages.shape[0]} in ${fake})`, actual: `${labels.length} labels in ${resolved.labels}` });
    }
    let reference = resolved.reference as ReferenceName | Awaited<ReturnType<typeof computeReference>> | undefined;
    if (resolved.real !== undefined) {
      realImages = await readIdxImages(resolved.real);
      if (realImages.shape[1] !== fakeImages.shape[1] || realImages.shape[2] !== fakeImages.shape[2] || realImages.shape[3] !== fakeImages.shape[3]) {
        throw new ShapeError({ functionName: fn, argument: 'options.real', expected: `images of the fake images' size [N, ${fakeImages.shape.slice(1).join(', ')}] (images are never resized)`, actual: `[${realImages.shape.join(', ')}]` });
      }
      reference = await computeReference(realImages, { network, pixelRange: 'uint8', name: resolved.real, ...common });
    }
    return await scoreImages(fakeImages, {
      network,
      pixelRange: 'uint8',
      ...(reference === undefined ? {} : { reference }),
      ...(resolved.metrics === undefined ? {} : { metrics: resolved.metrics }),
      ...(resolved.kidSubsets === undefined ? {} : { kidSubsets: resolved.kidSubsets }),
      ...(resolved.kidSubsetSize === undefined ? {} : { kidSubsetSize: resolved.kidSubsetSize }),
      ...(resolved.maxSamples === undefined ? {} : { maxSamples: resolved.maxSamples }),
      ...(labels === undefined ? {} : { labels }),
      ...common,
    });
  } finally {
    fakeImages.dispose();
    realImages?.dispose();
  }
}
