import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { OptionError } from './errors';
import { tutorialDcgan } from './tutorial-dcgan';

/** `[className, outputShape without batch]` of every layer. */
function summary(model: tfl.LayersModel): [string, unknown][] {
  return model.layers.map((layer) => [layer.getClassName(), (layer.outputShape as number[]).slice(1)]);
}

function trainableCount(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b as number), 1), 0);
}

describe('tutorialDcgan', () => {
  const { generator, discriminator, latentDim, imageShape } = tutorialDcgan({ seed: 1 });

  it('has the tutorial parameter counts (computed by hand)', () => {
    // G: dense 100*12544 = 1,254,400; BN(12544) 4*12544 = 50,176; convT 5*5*256*128 = 819,200;
    // BN(128) 512; convT 5*5*128*64 = 204,800; BN(64) 256; convT 5*5*64*1 = 1,600 → 2,330,944.
    expect(generator.countParams()).toBe(2_330_944);
    // Non-trainable: moving mean + variance = 2 * (12544 + 128 + 64) = 25,472.
    expect(trainableCount(generator)).toBe(2_330_944 - 25_472);
    // D: conv 5*5*1*64 + 64 = 1,664; conv 5*5*64*128 + 128 = 204,928; dense 6272 + 1 = 6,273 → 212,865.
    expect(discriminator.countParams()).toBe(212_865);
    expect(trainableCount(discriminator)).toBe(212_865);
    expect(latentDim).toBe(100);
    expect(imageShape).toEqual([28, 28, 1]);
  });

  it('reproduces the tutorial layer by layer', () => {
    expect(summary(generator)).toEqual([
      ['Dense', [12544]],
      ['BatchNormalization', [12544]],
      ['LeakyReLU', [12544]],
      ['Reshape', [7, 7, 256]],
      ['Conv2DTranspose', [7, 7, 128]],
      ['BatchNormalization', [7, 7, 128]],
      ['LeakyReLU', [7, 7, 128]],
      ['Conv2DTranspose', [14, 14, 64]],
      ['BatchNormalization', [14, 14, 64]],
      ['LeakyReLU', [14, 14, 64]],
      ['Conv2DTranspose', [28, 28, 1]],
    ]);
    expect(summary(discriminator)).toEqual([
      ['Conv2D', [14, 14, 64]],
      ['LeakyReLU', [14, 14, 64]],
      ['SeededDropout', [14, 14, 64]],
      ['Conv2D', [7, 7, 128]],
      ['LeakyReLU', [7, 7, 128]],
      ['SeededDropout', [7, 7, 128]],
      ['Flatten', [6272]],
      ['Dense', [1]],
    ]);
    const g = generator.layers.map((l) => l.getConfig());
    expect([g[0]!.useBias, g[4]!.useBias, g[7]!.useBias, g[10]!.useBias]).toEqual([false, false, false, false]);
    expect([g[4]!.kernelSize, g[4]!.strides, g[7]!.strides, g[10]!.strides]).toEqual([
      [5, 5],
      [1, 1],
      [2, 2],
      [2, 2],
    ]);
    expect(g[10]!.activation).toBe('tanh');
    expect([g[2]!.alpha, g[1]!.momentum, g[1]!.epsilon]).toEqual([0.3, 0.99, 0.001]);
    const d = discriminator.layers.map((l) => l.getConfig());
    expect([d[2]!.rate, d[5]!.rate, d[7]!.activation, d[0]!.useBias]).toEqual([0.3, 0.3, 'linear', true]);
  });

  it('generates images in [-1, 1] and logits of shape [batch, 1]', () => {
    const z = tf.randomNormal([2, latentDim], 0, 1, 'float32', 3);
    const images = generator.predict(z) as tf.Tensor;
    const logits = discriminator.predict(images) as tf.Tensor;
    expect(images.shape).toEqual([2, 28, 28, 1]);
    expect(images.dtype).toBe('float32');
    expect(logits.shape).toEqual([2, 1]);
    expect(tf.max(tf.abs(images)).dataSync()[0]).toBeLessThanOrEqual(1);
    tf.dispose([z, images, logits]);
  });

  it('gives the same weights for the same seed and different ones for another', () => {
    const a = tutorialDcgan({ seed: 5 }).generator.getWeights();
    const b = tutorialDcgan({ seed: 5 }).generator.getWeights();
    const c = tutorialDcgan({ seed: 6 }).generator.getWeights();
    expect(Array.from(a[0]!.dataSync().slice(0, 5))).toEqual(Array.from(b[0]!.dataSync().slice(0, 5)));
    expect(Array.from(a[0]!.dataSync().slice(0, 5))).not.toEqual(Array.from(c[0]!.dataSync().slice(0, 5)));
    // Initializers draw in JS: the same numbers on every backend (both test projects check these).
    const d = tutorialDcgan({ seed: 9 }).discriminator.getWeights()[0]!;
    expect(Array.from(d.dataSync().slice(0, 3))).toEqual([-0.0239186342805624, 0.03744467720389366, -0.03186822682619095]);
    // Glorot uniform bound for the dense kernel: sqrt(6 / (100 + 12544)).
    expect(tf.max(tf.abs(a[0]!)).dataSync()[0]).toBeLessThanOrEqual(Math.sqrt(6 / 12644));
  });

  it('predicts without leaking tensors', async () => {
    const z = tf.zeros([1, latentDim]);
    await expectNoLeaks(() => generator.predict(z));
    z.dispose();
  });

  it('rejects a fractional seed', () => {
    expect(() => tutorialDcgan({ seed: 1.5 })).toThrow(OptionError);
    expect(() => tutorialDcgan({ seed: 1.5 })).toThrow('tutorialDcgan: options.seed must be a safe integer or undefined, got 1.5');
  });
});
