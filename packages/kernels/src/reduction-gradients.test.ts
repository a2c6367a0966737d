import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterEach, describe, expect, it } from 'vitest';
import { registerReductionGradients, unregisterReductionGradients } from './reduction-gradients';

const x = () => tf.tensor4d(Array.from({ length: 2 * 3 * 2 * 4 }, (_, i) => Math.sin(i)), [2, 3, 2, 4]);
/** A weighted loss so that dy varies across the reduced tensor. */
const losses: [string, (t: tf.Tensor) => tf.Scalar][] = [
  ['mean over [0, 1, 2] (batch-norm moments)', (t) => tf.sum(tf.mul(tf.mean(t, [0, 1, 2]), tf.tensor1d([1, -2, 3, 0.5])))],
  ['mean keepDims over 1', (t) => tf.sum(tf.square(tf.mean(t, 1, true)))],
  ['mean of all', (t) => tf.mean(t)],
  ['sum over [3]', (t) => tf.sum(tf.mul(tf.sum(t, 3), tf.reshape(tf.range(1, 13), [2, 3, 2])))],
  ['sum over -1 keepDims', (t) => tf.sum(tf.exp(tf.sum(t, -1, true)))],
  ['sum of all', (t) => tf.mul(tf.sum(t), 3)],
];

describe('registerReductionGradients', () => {
  afterEach(() => {
    unregisterReductionGradients();
  });

  it('gives the same gradients as tfjs for Mean and Sum, bit for bit', () => {
    for (const [label, loss] of losses) {
      const input = x();
      const expected = tf.grad(loss)(input);
      expect(registerReductionGradients()).toEqual(['Mean', 'Sum', 'LeakyRelu', 'fusedConv2d__op', 'fusedMatMul__op']);
      const actual = tf.grad(loss)(input);
      unregisterReductionGradients();
      expect(actual.shape, label).toEqual([2, 3, 2, 4]);
      expect(Array.from(actual.dataSync()), label).toEqual(Array.from(expected.dataSync()));
      expect(actual.dataSync().some((v) => v !== 0)).toBe(true);
      tf.dispose([input, expected, actual]);
    }
  });

  it('is idempotent and undone by unregisterReductionGradients', () => {
    const original = tf.getGradient('Mean');
    expect(registerReductionGradients()).toEqual(['Mean', 'Sum', 'LeakyRelu', 'fusedConv2d__op', 'fusedMatMul__op']);
    expect(tf.getGradient('Mean')).not.toBe(original);
    expect(registerReductionGradients()).toEqual([]);
    expect(unregisterReductionGradients()).toEqual(['Mean', 'Sum', 'LeakyRelu', 'fusedConv2d__op', 'fusedMatMul__op']);
    expect(tf.getGradient('Mean')).toBe(original);
    expect(unregisterReductionGradients()).toEqual([]);
  });

  it('gives the same LeakyRelu gradients as tfjs, bit for bit, at alphas 0.2, 0.3, 0 and 1', () => {
    const input = tf.tensor1d([-2, -0.5, -1e-30, 0, 1e-30, 0.25, 3, -7]);
    const weights = tf.tensor1d([1, -2, 3, 0.5, 4, -1, 2, 0.125]);
    for (const alpha of [0.2, 0.3, 0, 1]) {
      const loss = (t: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(t, alpha), weights));
      const expected = tf.grad(loss)(input);
      registerReductionGradients();
      const actual = tf.grad(loss)(input);
      unregisterReductionGradients();
      const a = Math.fround(alpha);
      // By hand: w where x > 0, alpha · w elsewhere.
      expect(Array.from(actual.dataSync()), `alpha ${alpha}`).toEqual(
        [1, -2, 3, 0.5, 4, -1, 2, 0.125].map((w, i) => (i === 4 || i === 5 || i === 6 ? w : Math.fround(w * a))),
      );
      expect(Array.from(actual.dataSync()), `alpha ${alpha}`).toEqual(Array.from(expected.dataSync()));
      tf.dispose([expected, actual]);
    }
    tf.dispose([input, weights]);
  });

  it('does not leak', async () => {
    registerReductionGradients();
    const input = x();
    await expectNoLeaks(() => tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.mean(t, [0, 1, 2]))))(input));
    await expectNoLeaks(() => tf.grad((t: tf.Tensor) => tf.sum(tf.leakyRelu(t, 0.2)))(input));
    input.dispose();
  });
});
