import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DtypeError, OptionError, ShapeError, StatsError } from './errors';
import { standardize, unstandardize } from './standardize';

describe('standardize', () => {
  it('computes (x - mean) / std per channel on hand-computed values', () => {
    const one = tf.tensor4d([0, 0.5, 1, 1], [1, 2, 2, 1]);
    expectClose(standardize(one, { mean: [0.5], std: [0.25] }), tf.tensor4d([-2, 0, 2, 2], [1, 2, 2, 1]));
    // 2 channels, pixels (1, 10) and (3, 30): channel 0 mean 2 std 1, channel 1 mean 20 std 10
    const two = tf.tensor4d([1, 10, 3, 30], [1, 1, 2, 2]);
    expectClose(standardize(two, { mean: [2, 20], std: [1, 10] }), tf.tensor4d([-1, -1, 1, 1], [1, 1, 2, 2]));
  });

  it('takes 1-channel MNIST with one stat, and broadcasts a scalar or 1-element stat to every channel', () => {
    const mnist = tf.tensor4d([0, 255, 128, 64], [1, 2, 2, 1], 'int32');
    const out = standardize(mnist, { mean: [0.1307 * 255], std: [0.3081 * 255] });
    expect(out.dtype).toBe('float32');
    expect(out.shape).toEqual([1, 2, 2, 1]);
    expectClose(out, [0, 255, 128, 64].map((v) => (v - 0.1307 * 255) / (0.3081 * 255)), { atol: 1e-5 });
    const rgb = tf.tensor4d([0, 0.5, 1], [1, 1, 1, 3]);
    expectClose(standardize(rgb, { mean: 0.5, std: 0.5 }), [-1, 0, 1]);
    expectClose(standardize(rgb, { mean: [0.5], std: 0.5 }), [-1, 0, 1]);
    expectClose(standardize(rgb, { mean: [0, 0.5, 1], std: [1, 1, 1] }), [0, 0, 0]);
  });

  it('uses max(std, epsilon) so a constant channel maps to 0, not NaN', () => {
    const x = tf.tensor4d([3, 3, 3, 3], [1, 2, 2, 1]);
    expectClose(standardize(x, { mean: [3], std: [0] }), [0, 0, 0, 0]);
    // an unseen value is divided by epsilon
    expectClose(standardize(tf.tensor4d([4], [1, 1, 1, 1]), { mean: 3, std: 0 }, { epsilon: 0.5 }), [2]);
    expectClose(standardize(tf.tensor4d([4], [1, 1, 1, 1]), { mean: 3, std: 0.1 }, { epsilon: 0.5 }), [2]);
    // std above epsilon is used as is
    expectClose(standardize(tf.tensor4d([4], [1, 1, 1, 1]), { mean: 3, std: 2 }, { epsilon: 0.5 }), [0.5]);
  });

  it('rejects stats whose length is neither 1 nor the channel count', () => {
    const mnist = tf.zeros([2, 28, 28, 1]) as tf.Tensor4D;
    const imagenet = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
    expect(() => standardize(mnist, imagenet)).toThrow(StatsError);
    expect(() => standardize(mnist, imagenet)).toThrow(
      'standardize: stats.mean must be an array of 1 value (the images have 1 channel), got 3 values [0.485, 0.456, 0.406]',
    );
    const rgb = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    expect(() => standardize(rgb, { mean: [0, 0], std: 1 })).toThrow(
      'standardize: stats.mean must be an array of 1 value or 3 (one per channel), got 2 values [0, 0]',
    );
    expect(() => unstandardize(rgb, { mean: 0, std: [1, 1, 1, 1] })).toThrow(
      'unstandardize: stats.std must be an array of 1 value or 3 (one per channel), got 4 values [1, 1, 1, 1]',
    );
  });

  it('rejects negative or non-finite stats, missing stats and a bad epsilon', () => {
    const x = tf.zeros([1, 1, 1, 2]) as tf.Tensor4D;
    expect(() => standardize(x, { mean: 0, std: [1, -1] })).toThrow('standardize: stats.std[1] must be a finite number >= 0, got -1');
    expect(() => standardize(x, { mean: [0, Number.NaN], std: 1 })).toThrow('standardize: stats.mean[1] must be a finite number, got NaN');
    expect(() => standardize(x, { mean: ['0'], std: 1 } as never)).toThrow(StatsError);
    expect(() => standardize(x, { mean: 0 } as never)).toThrow(
      'standardize: stats.std must be a number or an array of 1 value or 2 (one per channel), got undefined',
    );
    expect(() => standardize(x, undefined as never)).toThrow('standardize: stats must be an object { mean, std }, got undefined');
    expect(() => standardize(x, { mean: 0, std: 1 }, { epsilon: 0 })).toThrow(OptionError);
    expect(() => standardize(x, { mean: 0, std: 1 }, { epsilon: 0 })).toThrow(
      'standardize: options.epsilon must be a finite number > 0, got 0',
    );
  });

  it('rejects non-NHWC and bool images', () => {
    expect(() => standardize(tf.zeros([28, 28, 1]) as never, { mean: 0, std: 1 })).toThrow(ShapeError);
    expect(() => standardize(tf.zeros([28, 28, 1]) as never, { mean: 0, std: 1 })).toThrow(
      'standardize: images must be rank 4 [batch, height, width, channels], got rank 3 [28, 28, 1]',
    );
    expect(() => standardize(tf.zeros([1, 1, 1, 1], 'bool') as tf.Tensor4D, { mean: 0, std: 1 })).toThrow(DtypeError);
  });

  it('unstandardize inverts standardize with the same stats and epsilon', () => {
    const x = tf.tensor4d([0, 10, 2, 20, 4, 30, 6, 40], [2, 2, 1, 2]);
    const stats = { mean: [3, 25], std: [Math.sqrt(5), 0] };
    const z = standardize(x, stats, { epsilon: 1e-3 });
    expectClose(unstandardize(z, stats, { epsilon: 1e-3 }), x, { atol: 1e-4 });
    expectClose(unstandardize(tf.tensor4d([-2, 0, 2, 2], [1, 2, 2, 1]), { mean: 0.5, std: 0.25 }), [0, 0.5, 1, 1]);
  });

  it('never touches the input and leaks no tensors', async () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3], 'int32');
    const stats = { mean: [1, 2, 3], std: [1, 2, 3] };
    await expectNoLeaks(() => standardize(x, stats));
    await expectNoLeaks(() => unstandardize(x, stats));
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(stats).toEqual({ mean: [1, 2, 3], std: [1, 2, 3] });
  });
});
