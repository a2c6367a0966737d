import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LayerInputError } from './errors';
import { InstanceNormalization } from './instance-normalization';
import { checkInputGradient, roundTrip, withTapeLeakCheck } from './internal/test-helpers';

describe('InstanceNormalization', () => {
  it('normalizes each sample and channel over height and width (hand-computed)', () => {
    const layer = new InstanceNormalization({ epsilon: 0 });
    // Sample 0: channel 0 = [1, 3] → [-1, 1]; channel 1 = [10, 30] → [-1, 1].
    // Sample 1: channel 0 = [0, 4] → [-1, 1]; channel 1 = [6, 2] → [1, -1].
    const x = tf.tensor4d([1, 10, 3, 30, 0, 6, 4, 2], [2, 1, 2, 2]);
    const y = layer.apply(x) as tf.Tensor;
    expectClose(y, tf.tensor4d([-1, -1, 1, 1, -1, 1, 1, -1], [2, 1, 2, 2]), { atol: 1e-6 });
    expect(y.dtype).toBe('float32');
    tf.dispose([x, y]);
  });

  it('scales by gamma and shifts by beta per channel', () => {
    const layer = new InstanceNormalization();
    const x = tf.tensor4d([1, 10, 3, 30], [1, 1, 2, 2]);
    layer.apply(x);
    expect(layer.getWeights().map((w) => w.shape)).toEqual([[2], [2]]);
    layer.setWeights([tf.tensor1d([2, 3]), tf.tensor1d([0.5, -1])]);
    const y = layer.apply(x) as tf.Tensor;
    const k = 1 / Math.sqrt(1 + 1e-5); // channel 0: var 1
    const k1 = 10 / Math.sqrt(100 + 1e-5); // channel 1: var 100
    expectClose(y, tf.tensor4d([-2 * k + 0.5, -3 * k1 - 1, 2 * k + 0.5, 3 * k1 - 1], [1, 1, 2, 2]), { atol: 1e-5 });
    tf.dispose([x, y]);
  });

  it('has input and weight gradients on every backend', () => {
    const layer = new InstanceNormalization();
    const x = tf.randomNormal([2, 2, 2, 3], 0, 1, 'float32', 9);
    checkInputGradient((v) => layer.apply(v) as tf.Tensor, x);
    const { value, grads } = withTapeLeakCheck(() =>
      tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, x)) as tf.Scalar),
    );
    // d/dbeta Σ (x̂·γ + β)·x = Σ x over batch, height and width, per channel.
    const names = layer.trainableWeights.map((w) => (w.read() as tf.Variable).name);
    expectClose(grads[names[1]!]!, tf.sum(x, [0, 1, 2]), { atol: 1e-4 });
    tf.dispose([x, value, ...Object.values(grads)]);
  });

  it('round-trips through getConfig/fromConfig', () => {
    const layer = new InstanceNormalization({ center: false, epsilon: 1e-3 });
    const x = tf.randomNormal([1, 3, 3, 2], 0, 1, 'float32', 2);
    layer.apply(x);
    layer.setWeights([tf.tensor1d([2, 0.5])]);
    const [a, b, copy] = roundTrip(layer, InstanceNormalization, x);
    expectClose(b, a);
    expect(copy.getWeights().length).toBe(1);
    tf.dispose([x, a, b]);
  });

  it('rejects inputs that are not rank 4, and leaks nothing', async () => {
    const layer = new InstanceNormalization();
    expect(() => layer.apply(tf.zeros([2, 3]))).toThrow(LayerInputError);
    expect(() => layer.apply(tf.zeros([2, 3]))).toThrow(
      'InstanceNormalization: inputs must be rank 4 [batch, height, width, channels], got rank 2 [2, 3]',
    );
    const x = tf.ones([1, 2, 2, 1]);
    await expectNoLeaks(() => layer.apply(x));
    x.dispose();
  });
});
