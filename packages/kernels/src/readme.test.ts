import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, describe, expect, it } from 'vitest';
import { registerTrainingKernels, unregisterTrainingKernels } from './index';

afterAll(() => {
  unregisterTrainingKernels();
});

describe('README snippet', () => {
  it('trains a conv filter with the registered kernels', () => {
    // The README's snippet minus the backend lines (the test setup picks the backend).
    registerTrainingKernels();
    const images = tf.randomNormal([8, 28, 28, 1], 0, 1, 'float32', 3);
    const filter = tf.variable(tf.randomNormal([5, 5, 1, 16], 0, 0.02, 'float32', 4));
    const before = filter.dataSync().slice();
    const optimizer = tf.train.adam(1e-3);
    const loss = optimizer.minimize(() => tf.mean(tf.square(tf.conv2d(images as tf.Tensor4D, filter as tf.Tensor4D, 2, 'same'))), true);
    expect(loss?.shape).toEqual([]);
    expect(Number.isFinite(loss?.dataSync()[0])).toBe(true);
    // Adam's first step moves every weight with a non-zero gradient by ~lr.
    const moved = filter.dataSync().map((v, i) => Math.abs(v - before[i]!));
    expect(Math.max(...moved)).toBeGreaterThan(5e-4);
    expect(Math.max(...moved)).toBeLessThan(2e-3);
    tf.dispose([images, filter, loss!]);
    optimizer.dispose();
  });
});
