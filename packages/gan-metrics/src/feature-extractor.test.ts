import { expectNoLeaks } from '@ganforge/test-utils';
import { existsSync, readFileSync } from 'node:fs';
import { readIdx } from '@ganforge/mnist';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeatureExtractor, extractFeatures, type FeatureNetwork, loadFeatureNetwork, OptionError, ShapeError, StateError, TensorError, ValueError } from './index';
import { decodeFloat32 } from './internal/base64';
import { mnistWeightShapes, mnistWeightsBase64 } from './networks/mnist-weights';
import { FEATURE_NORMALIZATION } from './networks/normalization';
import { digitTensor, embeddedDigits } from './test-data';

const digits = embeddedDigits();

/** The training script's tfjs-layers model, with the shipped weights. */
function layersModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 5, activation: 'relu', name: 'conv1' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 5, activation: 'relu', name: 'conv2' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu', name: 'dense1' }),
      tfl.layers.dense({ units: 64, name: 'features' }),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.dense({ units: 10, name: 'logits' }),
      tfl.layers.activation({ activation: 'softmax', name: 'probabilities' }),
    ],
  });
  const flat = decodeFloat32(mnistWeightsBase64);
  let offset = 0;
  const weights = mnistWeightShapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(flat.subarray(offset, offset + size), shape as number[]);
    offset += size;
    return t;
  });
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

describe('loadFeatureNetwork', () => {
  let network: FeatureNetwork;
  beforeAll(async () => {
    network = await loadFeatureNetwork('mnist');
  });
  afterAll(() => network.dispose());

  it('gives [N, 64] features and [N, 10] probabilities', () => {
    const images = digitTensor(digits.images, 0, 3);
    const { features, probabilities } = network.extract(images);
    expect(features.shape).toEqual([3, 64]);
    expect(probabilities!.shape).toEqual([3, 10]);
    expect(features.dtype).toBe('float32');
    for (let r = 0; r < 3; r++) expect(Array.from(probabilities!.arraySync()[r]!).reduce((a, b) => a + b)).toBeCloseTo(1, 5);
    tf.dispose([images, features, probabilities!]);
  });

  it('computes what the tfjs-layers model of the training script computes, features normalised', () => {
    const model = layersModel();
    const images = digitTensor(digits.images, 100, 132);
    const ours = network.extract(images);
    const theirs = model.predict(images) as tf.Tensor2D;
    const extractor = createFeatureExtractor(model, { layer: 'features', probabilitiesLayer: 'probabilities' });
    expect(extractor.imageShape).toEqual([28, 28, 1]);
    const raw = extractor.extract(images);
    const { shift, scale } = FEATURE_NORMALIZATION.mnist;
    const expected = tf.tidy(() => tf.mul(tf.sub(raw.features, tf.tensor1d(shift as number[])), scale));
    expect(tf.max(tf.abs(tf.sub(ours.probabilities!, theirs))).dataSync()[0]).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(tf.sub(raw.probabilities!, theirs))).dataSync()[0]).toBeLessThan(1e-6);
    expect(tf.max(tf.abs(tf.sub(ours.features, expected))).dataSync()[0]).toBeLessThan(1e-3);
    tf.dispose([images, ours.features, ours.probabilities!, theirs, raw.features, raw.probabilities!, expected]);
    model.dispose();
  });

  it('classifies the 1,000 held-out embedded digits with the accuracy stated in its info', async () => {
    const images = digitTensor(digits.images, 9000, 10000);
    const { probabilities } = await extractFeatures(images, network);
    images.dispose();
    let correct = 0;
    for (let i = 0; i < 1000; i++) {
      const row = probabilities!.data.subarray(i * 10, i * 10 + 10);
      if (row.indexOf(Math.max(...row)) === digits.labels[9000 + i]) correct++;
    }
    expect(Math.abs(correct / 1000 - network.info.heldOutAccuracy)).toBeLessThanOrEqual(0.002);
    expect(network.info.heldOutAccuracy).toBeGreaterThan(0.97);
  });

  it('rejects images of another size (never resizes) and a disposed network', async () => {
    expect(() => network.extract(tf.zeros([2, 32, 32, 1]) as tf.Tensor4D)).toThrow(
      'mnist network.extract: images must be [N, 28, 28, 1] images, the input of the mnist feature network (images are never resized), got [2, 32, 32, 1]',
    );
    const other = await loadFeatureNetwork('mnist');
    other.dispose();
    expect(() => other.extract(tf.zeros([1, 28, 28, 1]) as tf.Tensor4D)).toThrow(StateError);
    await expect(loadFeatureNetwork('cifar' as never)).rejects.toThrow(OptionError);
  });
});

const fashionDir = '/usr/share/datasets/fashion-mnist';
describe.skipIf(!existsSync(`${fashionDir}/t10k-images-idx3-ubyte.gz`))('fashion-mnist network (needs Debian dataset-fashion-mnist)', () => {
  it('classifies the first 2,000 Fashion-MNIST test images about as well as its stated 10,000-image accuracy', async () => {
    const read = (name: string) => readIdx(new Uint8Array(readFileSync(`${fashionDir}/${name}`))).data as Uint8Array;
    const images = read('t10k-images-idx3-ubyte.gz');
    const labels = read('t10k-labels-idx1-ubyte.gz');
    const network = await loadFeatureNetwork('fashion-mnist');
    const batch = digitTensor(images, 0, 2000);
    const { features, probabilities } = await extractFeatures(batch, network);
    batch.dispose();
    network.dispose();
    let correct = 0;
    for (let i = 0; i < 2000; i++) {
      const row = probabilities!.data.subarray(i * 10, i * 10 + 10);
      if (row.indexOf(Math.max(...row)) === labels[i]) correct++;
    }
    expect(features.shape).toEqual([2000, 64]);
    expect(network.info.heldOutAccuracy).toBeCloseTo(0.9105, 4);
    expect(Math.abs(correct / 2000 - network.info.heldOutAccuracy)).toBeLessThan(0.02);
  });
});

describe('extractFeatures', () => {
  it('rescales from the declared pixel range, and rejects values outside it', async () => {
    const network = await loadFeatureNetwork('mnist');
    const unit = digitTensor(digits.images, 0, 4);
    const symmetric = tf.sub(tf.mul(unit, 2), 1) as tf.Tensor4D;
    const a = await extractFeatures(unit, network);
    const b = await extractFeatures(symmetric, network, { pixelRange: 'symmetric', batchSize: 3 });
    expect(a.features.shape).toEqual([4, 64]);
    a.features.data.forEach((v, i) => {
expect(Math.abs(v - b.features.data[i]!)).toBeLessThan(1e-4);
});
    await expect(extractFeatures(symmetric, network)).rejects.toThrow(ValueError);
    await expect(extractFeatures(symmetric, network)).rejects.toThrow(/pixel values in \[0, 1\].*got values in \[-1, 1\]/);
    await expectNoLeaks(() => extractFeatures(unit, network, { batchSize: 2 }));
    await expect(extractFeatures(null as never, network)).rejects.toThrow(TensorError);
    tf.dispose([unit, symmetric]);
    network.dispose();
  });
});

describe('createFeatureExtractor', () => {
  it('wraps a function (outputs of rank > 2 flattened) and checks the image shape', async () => {
    const extractor = createFeatureExtractor((images) => tf.mean(images, [1, 2], true), { imageShape: [2, 2, 3], name: 'means' });
    const images = tf.div(tf.tensor4d([1, 2, 3, 1, 2, 3, 3, 4, 5, 3, 4, 5], [1, 2, 2, 3]), 5) as tf.Tensor4D;
    const { features, probabilities } = await extractFeatures(images, extractor);
    expect(features.shape).toEqual([1, 3]);
    expect(Array.from(features.data)).toEqual([expect.closeTo(0.4, 6), expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(probabilities).toBeNull();
    await expect(extractFeatures(tf.zeros([1, 3, 3, 3]) as tf.Tensor4D, extractor)).rejects.toThrow(ShapeError);
    images.dispose();
  });

  it('rejects a model without a layer name, an unknown layer and a misspelled option', () => {
    const model = layersModel();
    expect(() => createFeatureExtractor(model)).toThrow("createFeatureExtractor: options.layer must be the name of the layer (LayersModel) or node (GraphModel) whose output gives the features, got undefined");
    expect(() => createFeatureExtractor(model, { layer: 'nope' })).toThrow(OptionError);
    expect(() => createFeatureExtractor(model, { layr: 'features' } as never)).toThrow("did you mean 'layer'?");
    expect(() => createFeatureExtractor((x) => x, { layer: 'features' })).toThrow(OptionError);
    expect(() => createFeatureExtractor(42 as never, { layer: 'x' })).toThrow(TensorError);
    model.dispose();
  });
});
