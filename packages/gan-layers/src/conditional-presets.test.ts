import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks } from '@ganforge/test-utils';
import { describe, expect, it } from 'vitest';
import { OptionError } from './errors';
import { seedDcgan } from './seed-dcgan';
import { tutorialDcgan } from './tutorial-dcgan';

describe('conditional presets (numClasses)', () => {
  it('adds the label embedding to G and the projection to D (parameter counts by hand)', () => {
    const seed = seedDcgan({ seed: 3, numClasses: 10 });
    // G: the unconditional 784,641 + (50 more inputs) * 6272 + embedding 10 * 50 = 1,098,741.
    expect(seed.generator.countParams()).toBe(784_641 + 50 * 6272 + 500);
    // D: the unconditional 13,633 + projection embedding 10 * 12,544 = 139,073.
    expect(seed.discriminator.countParams()).toBe(13_633 + 10 * 12_544);
    const tutorial = tutorialDcgan({ seed: 3, numClasses: 10, embeddingDim: 8 });
    expect(tutorial.generator.countParams()).toBe(2_330_944 + 8 * 12_544 + 80);
    expect(tutorial.discriminator.countParams()).toBe(212_865 + 10 * 7 * 7 * 128);
    expect(seed.generator.inputs.map((i) => i.shape)).toEqual([
      [null, 100],
      [null, 1],
    ]);
    expect(seed.discriminator.inputs.map((i) => [i.shape, i.dtype])).toEqual([
      [[null, 28, 28, 1], 'float32'],
      [[null, 1], 'int32'],
    ]);
  });

  it('starts every preset layer as the unconditional form with the same seed', () => {
    const plain = seedDcgan({ seed: 5 });
    const conditional = seedDcgan({ seed: 5, numClasses: 10 });
    const kernelOf = (model: typeof plain.generator, className: string) =>
      model.layers.find((l) => l.getClassName() === className)!.getWeights()[0]!;
    // The conv kernels do not depend on the input width: the same numbers.
    for (const [a, b] of [
      [kernelOf(plain.generator, 'Conv2DTranspose'), kernelOf(conditional.generator, 'Conv2DTranspose')],
      [kernelOf(plain.discriminator, 'Conv2D'), kernelOf(conditional.discriminator, 'Conv2D')],
    ] as const) {
      expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    }
  });

  it('makes the images depend on the label, and the logit on the label through the projection', () => {
    const { generator, discriminator, latentDim } = seedDcgan({ seed: 7, numClasses: 10 });
    const [images3, images8, logits3, logits8] = tf.tidy(() => {
      const noise = tf.randomNormal([2, latentDim], 0, 1, 'float32', 1);
      const a = generator.predict([noise, tf.tensor2d([3, 3], [2, 1], 'int32')]) as tf.Tensor;
      const b = generator.predict([noise, tf.tensor2d([8, 8], [2, 1], 'int32')]) as tf.Tensor;
      const la = discriminator.predict([a, tf.tensor2d([3, 3], [2, 1], 'int32')]) as tf.Tensor;
      const lb = discriminator.predict([a, tf.tensor2d([8, 8], [2, 1], 'int32')]) as tf.Tensor;
      return [a, b, la, lb];
    });
    expect(images3.shape).toEqual([2, 28, 28, 1]);
    expect(logits3.shape).toEqual([2, 1]);
    const diff = (x: tf.Tensor, y: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]!);
    expect(diff(images3, images8)).toBeGreaterThan(1e-4);
    expect(diff(logits3, logits8)).toBeGreaterThan(1e-6);
    tf.dispose([images3, images8, logits3, logits8]);
  });

  it('predicts without leaking tensors', async () => {
    const { generator, discriminator } = tutorialDcgan({ seed: 1, numClasses: 4 });
    await expectNoLeaks(() => {
      tf.tidy(() => {
        const labels = tf.tensor2d([0, 3], [2, 1], 'int32');
        const images = generator.predict([tf.zeros([2, 100]), labels]) as tf.Tensor;
        discriminator.predict([images, labels]);
      });
    });
  });

  it('rejects a bad numClasses or embeddingDim with an OptionError naming it', () => {
    expect(() => seedDcgan({ numClasses: 0 })).toThrow(OptionError);
    expect(() => seedDcgan({ numClasses: 2.5 })).toThrow(/seedDcgan: options\.numClasses/);
    expect(() => tutorialDcgan({ numClasses: 10, embeddingDim: -1 })).toThrow(/tutorialDcgan: options\.embeddingDim/);
    expect(() => seedDcgan({ numClass: 10 } as never)).toThrow(/did you mean 'numClasses'/);
  });
});
