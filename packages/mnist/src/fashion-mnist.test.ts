import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMnist } from './index';

const DIR = '/usr/share/datasets/fashion-mnist';
const present = existsSync(`${DIR}/train-images-idx3-ubyte.gz`);

// Debian's dataset-fashion-mnist package (apt-get install -y dataset-fashion-mnist) puts the real
// files there; without it there is nothing real to read, so the suite is skipped.
describe.skipIf(!present)(`real Fashion-MNIST from ${DIR} (skipped when the Debian package is not installed)`, () => {
  it('loads the 60,000 training images and their first labels', async () => {
    const train = await loadMnist({ dataset: 'fashion-mnist', split: 'train', dir: DIR, download: false });
    expect([train.source, train.count, train.rows, train.cols]).toEqual(['dir', 60000, 28, 28]);
    expect(train.images.length).toBe(60000 * 784);
    // Ankle boot, T-shirt, T-shirt, dress, T-shirt, pullover, sneaker, pullover, sandal, sandal.
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    const counts = new Array(10).fill(0);
    for (const label of train.labels) counts[label]++;
    expect(counts).toEqual(new Array(10).fill(6000));
  });

  it('loads the 10,000 test images and their first labels', async () => {
    const test = await loadMnist({ dataset: 'fashion-mnist', split: 'test', dir: DIR, download: false });
    expect([test.source, test.count, test.rows, test.cols]).toEqual(['dir', 10000, 28, 28]);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    expect(Math.max(...test.images.subarray(0, 784))).toBe(255);
  });

  it('matches the recorded decompressed digests when served from a cache', async () => {
    const { mkdtemp, rm, mkdir, copyFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const cacheDir = await mkdtemp(join(tmpdir(), 'ganforge-fashion-'));
    try {
      await mkdir(join(cacheDir, 'fashion-mnist'));
      for (const f of ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) {
        await copyFile(join(DIR, f), join(cacheDir, 'fashion-mnist', f));
      }
      const test = await loadMnist({ dataset: 'fashion-mnist', split: 'test', cacheDir, download: false });
      expect([test.source, test.count]).toEqual(['cache', 10000]);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
