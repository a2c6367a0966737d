import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { OptionError } from './errors';
import { checkInputGradient, roundTrip } from './internal/test-helpers';
import { PixelNorm } from './pixel-norm';

describe('PixelNorm', () => {
  it('divides each feature vector by its root mean square (hand-computed)', () => {
    const layer = new PixelNorm();
    const x = tf.tensor4d([3, 4, 0, 2], [1, 1, 2, 2]);
    const y = layer.apply(x) as tf.Tensor;
    // rms [3, 4] = sqrt(12.5); rms [0, 2] = sqrt(2).
    expectClose(y, tf.tensor4d([3 / Math.sqrt(12.5), 4 / Math.sqrt(12.5), 0, 2 / Math.sqrt(2)], [1, 1, 2, 2]), {
      rtol: 1e-5,
    });
    expect(y.dtype).toBe('float32');
    tf.dispose([x, y]);
  });

  it('has the hand-derived gradient: d/dx_j Σ y = r^-1/2 - x_j Σx / (n r^3/2)', () => {
    const layer = new PixelNorm({ epsilon: 0 });
    const x = tf.tensor2d([[3, 4]]);
    const grad = tf.grad((v: tf.Tensor) => tf.sum(layer.apply(v) as tf.Tensor))(x);
    const r = 12.5;
    expectClose(grad, [[r ** -0.5 - (3 * 7) / (2 * r ** 1.5), r ** -0.5 - (4 * 7) / (2 * r ** 1.5)]], { rtol: 1e-4 });
    checkInputGradient((v) => layer.apply(v) as tf.Tensor, tf.tensor4d([0.5, -1, 2, 0.3, 1.5, -0.7], [1, 1, 2, 3]));
    tf.dispose([x, grad]);
  });

  it('round-trips through getConfig/fromConfig and infers shapes symbolically', () => {
    const layer = new PixelNorm({ epsilon: 1e-3 });
    const x = tf.tensor4d([1, 2, 3, 4], [1, 1, 1, 4]);
    const [a, b, copy] = roundTrip(layer, PixelNorm, x);
    expectClose(b, a);
    expect((copy as PixelNorm).epsilon).toBe(1e-3);
    const symbolic = new PixelNorm().apply(tfl.input({ shape: [5, 5, 3] })) as tfl.SymbolicTensor;
    expect(symbolic.shape).toEqual([null, 5, 5, 3]);
    tf.dispose([x, a, b]);
  });

  it('rejects a negative epsilon and leaks nothing', async () => {
    expect(() => new PixelNorm({ epsilon: -1 })).toThrow(OptionError);
    expect(() => new PixelNorm({ epsilon: -1 })).toThrow('PixelNorm: args.epsilon must be a finite number >= 0, got -1');
    const layer = new PixelNorm();
    const x = tf.ones([2, 2, 2, 2]);
    await expectNoLeaks(() => layer.apply(x));
    x.dispose();
  });
});
