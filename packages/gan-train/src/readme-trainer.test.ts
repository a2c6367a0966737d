import { readFileSync } from 'node:fs';
import { diffAugmentation } from '@ganforge/augment';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it, vi } from 'vitest';
import { createGanStep, createGeneratorEma, encodePng, hingeLoss, imageGrid, r1Penalty, tensorBatches, train } from './node';
import { disableKernelLeakCheck } from './test-support/kernel-leak-check';

/** Lines trimmed, without blank lines. */
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** Asserts that the README shows the code between `// <marker>-START` and `// <marker>-END` of this file. */
function expectInReadme(marker: string): void {
  const source = readFileSync(new URL('./readme-trainer.test.ts', import.meta.url), 'utf8');
  const begin = `// ${marker}-START`;
  const region = source.slice(source.indexOf(begin) + begin.length, source.indexOf(`// ${marker}-END`));
  const readme = lines(readFileSync(new URL('../README.md', import.meta.url), 'utf8'));
  const body = lines(region);
  const start = readme.indexOf(body[0]!);
  expect(start, `README shows the ${marker} code`).toBeGreaterThan(-1);
  expect(readme.slice(start, start + body.length)).toEqual(body);
}

describe('README', () => {
  disableKernelLeakCheck();

  it('quick start trains a micro GAN for 2 epochs', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    // QUICKSTART-START
    const generator = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [4] })] });
    const discriminator = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [2] })] });
    const step = createGanStep({ generator, discriminator, loss: hingeLoss(), latentDim: 4, gOptimizer: tf.train.adam(1e-3), dOptimizer: tf.train.adam(1e-3), seed: 1 });
    const real = tf.randomNormal([64, 2], 0, 1, 'float32', 7);
    const result = await train({ step, data: real, batchSize: 16, epochs: 2 });
    console.log(result.step, result.metrics); // 8 { dLoss, gLoss, dReal, dFake, realAccuracy, ... }
    // QUICKSTART-END
    const [[count, metrics]] = log.mock.calls as [[number, Record<string, number>]];
    log.mockRestore();
    expect(count).toBe(8);
    expect(Number.isFinite(metrics.dLoss)).toBe(true);
    expectInReadme('QUICKSTART');
    tf.dispose(real);
    generator.dispose();
    discriminator.dispose();
  });

  it('custom trainer (hinge + R1 + diffAugment + EMA) runs 20 steps with a flat tensor count', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    // README-START
    const latentDim = 8;
    const imageShape: [number, number, number] = [8, 8, 1];

    // Micro models (Dense only); use @ganforge/gan-layers' DCGAN for real images.
    const generator = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 32, inputShape: [latentDim] }),
        tfl.layers.leakyReLU({ alpha: 0.2 }),
        tfl.layers.dense({ units: 64 }),
        tfl.layers.activation({ activation: 'tanh' }),
        tfl.layers.reshape({ targetShape: imageShape }),
      ],
    });
    const discriminator = tfl.sequential({
      layers: [tfl.layers.flatten({ inputShape: imageShape }), tfl.layers.dense({ units: 32 }), tfl.layers.leakyReLU({ alpha: 0.2 }), tfl.layers.dense({ units: 1 })],
    });

    const step = createGanStep({
      generator,
      discriminator,
      latentDim,
      loss: hingeLoss(),
      penalties: [r1Penalty({ gamma: 1 })],
      augment: diffAugmentation({ policy: ['color', 'translation', 'cutout'] }), // any { apply(images, { seed }) }
      gOptimizer: tf.train.adam(2e-4, 0.5, 0.99),
      dOptimizer: tf.train.adam(2e-4, 0.5, 0.99),
      seed: 42,
    });
    const ema = createGeneratorEma(generator, { decay: 0.99 });

    // Toy data: 64 images in [-1, 1], NHWC.
    const images = tf.tidy(() => tf.tanh(tf.randomNormal([64, ...imageShape], 0, 2, 'float32', 1)));
    const data = tensorBatches(images, { batchSize: 16 });

    for (let epoch = 0, done = 0; done < 20; epoch++) {
      const seed = step.random.nextSeed(); // one stream orders data, noise and augmentation
      for (let i = 0; i < data.batchesPerEpoch && done < 20; i++, done++) {
        const batch = await data.batch(i, { epoch, seed });
        const metrics = (await step(batch))!; // null only on steps that skip metrics (metricsEvery)
        batch.dispose();
        if (metrics.generatorUpdated) ema.update();
        if (done % 5 === 4) console.log(done + 1, metrics.dLoss, metrics.gLoss, metrics.penalties.r1, tf.memory().numTensors);
      }
    }

    const latent = step.sampleLatent(16, 7); // fixed noise
    const grid = tf.tidy(() => imageGrid(ema.generate(latent) as tf.Tensor4D, { columns: 4 }));
    const png = await encodePng(grid); // e.g. await fs.promises.writeFile('samples.png', png)
    tf.dispose([latent, grid, images]);
    // README-END
    const logged = log.mock.calls.map((c) => c as number[]);
    log.mockRestore();
    expect(logged.map((c) => c[0])).toEqual([5, 10, 15, 20]);
    for (const [, dLoss, gLoss, r1] of logged) expect([dLoss, gLoss, r1].every(Number.isFinite)).toBe(true);
    // The tensor count stays flat from step to step.
    expect(new Set(logged.map((c) => c[4])).size).toBe(1);
    expect(ema.updates).toBe(20);
    expect(Array.from(png.slice(0, 4))).toEqual([137, 80, 78, 71]);
    ema.dispose();
    generator.dispose();
    discriminator.dispose();

    // The README prints this very code.
    expectInReadme('README');
  });
});
