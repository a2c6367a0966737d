import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { computeReference, createFeatureExtractor, type FeatureExtractor, loadReference, OptionError, REFERENCE_SETS, type ScoreImagesOptions, scoreImages, ShapeError, ValueError } from './index';
import { digitTensor, embeddedDigits } from './test-data';

const digits = embeddedDigits();
const real = digitTensor(digits.images, 0, 600);
afterAll(() => real.dispose());
const fast: ScoreImagesOptions = { kidSubsets: 5, kidSubsetSize: 200, maxSamples: 300 };

describe('loadReference', () => {
  it('loads the shipped sets: statistics over every image, 5,000 float16 feature rows', async () => {
    const counts: Record<string, number> = {};
    for (const name of REFERENCE_SETS) {
      const reference = await loadReference(name);
      counts[name] = reference.count;
      expect(reference.features.shape).toEqual([5000, 64]);
      expect(reference.statistics.dimension).toBe(64);
    }
    expect(counts).toEqual({ mnist: 10000, 'fashion-mnist-train': 60000, 'fashion-mnist-test': 10000 });
    const mnist = await loadReference('mnist');
    // The features are normalised to unit average variance over these very images.
    const covariance = mnist.statistics.covariance();
    let trace = 0;
    for (let i = 0; i < 64; i++) trace += covariance[i * 64 + i]!;
    expect(trace / 64).toBeCloseTo(1, 4);
    expect(Math.max(...mnist.statistics.mean().map(Math.abs))).toBeLessThan(1e-4);
  });
});

describe('scoreImages', () => {
  it('scores real digits as close to the shipped digits, with every metric', async () => {
    const scores = await scoreImages(real, fast);
    expect(scores.count).toBe(600);
    expect([scores.network, scores.reference]).toEqual(['mnist', 'mnist']);
    expect(scores.fid!).toBeGreaterThan(0);
    expect(scores.fid!).toBeLessThan(3);
    expect(Math.abs(scores.kid!)).toBeLessThan(0.02);
    expect(scores.precision!).toBeGreaterThan(0.7);
    expect(scores.recall!).toBeGreaterThan(0.5);
    expect(scores.coverage!).toBeGreaterThan(0.5);
    expect(scores.classesCovered).toBe(10);
    expect(scores.classCoverage).toBe(1);
    expect(scores.classHistogram!.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(scores.classEntropy!).toBeGreaterThan(2.2);
    expect(scores.classifierScore!).toBeGreaterThan(8);
    expect(scores.confidentShare!).toBeGreaterThan(0.9);
    expect(await scoreImages(real, fast)).toEqual(scores);
  });

  it('scores blank images as far away, a single class with coverage 1/10', async () => {
    const blank = tf.zeros([300, 28, 28, 1]) as tf.Tensor4D;
    const scores = await scoreImages(blank, { ...fast, metrics: ['fid', 'classes'] });
    expect(scores.fid!).toBeGreaterThan(50);
    expect(scores.classesCovered).toBe(1);
    expect(scores.classEntropy).toBe(0);
    expect([scores.kid, scores.precision, scores.coverage, scores.classifierScore]).toEqual([null, null, null, null]);
    blank.dispose();
  });

  it('takes (async) iterables of batches, [-1, 1] images, and leaks nothing', async () => {
    const symmetric = tf.sub(tf.mul(real, 2), 1) as tf.Tensor4D;
    const batches = [tf.slice(symmetric, 0, 250), tf.slice(symmetric, 250, 350)] as tf.Tensor4D[];
    async function* stream() {
      yield* batches;
    }
    const whole = await scoreImages(symmetric, { ...fast, pixelRange: 'symmetric', metrics: ['fid', 'classes'] });
    const streamed = await scoreImages(stream(), { ...fast, pixelRange: 'symmetric', metrics: ['fid', 'classes'] });
    expect(streamed.count).toBe(600);
    expect(Math.abs(streamed.fid! - whole.fid!)).toBeLessThan(1e-6);
    await expectNoLeaks(() => scoreImages(batches, { ...fast, pixelRange: 'symmetric' }));
    await expect(scoreImages(symmetric, fast)).rejects.toThrow(ValueError);
    tf.dispose([symmetric, ...batches]);
  });

  it('scores against a computed reference and with a custom extractor', async () => {
    const reference = await computeReference(real, { maxSamples: 400, name: 'first 600' });
    expect([reference.count, reference.features.shape[0], reference.network]).toEqual([600, 400, 'mnist']);
    const other = digitTensor(digits.images, 600, 1000);
    const scores = await scoreImages(other, { ...fast, reference });
    expect(scores.reference).toBe('first 600');
    expect(scores.fid!).toBeGreaterThan(0);
    const extractor = createFeatureExtractor((images) => tf.reshape(tf.avgPool(images, 7, 7, 'valid'), [images.shape[0], -1]), { name: 'pooled' });
    await expect(scoreImages(other, { network: extractor })).rejects.toThrow('scoreImages: options.reference must be a ReferenceSet (computeReference) when options.network is your own extractor, got undefined');
    await expect(scoreImages(other, { network: extractor, reference })).rejects.toThrow("options.reference must be features from the 'pooled' network (options.network), got the reference 'first 600' of the 'mnist' network");
    const pooledReference = await computeReference(real, { network: extractor });
    const pooled = await scoreImages(other, { ...fast, network: extractor, reference: pooledReference });
    expect(pooled.fid!).toBeGreaterThan(0);
    expect(pooled.classHistogram).toBeNull();
    other.dispose();
  });

  it('measures class agreement with requested labels on a tiny source, in source order across batches', async () => {
    // A toy 3-class "classifier" on [1, 1, 3] images: the probabilities are the pixels over their sum.
    const toy: FeatureExtractor = {
      name: 'toy',
      imageShape: [1, 1, 3],
      inputRange: [0, 1],
      extract: (images) =>
        tf.tidy(() => {
          const features = tf.reshape(images, [images.shape[0], 3]) as tf.Tensor2D;
          return { features: tf.clone(features), probabilities: tf.div(features, tf.sum(features, 1, true)) as tf.Tensor2D };
        }),
      dispose: () => {},
    };
    // top classes 0, 0, 1, 2
    const images = tf.tensor4d([0.7, 0.2, 0.1, 0.5, 0.3, 0.2, 0.1, 0.8, 0.1, 0.2, 0.1, 0.7], [4, 1, 1, 3]);
    const reference = await computeReference(images, { network: toy, name: 'toy' });
    const options: ScoreImagesOptions = { network: toy, reference, metrics: ['classes'] };
    const batches = [tf.slice(images, 0, 2), tf.slice(images, 2, 2)] as tf.Tensor4D[];
    const scores = await scoreImages(batches, { ...options, labels: [0, 1, 1, 2] });
    expect(scores.classAgreement).toBe(0.75); // rows 0, 2, 3 agree
    expect(scores.classAgreementByClass).toEqual([1, 0.5, 1]);
    const tensorLabels = tf.tensor2d([[0], [0], [1], [1]], [4, 1], 'int32');
    const whole = await scoreImages(images, { ...options, labels: tensorLabels });
    expect([whole.classAgreement, whole.classAgreementByClass]).toEqual([0.75, [1, 0.5, null]]); // nobody asked for class 2
    expect(whole.classHistogram).toEqual([0.5, 0.25, 0.25]);
    // null without labels, or without the 'classes' metric
    const plain = await scoreImages(images, options);
    expect([plain.classAgreement, plain.classAgreementByClass]).toEqual([null, null]);
    const fidOnly = await scoreImages(images, { ...options, metrics: ['fid'], labels: [0, 1, 1, 2] });
    expect([fidOnly.classAgreement, fidOnly.classAgreementByClass, typeof fidOnly.fid]).toEqual([null, null, 'number']);
    await expectNoLeaks(() => scoreImages(batches, { ...options, labels: tensorLabels }));
    // a count mismatch: checked before any work for a tensor, after the stream for an iterable
    await expect(scoreImages(images, { ...options, labels: [0, 1, 1] })).rejects.toThrow('scoreImages: options.labels must be one requested class per image (4), got 3 labels');
    await expect(scoreImages(batches, { ...options, labels: [0, 1, 1, 2, 0] })).rejects.toThrow(ShapeError);
    await expect(scoreImages(images, { ...options, labels: [0, 1, 3, 2] })).rejects.toThrow('scoreImages: options.labels[2] must be a class index in [0, 2] (the classifier has 3 classes), got 3');
    await expect(scoreImages(images, { ...options, labels: [0, 0.5, 1, 2] })).rejects.toThrow(ValueError);
    await expect(scoreImages(images, { ...options, labels: 2 as never })).rejects.toThrow(OptionError);
    tf.dispose([images, tensorLabels, ...batches]);
  });

  it('gives the agreement of real digits with their own labels and with wrong ones', async () => {
    const labels = digits.labels.subarray(0, 600);
    const own = await scoreImages(real, { metrics: ['classes'], labels });
    expect(own.classAgreement!).toBeGreaterThan(0.98); // the network's training digits
    expect(own.classAgreementByClass!.length).toBe(10);
    expect(Math.min(...(own.classAgreementByClass as number[]))).toBeGreaterThan(0.9);
    const shifted = await scoreImages(real, { metrics: ['classes'], labels: Array.from(labels, (l) => (l + 1) % 10) });
    expect(shifted.classAgreement!).toBeLessThan(0.05);
    expect(shifted.classHistogram).toEqual(own.classHistogram);
  });

  it('rejects bad options and inputs', async () => {
    await expect(scoreImages(real, { metric: ['fid'] } as never)).rejects.toThrow("did you mean 'metrics'?");
    await expect(scoreImages(real, { metrics: ['fjd'] as never })).rejects.toThrow(OptionError);
    await expect(scoreImages(real, { reference: 'cifar' as never })).rejects.toThrow(OptionError);
    await expect(scoreImages(tf.zeros([2, 32, 32, 1]) as tf.Tensor4D)).rejects.toThrow(ShapeError);
    await expect(scoreImages(tf.zeros([1, 28, 28, 1]) as tf.Tensor4D)).rejects.toThrow('scoreImages: images must be at least 2 images, got 1');
  });
});
