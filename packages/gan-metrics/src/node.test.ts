import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdxFormatError, writeIdx } from '@ganforge/mnist';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './internal/cli-main';
import { FormatError, OptionError, ShapeError, ValueError } from './index';
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
const labelFile = (name: string, labels: Uint8Array, gzip = true) => file(name, writeIdx({ dtype: 'uint8', shape: [labels.length], data: labels }, { gzip }));
// The embedded labels of digits 0..99, but the first 10 changed to a wrong class: 90 % agreement.
const requested = digits.labels.slice(0, 100);
for (let i = 0; i < 10; i++) requested[i] = (requested[i]! + 1) % 10;

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

  it('reads a labels IDX (--labels) and gives the class agreement, overall and per class', async () => {
    const fake = digitFile('cond.idx.gz', 0, 100);
    const own = await scoreIdxFiles(fake, { labels: labelFile('own-labels.idx.gz', digits.labels.slice(0, 100)), metrics: ['classes'] });
    expect(own.classAgreement).toBe(1); // digits the network was trained on
    expect(own.classAgreementByClass).toEqual(new Array(10).fill(1));
    const scores = await scoreIdxFiles(fake, { labels: labelFile('labels.idx', requested, false), metrics: ['fid', 'classes'] });
    expect(scores.classAgreement).toBeCloseTo(0.9, 12);
    // per requested class: the agreeing share among the digits that asked for it
    const asked = new Array(10).fill(0);
    const agreed = new Array(10).fill(0);
    for (let i = 0; i < 100; i++) {
      asked[requested[i]!]++;
      if (requested[i] === digits.labels[i]) agreed[requested[i]!]++;
    }
    expect(scores.classAgreementByClass).toEqual(asked.map((n, c) => (n === 0 ? null : agreed[c] / n)));
    expect(typeof scores.fid).toBe('number');
    const without = await scoreIdxFiles(fake, { metrics: ['classes'] });
    expect([without.classAgreement, without.classAgreementByClass]).toEqual([null, null]);
    await expect(scoreIdxFiles(fake, { labels: labelFile('short.idx', requested.slice(0, 99)) })).rejects.toThrow(
      `scoreIdxFiles: options.labels must be one label per fake image (100 in ${fake}), got 99 labels in ${join(dir, 'short.idx')}`,
    );
    const bad = requested.slice();
    bad[5] = 10;
    await expect(scoreIdxFiles(fake, { labels: labelFile('bad-labels.idx', bad), metrics: ['classes'] })).rejects.toThrow('scoreImages: options.labels[5] must be a class index in [0, 9] (the classifier has 10 classes), got 10');
    await expect(scoreIdxFiles(fake, { labels: labelFile('bad-labels.idx', bad) })).rejects.toThrow(ValueError);
    await expect(scoreIdxFiles(fake, { labels: fake })).rejects.toThrow(FormatError); // images, not labels
    await expect(scoreIdxFiles(fake, { labels: 3 as never })).rejects.toThrow(OptionError);
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

describe('ganforge-metrics (runCli)', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...args, '--backend', tf.getBackend()], { log: (text) => out.push(text), error: (text) => err.push(text) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('prints the class agreement with --labels, in text and in JSON', async () => {
    const fake = digitFile('cli.idx.gz', 0, 100);
    const labels = labelFile('cli-labels.idx.gz', requested);
    const text = await run(['--fake', fake, '--labels', labels, '--metrics', 'classes']);
    expect(text.code).toBe(0);
    expect(text.out).toContain('  class agreement     0.900 (top class = requested class)');
    expect(text.out).toMatch(/ {2}agreement by class {2}(\d\.\d{3} ){9}\d\.\d{3}\n?/);
    const json = await run(['--fake', fake, '--labels', labels, '--metrics', 'classes', '--json']);
    const parsed = JSON.parse(json.out);
    expect(parsed.classAgreement).toBeCloseTo(0.9, 12);
    expect(parsed.classAgreementByClass.length).toBe(10);
    const plain = await run(['--fake', fake, '--metrics', 'classes']);
    expect(plain.out).not.toContain('class agreement');
    const fidOnly = await run(['--fake', fake, '--labels', labels, '--metrics', 'fid']);
    expect(fidOnly.out).toContain("class agreement     n/a (needs the 'classes' metric and a classifier)");
  });

  it('exits 1 with the typed error for a labels file of another count, 2 for bad usage', async () => {
    const fake = digitFile('cli2.idx.gz', 0, 20);
    const result = await run(['--fake', fake, '--labels', labelFile('cli-short.idx', requested.slice(0, 5))]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('ShapeError: scoreIdxFiles: options.labels must be one label per fake image (20');
    expect((await run(['--labels', 'x.idx'])).code).toBe(2);
  });
});
