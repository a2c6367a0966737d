import { contractSuite, expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as api from './cross-val';
import { crossValidatedProbabilities, smallCnn } from './cross-val';
import { DataCleanError, LabelError, LimitError, OptionError, ShapeError } from './errors';
import { findLabelIssues } from './find-label-issues';
import { stratifiedFolds } from './internal/folds';
import { generator } from './testing/digits';
import { Prng } from '@ganforge/internal';

/** `perClass` noisy copies of `classes` random 8×8 patterns, class-major, in [0, 1]. */
function clusters(classes: number, perClass: number, seed = 5): { images: tf.Tensor4D; labels: number[] } {
  const random = generator(seed);
  const patterns = Array.from({ length: classes }, () => Array.from({ length: 64 }, () => (random() < 0.5 ? 0 : 1)));
  const values: number[] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      for (const v of patterns[c]!) values.push(Math.min(1, Math.max(0, v + (random() - 0.5) * 0.2)));
      labels.push(c);
    }
  }
  return { images: tf.tensor4d(values, [classes * perClass, 8, 8, 1]), labels };
}

describe('stratifiedFolds', () => {
  it('deals each class round-robin, so fold sizes differ by at most one per class', () => {
    const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 2, 2]);
    const folds = stratifiedFolds(labels, 3, new Prng(1));
    expect(folds.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    for (const fold of folds) expect(fold.length).toBe(3);
    // Class 0 (4 images) spreads 2/1/1, class 1 one per fold.
    expect(folds.map((fold) => fold.filter((i) => labels[i] === 1).length)).toEqual([1, 1, 1]);
  });
});

describe('crossValidatedProbabilities', () => {
  it('predicts every image with the fold model that never trained on it, and finds the mislabelled one', async () => {
    const { images, labels } = clusters(3, 12);
    labels[4] = 2;
    const folds: { fold: number; heldOut: number[] }[] = [];
    const result = await crossValidatedProbabilities(images, labels, { folds: 3, epochs: 15, batchSize: 8, learningRate: 0.01, onFold: (f) => folds.push(f) });
    expect(result.probabilities.shape).toEqual([36, 3]);
    expect(result.probabilities.dtype).toBe('float32');
    expect(folds.map((f) => f.fold)).toEqual([0, 1, 2]);
    expect(folds.flatMap((f) => f.heldOut).sort((a, b) => a - b)).toEqual(Array.from({ length: 36 }, (_, i) => i));
    expect(result.foldSeconds).toHaveLength(3);
    expect(result.backend).toBe(tf.getBackend());
    const rows = result.probabilities.arraySync();
    for (const row of rows) expectClose(row.reduce((a, b) => a + b, 0), 1, { atol: 1e-5 });
    // The clusters are easy: all but the mislabelled image are predicted as labelled.
    expect(result.accuracy).toBeCloseTo(35 / 36, 10);
    expect(rows[4]![0]!).toBeGreaterThan(0.5);
    expect(findLabelIssues(labels, result.probabilities).issues).toEqual([4]);
    result.probabilities.dispose();
    images.dispose();
  });

  it('gives the same probabilities for the same seed', async () => {
    const { images, labels } = clusters(2, 6);
    const a = await crossValidatedProbabilities(images, labels, { folds: 2, epochs: 2, seed: 3 });
    const b = await crossValidatedProbabilities(images, labels, { folds: 2, epochs: 2, seed: 3 });
    expect(Array.from(a.probabilities.dataSync())).toEqual(Array.from(b.probabilities.dataSync()));
    tf.dispose([a.probabilities, b.probabilities, images]);
  });

  it('leaks no tensors beyond the result and leaves the input alive', async () => {
    const { images, labels } = clusters(2, 4);
    await expectNoLeaks(async () => {
      (await crossValidatedProbabilities(images, labels, { folds: 2, epochs: 1 })).probabilities.dispose();
    });
    expect(images.isDisposed).toBe(false);
    images.dispose();
  });

  it('rejects bad input', async () => {
    const { images, labels } = clusters(2, 3);
    await expect(crossValidatedProbabilities(images, [0, 1])).rejects.toThrow(LabelError);
    await expect(crossValidatedProbabilities(images, labels, { folds: 1 })).rejects.toThrow('crossValidatedProbabilities: options.folds must be an integer >= 2, got 1');
    await expect(crossValidatedProbabilities(images, labels, { folds: 10 })).rejects.toThrow(ShapeError);
    await expect(crossValidatedProbabilities(images, labels, { epochs: 1e6 })).rejects.toThrow(LimitError);
    await expect(crossValidatedProbabilities(images, labels, { learningRate: -1 })).rejects.toThrow(OptionError);
    await expect(crossValidatedProbabilities(tf.zeros([6, 8, 8]) as never, labels)).rejects.toThrow(ShapeError);
    images.dispose();
  });

  it('builds the default model with seeded initialisers', () => {
    const a = smallCnn([8, 8, 1], 3, 11);
    const b = smallCnn([8, 8, 1], 3, 11);
    expect(a.outputs[0]!.shape).toEqual([null, 3]);
    expect(Array.from(a.getWeights()[0]!.dataSync())).toEqual(Array.from(b.getWeights()[0]!.dataSync()));
    a.dispose();
    b.dispose();
  });
});

const live = () => tf.zeros([4, 8, 8, 1]) as tf.Tensor4D;
contractSuite({
  packageName: '@ganforge/data-clean/cross-val',
  api,
  baseError: DataCleanError,
  cases: {
    crossValidatedProbabilities: {
      misspelledOption: () => api.crossValidatedProbabilities(live(), [0, 1, 0, 1], { fold: 2 } as never),
      nullInput: () => api.crossValidatedProbabilities(null as never, [0, 1, 0, 1]),
      disposedTensor: () => {
        const x = live();
        x.dispose();
        return api.crossValidatedProbabilities(x, [0, 1, 0, 1]);
      },
      oversized: () => api.crossValidatedProbabilities(live(), [0, 1, 0, 1], { batchSize: 1e9 }),
    },
  },
  exempt: { smallCnn: 'n/a: builds a fixed model from its three numbers (tfjs-layers validates them)' },
});
