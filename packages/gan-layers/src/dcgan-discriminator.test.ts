import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createDcganDiscriminator } from './dcgan-discriminator';
import { ImageShapeError, OptionError } from './errors';
import { countTrainable } from './internal/count';
import { withTapeLeakCheck } from './internal/test-helpers';

/** The logit without the projection term. */
function linearOnly(d: tfl.LayersModel, x: tf.Tensor): tf.Tensor {
  const byName = (name: string) => d.layers.find((l) => l.getClassName() === name)!;
  return byName('Dense').apply(byName('Flatten').apply(byName('LeakyReLU').apply(byName('Conv2D').apply(x)))) as tf.Tensor;
}

const classNames = (model: tfl.LayersModel) => model.layers.map((l) => l.getClassName());

describe('createDcganDiscriminator', () => {
  it('builds the documented layout on a tiny config (parameters counted by hand)', () => {
    const d = createDcganDiscriminator({ imageShape: [8, 8, 1], width: 2, depth: 2, seed: 1 });
    expect(classNames(d)).toEqual([
      'InputLayer',
      'Conv2D',
      'LeakyReLU',
      'Conv2D',
      'BatchNormalization',
      'LeakyReLU',
      'Flatten',
      'Dense',
    ]);
    // conv 4·4·1·2 + 2 = 34; conv 4·4·2·4 (no bias) = 128; BN(4) 16; dense 2·2·4 + 1 = 17 → 195.
    expect(d.countParams()).toBe(195);
    const x = tf.zeros([3, 8, 8, 1]);
    const logits = d.predict(x) as tf.Tensor;
    expect(logits.shape).toEqual([3, 1]);
    expect(logits.dtype).toBe('float32');
    tf.dispose([x, logits]);
  });

  it('matches the DCGAN paper discriminator at 64×64×3 (PyTorch count 2,765,568 + 65 biases)', () => {
    const d = createDcganDiscriminator({ imageShape: [64, 64, 3] });
    // PyTorch dcgan: convs 3→64 (3,072), 64→128 (131,072), 128→256 (524,288), 256→512 (2,097,152),
    // 512→1 k4 valid (8,192), BN gamma+beta 2·(128+256+512) = 1,792. Ours adds the first conv's
    // 64 biases and the output bias.
    expect(countTrainable(d)).toBe(2_765_568 + 65);
    expect(d.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => (l.outputShape as number[]).slice(1))).toEqual([
      [32, 32, 64],
      [16, 16, 128],
      [8, 8, 256],
      [4, 4, 512],
    ]);
  });

  it('adds spectral norm, minibatch stddev, dropout and other normalizations', () => {
    const small = { imageShape: [8, 8, 1] as [number, number, number], width: 2, depth: 2 };
    const sn = createDcganDiscriminator({ ...small, spectralNorm: true, normalization: 'none', minibatchStdDev: true, dropout: 0.25 });
    expect(classNames(sn)).toEqual([
      'InputLayer',
      'SpectralNormalization',
      'LeakyReLU',
      'Dropout',
      'SpectralNormalization',
      'LeakyReLU',
      'Dropout',
      'MinibatchStdDev',
      'Flatten',
      'SpectralNormalization',
    ]);
    expect((sn.layers[7]!.outputShape as number[]).slice(1)).toEqual([2, 2, 5]);
    expect(classNames(createDcganDiscriminator({ ...small, normalization: 'layer' }))).toContain('LayerNormalization');
    expect(classNames(createDcganDiscriminator({ ...small, normalization: 'instance', activation: 'swish' }))).toEqual([
      'InputLayer',
      'Conv2D',
      'Activation',
      'Conv2D',
      'InstanceNormalization',
      'Activation',
      'Flatten',
      'Dense',
    ]);
  });

  it('is a projection discriminator when numClasses is set: logit = dense(φ) + ⟨embed(y), φ⟩', () => {
    const d = createDcganDiscriminator({ imageShape: [4, 4, 1], width: 1, depth: 1, numClasses: 2, seed: 3 });
    const x = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 4);
    const labels = tf.tensor2d([[0], [1]], [2, 1], 'int32');
    const logits = d.predict([x, labels]) as tf.Tensor;
    expect(logits.shape).toEqual([2, 1]);
    // Recompute by hand from the layers: φ = flatten(leakyRelu(conv(x))), 4 features.
    const byName = (name: string) => d.layers.find((l) => l.getClassName() === name)!;
    const expected = tf.tidy(() => {
      const phi = byName('Flatten').apply(byName('LeakyReLU').apply(byName('Conv2D').apply(x))) as tf.Tensor2D;
      const linear = byName('Dense').apply(phi) as tf.Tensor2D;
      const table = byName('ClassEmbedding').getWeights()[0]!; // [2, 4]
      const projection = tf.sum(tf.mul(tf.gather(table, [0, 1]), phi), 1, true);
      return tf.add(linear, projection);
    });
    expectClose(logits, expected, { atol: 1e-5 });
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(expected, linearOnly(d, x)))).dataSync()[0])).toBeGreaterThan(0);
    tf.dispose([x, labels, logits, expected]);
  });

  it('trains its dense head and label embedding on every backend', () => {
    const d = createDcganDiscriminator({ imageShape: [4, 4, 1], width: 2, depth: 1, numClasses: 3, seed: 6 });
    const head = d.layers.find((l) => l.getClassName() === 'Dense')!.trainableWeights[0]!;
    const table = d.layers.find((l) => l.getClassName() === 'ClassEmbedding')!.trainableWeights[0]!;
    const x = tf.randomNormal([2, 4, 4, 1], 0, 1, 'float32', 8);
    const labels = tf.tensor2d([[2], [2]], [2, 1], 'int32');
    const { value, grads } = withTapeLeakCheck(() =>
      tf.variableGrads(
        () => tf.mean(d.apply([x, labels], { training: true }) as tf.Tensor) as tf.Scalar,
        [head.read() as tf.Variable, table.read() as tf.Variable],
      ),
    );
    const tableGrad = grads[(table.read() as tf.Variable).name]!;
    // Only the row of label 2 is used, so only it gets a gradient.
    const rows = tf.tidy(() => Array.from(tf.sum(tf.abs(tableGrad), 1).dataSync()));
    expect(rows[0]).toBe(0);
    expect(rows[1]).toBe(0);
    expect(rows[2]).toBeGreaterThan(0);
    expect(grads[(head.read() as tf.Variable).name]!.shape).toEqual([8, 1]);
    tf.dispose([x, labels, value, ...Object.values(grads)]);
  });

  it('predicts without leaking tensors', async () => {
    const d = createDcganDiscriminator({ imageShape: [8, 8, 1], width: 2, minibatchStdDev: true });
    const x = tf.ones([2, 8, 8, 1]);
    await expectNoLeaks(() => d.predict(x));
    x.dispose();
  });

  it('rejects bad configurations with clear messages', () => {
    expect(() => createDcganDiscriminator({ width: 0 })).toThrow(
      'createDcganDiscriminator: options.width must be an integer >= 1, got 0',
    );
    expect(() => createDcganDiscriminator({ normalization: 'spectral' as 'none' })).toThrow(OptionError);
    expect(() => createDcganDiscriminator({ dropout: 1 })).toThrow('options.dropout must be a finite number >= 0 and < 1, got 1');
    expect(() => createDcganDiscriminator({ imageShape: [28, 28, 1], depth: 3 })).toThrow(ImageShapeError);
    expect(() => createDcganDiscriminator({ imageShape: [28, 28] as unknown as [number, number, number] })).toThrow(
      'createDcganDiscriminator: options.imageShape must be [height, width, channels] of positive integers, got [28, 28]',
    );
  });
});
