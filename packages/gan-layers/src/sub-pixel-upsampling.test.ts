import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { LayerInputError, OptionError } from './errors';
import { roundTrip } from './internal/test-helpers';
import { SubPixelUpsampling } from './sub-pixel-upsampling';

describe('SubPixelUpsampling', () => {
  it('moves channels to space in depth_to_space order (hand-computed)', () => {
    const up = new SubPixelUpsampling({ blockSize: 2 });
    // One pixel, 8 channels = 2 output channels × 2×2 block: out[i][j][c] = in[(2i + j)·2 + c].
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 1, 8]);
    const y = up.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 2, 2, 2]);
    expect(y.dtype).toBe('float32');
    expect(y.arraySync()).toEqual([
      [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ],
    ]);
    tf.dispose([x, y]);
  });

  it("equals tfjs's depthToSpace on a batch, blockSize 2 and 3", () => {
    for (const r of [2, 3]) {
      const x = tf.randomNormal([2, 3, 2, 2 * r * r], 0, 1, 'float32', r);
      const y = new SubPixelUpsampling({ blockSize: r }).apply(x) as tf.Tensor;
      const expected = tf.depthToSpace(x as tf.Tensor4D, r);
      expect(y.shape).toEqual([2, 3 * r, 2 * r, 2]);
      expectClose(y, expected, { atol: 0, rtol: 0 });
      tf.dispose([x, y, expected]);
    }
  });

  it('has gradients: the gradient of Σ y·w is w moved back to depth', () => {
    const up = new SubPixelUpsampling({ blockSize: 2 });
    const x = tf.randomNormal([2, 2, 3, 8], 0, 1, 'float32', 5);
    const w = tf.randomNormal([2, 4, 6, 2], 0, 1, 'float32', 6);
    const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(up.apply(v) as tf.Tensor, w)))(x);
    expect(grad.shape).toEqual([2, 2, 3, 8]);
    const back = up.apply(grad) as tf.Tensor;
    expectClose(back, w, { atol: 0, rtol: 0 });
    tf.dispose([x, w, grad, back]);
  });

  it('round-trips through getConfig/fromConfig and infers shapes symbolically', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 1, 9]);
    const [a, b, copy] = roundTrip(new SubPixelUpsampling({ blockSize: 3 }), SubPixelUpsampling, x);
    expectClose(b, a, { atol: 0, rtol: 0 });
    expect((copy as SubPixelUpsampling).blockSize).toBe(3);
    const symbolic = new SubPixelUpsampling().apply(tfl.input({ shape: [7, 5, 12] })) as tfl.SymbolicTensor;
    expect(symbolic.shape).toEqual([null, 14, 10, 3]);
    tf.dispose([x, a, b]);
  });

  it('rejects channels not divisible by blockSize², a wrong rank and a zero blockSize', async () => {
    const up = new SubPixelUpsampling({ blockSize: 2 });
    const x = tf.zeros([1, 2, 2, 3]);
    expect(() => up.apply(x)).toThrow(LayerInputError);
    expect(() => up.apply(x)).toThrow(
      'SubPixelUpsampling: inputs must be a channel count divisible by blockSize² = 4, got shape [1, 2, 2, 3]',
    );
    expect(() => up.apply(tfl.input({ shape: [4, 4] }))).toThrow(
      'SubPixelUpsampling: inputs must be rank 4 [batch, height, width, channels], got rank 3 [?, 4, 4]',
    );
    expect(() => new SubPixelUpsampling({ blockSize: 0 })).toThrow(OptionError);
    const ok = tf.ones([1, 2, 2, 4]);
    await expectNoLeaks(() => up.apply(ok));
    tf.dispose([x, ok]);
  });
});
