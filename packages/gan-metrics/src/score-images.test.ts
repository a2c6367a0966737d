import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { computeReference, createFeatureExtractor, loadReference, OptionError, REFERENCE_SETS, type ScoreImagesOptions, scoreImages, ShapeError, ValueError } from './index';
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

  it('rejects bad options and inputs', async () => {
    await expect(scoreImages(real, { metric: ['fid'] } as never)).rejects.toThrow("did you mean 'metrics'?");
    await expect(scoreImages(real, { metrics: ['fjd'] as never })).rejects.toThrow(OptionError);
    await expect(scoreImages(real, { reference: 'cifar' as never })).rejects.toThrow(OptionError);
    await expect(scoreImages(tf.zeros([2, 32, 32, 1]) as tf.Tensor4D)).rejects.toThrow(ShapeError);
    await expect(scoreImages(tf.zeros([1, 28, 28, 1]) as tf.Tensor4D)).rejects.toThrow('scoreImages: images must be at least 2 images, got 1');
  });
});
