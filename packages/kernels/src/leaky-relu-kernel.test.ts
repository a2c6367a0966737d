import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { registerTrainingKernels, unregisterTrainingKernels } from './index';
import { randomValues } from './internal/reference';

const SPECIAL = [Number.NaN, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1e-45, 1e-45, -3.4e38, 3.4e38, -1.5, 2.5, -1e-30];

/** Equal as float32 values (NaN equal to NaN; +0 and -0 equal). */
function sameValues(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!(a[i] === b[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i])))) return false;
  return true;
}

// On wasm the registered LeakyRelu is relu(x) + alpha · min(x, 0) from XNNPACK kernels; on
// cpu it is tfjs's own. Either way it must give tfjs's values.
describe('LeakyRelu kernel', () => {
  it('gives the values of tfjs\'s kernel over shapes, alphas and special values', () => {
    const shapes = [[11], [3, 5], [2, 7, 7, 4], [1, 14, 14, 64]];
    const alphas = [0.2, 0.3, 0.01, 0, 1, 1.5, -0.5];
    const inputs = shapes.map((shape, i) => {
      const values = randomValues(shape.reduce((p, d) => p * d, 1), 40 + i);
      if (i === 0) values.set(SPECIAL);
      return tf.tensor(values, shape);
    });
    const run = () => inputs.flatMap((x) => alphas.map((alpha) => tf.tidy(() => tf.leakyRelu(x, alpha).dataSync())));
    registerTrainingKernels();
    const ours = run();
    unregisterTrainingKernels();
    const theirs = run();
    ours.forEach((values, i) => {
      const label = `shape ${shapes[Math.floor(i / alphas.length)]} alpha ${alphas[i % alphas.length]}`;
      expect(sameValues(values, theirs[i]!), label).toBe(true);
    });
    // By hand, alpha 0.2: x for x >= 0, 0.2 · x below.
    registerTrainingKernels();
    const y = tf.tidy(() => tf.leakyRelu(tf.tensor1d([-2, -0.5, 0, 3]), 0.2).dataSync());
    unregisterTrainingKernels();
    expect(Array.from(y)).toEqual([Math.fround(-0.4), Math.fround(-0.1), 0, 3]);
    tf.dispose(inputs);
  });

  it('keeps shape and dtype and leaks nothing', async () => {
    registerTrainingKernels();
    try {
      const x = tf.randomNormal([4, 6, 6, 3]);
      const y = tf.leakyRelu(x, 0.2);
      expect(y.shape).toEqual([4, 6, 6, 3]);
      expect(y.dtype).toBe('float32');
      await expectNoLeaks(() => tf.leakyRelu(x, 0.2));
      tf.dispose([x, y]);
    } finally {
      unregisterTrainingKernels();
    }
  });
});
