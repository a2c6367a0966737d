import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdxFormatError, writeIdx } from '@ganforge/mnist';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { FormatError, OptionError, ShapeError } from './index';
import { loadModelFile, readIdxImages, scoreIdxFiles } from './node';
import { embeddedDigits } from './test-data';

const dir = mkdtempSync(join(tmpdir(), 'gan-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const digits = embeddedDigits();
const file = (name: string, bytes: Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
const digitFile = (name: string, from: number, to: number, gzip = true) =>
  file(name, writeIdx({ dtype: 'uint8', shape: [to - from, 28, 28], data: digits.images.slice(from * 784, to * 784) }, { gzip }));

describe('readIdxImages', () => {
  it('reads gzipped and raw IDX images as [N, H, W, 1] in [0, 255]', async () => {
    for (const gzip of [true, false]) {
      const images = await readIdxImages(digitFile(`d${gzip}.idx`, 0, 3, gzip));
      expect(images.shape).toEqual([3, 28, 28, 1]);
      expect(images.dtype).toBe('float32');
      expect(Array.from(images.dataSync().slice(0, 784))).toEqual(Array.from(digits.images.slice(0, 784)));
      images.dispose();
    }
  });

  it("rejects bad bytes with @ganforge/mnist's IdxFormatError and non-image IDX with FormatError", async () => {
    await expect(readIdxImages(file('bad.idx', Uint8Array.of(1, 2, 3, 4, 5)))).rejects.toThrow(IdxFormatError);
    await expect(readIdxImages(file('labels.idx', writeIdx({ dtype: 'uint8', shape: [4], data: Uint8Array.of(1, 2, 3, 4) })))).rejects.toThrow(FormatError);
  });
});

describe('scoreIdxFiles (the CLI)', () => {
  it('scores two halves of real digits with every metric the CLI prints', async () => {
    const fake = digitFile('fake.idx.gz', 0, 300);
    const real = digitFile('real.idx.gz', 300, 700);
    const scores = await scoreIdxFiles(fake, { real, kidSubsets: 4, kidSubsetSize: 100 });
    for (const key of ['fid', 'kid', 'kidStd', 'precision', 'recall', 'density', 'coverage', 'confidentShare', 'classCoverage'] as const) expect(typeof scores[key]).toBe('number');
    expect(scores.classHistogram!.length).toBe(10);
    expect(scores.reference).toBe(real);
    expect(scores.fid!).toBeLessThan(5);
    const shipped = await scoreIdxFiles(fake, { metrics: ['fid'] });
    expect(shipped.reference).toBe('mnist');
  });

  it('rejects a file of another image size clearly, never resizing', async () => {
    const small = file('small.idx', writeIdx({ dtype: 'uint8', shape: [4, 32, 32], data: new Uint8Array(4 * 1024) }));
    await expect(scoreIdxFiles(small)).rejects.toThrow(
      'scoreImages: images must be [N, 28, 28, 1] images, the input of the mnist feature network (images are never resized), got [4, 32, 32, 1]',
    );
    const fake = digitFile('fake2.idx.gz', 0, 10);
    await expect(scoreIdxFiles(fake, { real: small })).rejects.toThrow(ShapeError);
    await expect(scoreIdxFiles(fake, { features: 'inception' })).rejects.toThrow(OptionError);
    await expect(scoreIdxFiles(fake, { fetures: 'mnist' } as never)).rejects.toThrow("did you mean 'features'?");
  });

  it('scores with a tfjs model.json from disk (--features path --layer name)', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [28, 28, 1] }),
        tfl.layers.dense({ units: 8, name: 'embedding', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
        tfl.layers.dense({ units: 3, activation: 'softmax', name: 'classes', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        writeFileSync(join(dir, 'weights.bin'), new Uint8Array(artifacts.weightData as ArrayBuffer));
        writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] }));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = (await loadModelFile(join(dir, 'model.json'))) as tfl.LayersModel;
    const x = tf.ones([2, 28, 28, 1]);
    expect(tf.max(tf.abs(tf.sub(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-6);
    const fake = digitFile('fake3.idx.gz', 0, 60);
    const real = digitFile('real3.idx.gz', 60, 160);
    const scores = await scoreIdxFiles(fake, { real, features: join(dir, 'model.json'), layer: 'embedding', probabilitiesLayer: 'classes', kidSubsets: 2 });
    expect(scores.network).toBe(join(dir, 'model.json'));
    expect(scores.classHistogram!.length).toBe(3);
    expect(scores.fid!).toBeGreaterThan(0);
    await expect(scoreIdxFiles(fake, { features: join(dir, 'model.json'), layer: 'embedding' })).rejects.toThrow('scoreIdxFiles: options.real must be an IDX file of real images when the features come from your own model, got undefined');
    await expect(loadModelFile(join(dir, 'weights.bin'))).rejects.toThrow(FormatError);
    tf.dispose(x);
    model.dispose();
    loaded.dispose();
  });
});
