import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { seedDcgan } from './seed-dcgan';

describe('seedDcgan', () => {
  const { generator, discriminator, latentDim } = seedDcgan({ seed: 2 });

  it('has the documented layers and parameter counts (computed by hand)', () => {
    // G: 100*6272 = 627,200; BN 4*6272 = 25,088; convT 4*4*128*64 = 131,072; BN 256;
    // convT 4*4*64*1 + 1 = 1,025 → 784,641 (non-trainable 2*(6272+64) = 12,672).
    expect(generator.countParams()).toBe(784_641);
    // D: conv 4*4*1*64 + 64 = 1,088; dense 14*14*64 + 1 = 12,545 → 13,633.
    expect(discriminator.countParams()).toBe(13_633);
    expect(generator.layers.map((l) => l.getClassName())).toEqual([
      'Dense',
      'BatchNormalization',
      'LeakyReLU',
      'Reshape',
      'Conv2DTranspose',
      'BatchNormalization',
      'LeakyReLU',
      'Conv2DTranspose',
    ]);
    expect(discriminator.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'LeakyReLU', 'SeededDropout', 'Flatten', 'Dense']);
  });

  it('draws kernels from N(0, 0.02) and maps noise to [batch, 28, 28, 1]', () => {
    const kernel = generator.getWeights()[0]!;
    const std = tf.tidy(() => tf.sqrt(tf.mean(tf.square(kernel))).dataSync()[0]!);
    expect(std).toBeGreaterThan(0.019);
    expect(std).toBeLessThan(0.021);
    const images = tf.tidy(() => generator.predict(tf.ones([3, latentDim])) as tf.Tensor);
    expect(images.shape).toEqual([3, 28, 28, 1]);
    const logits = tf.tidy(() => discriminator.predict(images) as tf.Tensor);
    expect(logits.shape).toEqual([3, 1]);
    tf.dispose([images, logits]);
  });
});
