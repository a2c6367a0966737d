import { expectClose } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createDcganDiscriminator, createDcganGenerator, registerGanLayers, tutorialDcgan } from './index';

/** Saves `model` as model.json text + one weights buffer, then loads it back with tf.loadLayersModel. */
async function saveAndLoad(model: tfl.LayersModel): Promise<{ loaded: tfl.LayersModel; modelJson: string }> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  // What a browser would fetch: model.json (topology + weights manifest) and a .bin file.
  const modelJson = JSON.stringify({ modelTopology: saved!.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: saved!.weightSpecs }] });
  const parsed = JSON.parse(modelJson);
  const weightData = (saved!.weightData as ArrayBuffer).slice(0);
  const loaded = await tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: parsed.modelTopology, weightSpecs: parsed.weightsManifest[0].weights, weightData }),
  );
  return { loaded, modelJson };
}

/**
 * Scales every weight by a seeded factor in [0.5, 1.5], so a loaded model matches only if
 * its weights really came from the file (the initializer seeds alone would rebuild the
 * original weights).
 */
function perturb(model: tfl.LayersModel, seed: number): void {
  model.setWeights(
    model.getWeights().map((w, i) => tf.tidy(() => tf.mul(w, tf.randomUniform(w.shape, 0.5, 1.5, 'float32', seed + i)))),
  );
}

describe('serialization', () => {
  it('registers every layer class once the package is imported', () => {
    expect(registerGanLayers()).toEqual([
      'SpectralNormalization',
      'MinibatchStdDev',
      'PixelNorm',
      'SubPixelUpsampling',
      'InstanceNormalization',
      'ClassEmbedding',
      'SeededDropout',
    ]);
    const map = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(map.SubPixelUpsampling).toBeDefined();
  });

  it('round-trips a conditional generator with every custom layer through model.json + weights', async () => {
    const generator = createDcganGenerator({
      latentDim: 6,
      imageShape: [8, 8, 2],
      width: 3,
      depth: 2,
      normalization: 'instance',
      upsampling: 'subpixel',
      pixelNorm: true,
      spectralNorm: true,
      numClasses: 3,
      seed: 12,
    });
    // Move the spectral-norm vectors away from their initial values, as training would.
    const z = tf.randomNormal([3, 6], 0, 1, 'float32', 13);
    const labels = tf.tensor2d([[0], [1], [2]], [3, 1], 'int32');
    tf.dispose(generator.apply([z, labels], { training: true }) as tf.Tensor);
    perturb(generator, 100);
    const { loaded, modelJson } = await saveAndLoad(generator);
    for (const name of ['SpectralNormalization', 'PixelNorm', 'SubPixelUpsampling', 'InstanceNormalization', 'ClassEmbedding']) {
      expect(modelJson).toContain(`"class_name":"${name}"`);
    }
    expect(loaded.getWeights().length).toBe(generator.getWeights().length);
    const expected = generator.predict([z, labels]) as tf.Tensor;
    const actual = loaded.predict([z, labels]) as tf.Tensor;
    expect(actual.shape).toEqual([3, 8, 8, 2]);
    expectClose(actual, expected, { atol: 1e-6 });
    tf.dispose([z, labels, expected, actual]);
  });

  it('round-trips a projection discriminator with minibatch stddev and spectral norm', async () => {
    const discriminator = createDcganDiscriminator({
      imageShape: [8, 8, 1],
      width: 2,
      normalization: 'layer',
      spectralNorm: true,
      minibatchStdDev: true,
      numClasses: 2,
      seed: 14,
    });
    perturb(discriminator, 200);
    const { loaded } = await saveAndLoad(discriminator);
    const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 15);
    const labels = tf.tensor2d([[0], [1], [1], [0]], [4, 1], 'int32');
    const expected = discriminator.predict([x, labels]) as tf.Tensor;
    const actual = loaded.predict([x, labels]) as tf.Tensor;
    expectClose(actual, expected, { atol: 1e-6 });
    tf.dispose([x, labels, expected, actual]);
  });

  it('round-trips the tutorial generator', async () => {
    const { generator, latentDim } = tutorialDcgan({ seed: 16 });
    perturb(generator, 300);
    const { loaded } = await saveAndLoad(generator);
    expect(loaded.countParams()).toBe(2_330_944);
    const z = tf.randomNormal([2, latentDim], 0, 1, 'float32', 17);
    const expected = generator.predict(z) as tf.Tensor;
    const actual = loaded.predict(z) as tf.Tensor;
    expectClose(actual, expected, { atol: 1e-6 });
    tf.dispose([z, expected, actual]);
  });
});
