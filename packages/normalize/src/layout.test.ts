import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DtypeError, OptionError, ShapeError, TensorError } from './errors';
import { assertNhwc, nchwToNhwc, nhwcToNchw } from './layout';

describe('assertNhwc', () => {
  it('accepts rank-4 int32/float32 tensors with allowed channels, including an empty batch', () => {
    const x = tf.zeros([2, 28, 28, 1]);
    expect(() => assertNhwc(x)).not.toThrow();
    expect(() => assertNhwc(x, { channels: 1 })).not.toThrow();
    expect(() => assertNhwc(tf.zeros([0, 4, 4, 3], 'int32'), { channels: [1, 3] })).not.toThrow();
  });

  it('throws ShapeError naming rank and shape', () => {
    const call = () => assertNhwc(tf.zeros([28, 28, 1]));
    expect(call).toThrow(ShapeError);
    expect(call).toThrow('assertNhwc: images must be rank 4 [batch, height, width, channels], got rank 3 [28, 28, 1]');
    expect(() => assertNhwc(tf.zeros([2, 0, 4, 1]))).toThrow(
      'assertNhwc: images must be NHWC with non-empty height, width and channels [batch, height, width, channels], got rank 4 [2, 0, 4, 1]',
    );
    expect(() => assertNhwc(new Float32Array(4))).toThrow('assertNhwc: images must be a tf.Tensor, got Float32Array [0, 0, 0, 0]');
    expect(() => assertNhwc(new Float32Array(4))).toThrow(TensorError);
    expect(() => assertNhwc(tf.zeros([1, 1, 1, 1]), { chanels: 3 } as never)).toThrow("assertNhwc: options.chanels must be a known option (did you mean 'channels'?)");
    expect(() => assertNhwc(tf.zeros([1, 2, 2, 1]), { argument: 'fakes' })).not.toThrow();
    expect(() => assertNhwc(tf.zeros([1, 2]), { argument: 'fakes' })).toThrow('assertNhwc: fakes must be rank 4');
  });

  it('says when a wrong channel count looks like NCHW', () => {
    const nchw = tf.zeros([8, 1, 28, 28]);
    const call = () => assertNhwc(nchw, { channels: 1 });
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(
      'assertNhwc: images must be NHWC [batch, height, width, channels] with 1 channel, got rank 4 [8, 1, 28, 28] (this looks like NCHW; convert it with nchwToNhwc)',
    );
    expect(() => assertNhwc(tf.zeros([8, 5, 5, 2]), { channels: [1, 3] })).toThrow(
      'assertNhwc: images must be NHWC [batch, height, width, channels] with 1 or 3 channels, got rank 4 [8, 5, 5, 2]',
    );
  });

  it('throws DtypeError for bool and OptionError for bad channels', () => {
    expect(() => assertNhwc(tf.zeros([1, 1, 1, 1], 'bool'))).toThrow(DtypeError);
    expect(() => assertNhwc(tf.zeros([1, 1, 1, 1]), { channels: 0 })).toThrow(OptionError);
    expect(() => assertNhwc(tf.zeros([1, 1, 1, 1]), { channels: [] })).toThrow(
      'assertNhwc: options.channels must be a positive integer or a non-empty array of them, got []',
    );
  });
});

describe('nchwToNhwc / nhwcToNchw', () => {
  it('moves channels, with hand-checked values', () => {
    // NCHW [1, 2, 1, 2]: channel 0 = [1, 2], channel 1 = [3, 4]
    const nchw = tf.tensor4d([1, 2, 3, 4], [1, 2, 1, 2]);
    const nhwc = nchwToNhwc(nchw);
    expect(nhwc.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(nhwc.dataSync())).toEqual([1, 3, 2, 4]);
    const back = nhwcToNchw(nhwc);
    expect(back.shape).toEqual([1, 2, 1, 2]);
    expect(Array.from(back.dataSync())).toEqual([1, 2, 3, 4]);
    expect(nhwcToNchw(tf.zeros([8, 28, 28, 1], 'int32')).shape).toEqual([8, 1, 28, 28]);
    expect(nhwcToNchw(tf.zeros([8, 28, 28, 1], 'int32')).dtype).toBe('int32');
  });

  it('throws ShapeError for other ranks', () => {
    expect(() => nchwToNhwc(tf.zeros([3, 4, 4]) as never)).toThrow(ShapeError);
    expect(() => nchwToNhwc(tf.zeros([3, 4, 4]) as never)).toThrow(
      'nchwToNhwc: images must be rank 4 [batch, channels, height, width], got rank 3 [3, 4, 4]',
    );
    expect(() => nhwcToNchw(tf.zeros([3]) as never)).toThrow('nhwcToNchw: images must be rank 4 [batch, height, width, channels], got rank 1 [3]');
  });

  it('leaks no tensors', async () => {
    const x = tf.zeros([2, 3, 4, 5]) as tf.Tensor4D;
    await expectNoLeaks(() => nchwToNhwc(x));
    await expectNoLeaks(() => nhwcToNchw(x));
    const before = tf.memory().numTensors;
    assertNhwc(x);
    expect(tf.memory().numTensors).toBe(before);
  });
});
