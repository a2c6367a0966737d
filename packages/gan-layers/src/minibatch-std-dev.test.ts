import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { LayerInputError, OptionError } from './errors';
import { checkInputGradient, roundTrip } from './internal/test-helpers';
import { MinibatchStdDev } from './minibatch-std-dev';

// Four one-pixel samples with two channels. With groups of 2, sample i pairs with i + 2.
const samples = [
  [0, 0],
  [1, 2],
  [2, 0],
  [3, 4],
];
const x4 = () => tf.tensor4d(samples.flat(), [4, 1, 1, 2]);

describe('MinibatchStdDev', () => {
  it('appends the group standard deviation averaged over features (hand-computed)', () => {
    const x = x4();
    const y = new MinibatchStdDev({ groupSize: 2 }).apply(x) as tf.Tensor;
    expect(y.shape).toEqual([4, 1, 1, 3]);
    expect(y.dtype).toBe('float32');
    // Pair (0, 2): channel stds 1 and sqrt(1e-8) = 1e-4 → 0.50005. Pair (1, 3): stds 1, 1 → 1.
    const s = 0.50005;
    expectClose(y, tf.tensor4d([0, 0, s, 1, 2, 1, 2, 0, s, 3, 4, 1], [4, 1, 1, 3]), { atol: 1e-5 });
    tf.dispose([x, y]);
  });

  it('appends one map per channel group with numChannels', () => {
    const x = x4();
    const y = new MinibatchStdDev({ groupSize: 2, numChannels: 2 }).apply(x) as tf.Tensor;
    expectClose(y, tf.tensor4d([0, 0, 1, 1e-4, 1, 2, 1, 1, 2, 0, 1, 1e-4, 3, 4, 1, 1], [4, 1, 1, 4]), { atol: 1e-5 });
    tf.dispose([x, y]);
  });

  it('matches StyleGAN2-ADA (PyTorch) MinibatchStdLayer: groups of samples i, i + n/G; channel groups major', () => {
    // Golden from PyTorch 1.13 (NCHW, group_size 2, num_channels 2) on x = sin(i) in NHWC order,
    // shape [4, 2, 3, 4]: the appended maps per sample, [sample][map].
    const golden = [
      [0.6072179, 0.5555454],
      [0.5564369, 0.5711166],
      [0.6072179, 0.5555454],
      [0.5564369, 0.5711166],
    ];
    const x = tf.sin(tf.range(0, 96));
    const y = new MinibatchStdDev({ groupSize: 2, numChannels: 2 }).apply(tf.reshape(x, [4, 2, 3, 4])) as tf.Tensor;
    expect(y.shape).toEqual([4, 2, 3, 6]);
    const maps = tf.slice(y, [0, 0, 0, 4], [4, 2, 3, 2]);
    expectClose(maps, tf.tile(tf.reshape(tf.tensor2d(golden), [4, 1, 1, 2]), [1, 2, 3, 1]), { rtol: 1e-5, atol: 1e-6 });
    tf.dispose([x, y, maps]);
  });

  it('uses the largest group that divides the batch (5 samples → groups of 1 → sqrt(epsilon))', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5], [5, 1, 1, 1]);
    const y = new MinibatchStdDev({ groupSize: 4 }).apply(x) as tf.Tensor;
    expectClose(tf.slice(y, [0, 0, 0, 1], [5, 1, 1, 1]), tf.fill([5, 1, 1, 1], 1e-4), { atol: 1e-7 });
    // Batch 3 with groupSize 4 → one group of 3: population std of [1, 2, 3] = sqrt(2/3).
    const z = new MinibatchStdDev({ groupSize: 4 }).apply(tf.tensor4d([1, 2, 3], [3, 1, 1, 1])) as tf.Tensor;
    expectClose(tf.slice(z, [0, 0, 0, 1], [3, 1, 1, 1]), tf.fill([3, 1, 1, 1], Math.sqrt(2 / 3)), { rtol: 1e-5 });
    tf.dispose([x, y, z]);
  });

  it('has gradients matching central differences', () => {
    const layer = new MinibatchStdDev({ groupSize: 2 });
    checkInputGradient((v) => layer.apply(v) as tf.Tensor, tf.randomNormal([4, 2, 1, 2], 0, 1, 'float32', 3));
    expect(layer.groupSize).toBe(2);
  });

  it('round-trips through getConfig/fromConfig and infers shapes symbolically', () => {
    const x = x4();
    const [a, b, copy] = roundTrip(new MinibatchStdDev({ groupSize: 2, numChannels: 2 }), MinibatchStdDev, x);
    expectClose(b, a);
    expect([(copy as MinibatchStdDev).groupSize, (copy as MinibatchStdDev).numChannels]).toEqual([2, 2]);
    const symbolic = new MinibatchStdDev().apply(tfl.input({ shape: [4, 4, 8] })) as tfl.SymbolicTensor;
    expect(symbolic.shape).toEqual([null, 4, 4, 9]);
    tf.dispose([x, a, b]);
  });

  it('rejects bad inputs and options, and leaks nothing', async () => {
    const layer = new MinibatchStdDev({ numChannels: 2 });
    const odd = tf.zeros([2, 1, 1, 3]);
    expect(() => layer.apply(odd)).toThrow(LayerInputError);
    expect(() => layer.apply(odd)).toThrow(
      'MinibatchStdDev: inputs must be a channel count divisible by numChannels = 2, got shape [2, 1, 1, 3]',
    );
    expect(() => new MinibatchStdDev({ groupSize: 0 })).toThrow(OptionError);
    const x = x4();
    await expectNoLeaks(() => layer.apply(x));
    tf.dispose([odd, x]);
  });
});
