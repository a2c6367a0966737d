/**
 * Node-only helpers (`@ganforge/data-clean/node`): audit a folder of PNG/JPEG
 * files and write PNG contact sheets atomically.
 */
import type { Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { checkOneOf, checkOptions, checkSize, describe, LIMITS } from '@ganforge/internal';
import { writeFileAtomic as writeFileAtomicDurable } from '@ganforge/internal/node';
import * as tf from '@tensorflow/tfjs-core';
import { auditAs } from './audit';
import type { AuditReport } from './audit-report';
import { type ContactSheetOptions, contactSheetAs } from './contact-sheet';
import { checkImageSize, type DecodeImageOptions, decodeImage } from './decode-image';
import { DecodeError, FileError, LabelError, LimitError, OptionError } from './errors';
import { readImageHeader } from './internal/image-header';
import { readProbabilities } from './find-label-issues';
import { AUDIT_OPTION_KEYS, type AuditOptions, readLabels, resolveShape } from './options';

/**
 * Options of `auditFolder`: those of `audit` (the pixel range is the decoded
 * one, `'unit'`) plus how files are found and decoded.
 *
 * @example
 * const options: AuditFolderOptions = { recursive: true, channels: 1, resize: [64, 64] };
 */
export interface AuditFolderOptions extends Omit<AuditOptions, 'range' | 'pixelRange'>, DecodeImageOptions {
  /** Look into sub-folders too. Default `false`. */
  recursive?: boolean;
  /** Resize every image to [height, width] (bilinear) before the audit. Default: keep sizes (other sizes are flagged `shape`). */
  resize?: readonly [number, number];
}

/**
 * What `auditFolder` returns.
 *
 * @example
 * const { report, files, unreadable }: FolderAudit = await auditFolder('photos/');
 * for (const { file, reason } of unreadable) console.warn(file, reason);
 */
export interface FolderAudit {
  /** The report; image `i` is `files[i]`. */
  report: AuditReport;
  /** Decoded files, relative to the folder, in report order (sorted by path). */
  files: string[];
  /** Files that could not be read or decoded (or declare a size past `LIMITS`), with the reason. */
  unreadable: { file: string; reason: string }[];
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

const FOLDER_KEYS = [...AUDIT_OPTION_KEYS.filter((key) => key !== 'pixelRange'), 'channels', 'recursive', 'resize'];

async function listImages(fn: string, folder: string, recursive: boolean): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(folder);
  } catch (error) {
    throw new FileError({
      functionName: fn,
      argument: 'folder',
      expected: 'an existing folder',
      actual: `${describe(folder)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      cause: error,
    });
  }
  if (!info.isDirectory()) throw new FileError({ functionName: fn, argument: 'folder', expected: 'a folder', actual: `the file ${describe(folder)}` });
  const out: string[] = [];
  const walk = async (dir: string) => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      throw new FileError({
        functionName: fn,
        argument: 'folder',
        expected: 'a readable folder',
        actual: `${describe(dir)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        cause: error,
      });
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (recursive) await walk(path);
      } else if (IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
        out.push(path);
      }
    }
  };
  await walk(folder);
  return out.sort();
}

/** Reads the size a file's header declares (reading only as much of the file as it takes), or throws why it cannot. */
async function readDeclaredSize(fn: string, path: string): Promise<[number, number]> {
  const handle = await open(path, 'r');
  try {
    let buffer = new Uint8Array(65536);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const grown = new Uint8Array(buffer.length * 4);
        grown.set(buffer);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      length += bytesRead;
      const bytes = buffer.subarray(0, length);
      const header = readImageHeader(bytes);
      if (header.kind === 'header') {
        checkImageSize(fn, 'file', header.header);
        return [header.header.height, header.header.width];
      }
      if (header.kind === 'invalid' || bytesRead === 0) {
        const format = header.format === 'png' ? 'a valid PNG image' : header.format === 'jpeg' ? 'a valid JPEG image' : 'a PNG or JPEG image';
        const why = header.kind === 'invalid' ? header.reason : 'cut short before the image size';
        throw new DecodeError({ functionName: fn, argument: 'file', expected: format, actual: `${length} bytes (${why})` });
      }
    }
  } finally {
    await handle.close();
  }
}

async function readBytes(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}

/** The most common [height, width] (ties: the one met first, in path order). */
function majority(sizes: readonly [number, number][]): [number, number] | null {
  const counts = new Map<string, { count: number; size: [number, number]; first: number }>();
  sizes.forEach((size, i) => {
    const key = size.join('x');
    const entry = counts.get(key) ?? { count: 0, size, first: i };
    entry.count++;
    counts.set(key, entry);
  });
  let best: { count: number; size: [number, number]; first: number } | null = null;
  for (const entry of counts.values()) if (!best || entry.count > best.count || (entry.count === best.count && entry.first < best.first)) best = entry;
  return best ? best.size : null;
}

/**
 * Audits every `.png`, `.jpg` and `.jpeg` file of a folder, decoded with
 * `fast-png` and `jpeg-js` into [0, 1] (pixel range `'unit'`). Files are decoded
 * and audited in batches, so a folder of any size fits in memory.
 *
 * The expected image shape is `options.shape`, else `[...resize, channels]`
 * with `resize`, else the most common size among the files (read from their
 * headers first, ties going to the first in path order): the images of other
 * sizes, the minority, are flagged `shape`. Files that cannot be read or
 * decoded, or whose header declares a size past `LIMITS.imageSide` /
 * `LIMITS.imagePixels`, are listed in `unreadable` (the audit goes on). Labels,
 * and `probabilities` rows, if given, are one per image file found (in path
 * order); those of unreadable files are dropped (with either, every file is
 * decoded once up front to know which ones are readable).
 *
 * @throws OptionError (unknown option key, `channels` other than 1 or 3, bad
 *   `resize`/`shape`), FileError (a missing folder or one that cannot be read),
 *   LimitError, LabelError as `audit`.
 * @example
 * const { report, files, unreadable } = await auditFolder('photos/', { resize: [128, 128] });
 * for (const i of report.flagged('shape')) console.log('odd size:', files[i]);
 * for (const i of report.flagged('blurry')) console.log('blurry:', files[i]);
 */
export async function auditFolder(folder: string, options: AuditFolderOptions = {}): Promise<FolderAudit> {
  const fn = 'auditFolder';
  const checked = checkOptions(fn, options, FOLDER_KEYS, OptionError);
  const {
    recursive = false,
    channels: channelsOption,
    resize: resizeOption,
    labels: labelsOption,
    probabilities: probabilitiesOption,
    ...auditOptions
  } = checked;
  if (typeof folder !== 'string' || folder.length === 0) {
    throw new FileError({ functionName: fn, argument: 'folder', expected: 'the path of a folder (a non-empty string)', actual: describe(folder) });
  }
  checkOneOf(fn, 'options.recursive', recursive, [true, false], OptionError);
  const givenShape = auditOptions.shape === undefined ? undefined : resolveShape(fn, 'options.shape', auditOptions.shape);
  const channels = checkOneOf(fn, 'options.channels', channelsOption ?? (givenShape?.[2] === 1 ? 1 : 3), [1, 3] as const, OptionError);
  if (givenShape && givenShape[2] !== channels) {
    throw new OptionError({
      functionName: fn,
      argument: 'options.shape',
      expected: `a shape with options.channels (${channels}) channels, as the files are decoded to`,
      actual: describe(auditOptions.shape),
    });
  }
  let resize: [number, number] | undefined;
  if (resizeOption !== undefined) {
    if (!Array.isArray(resizeOption) || resizeOption.length !== 2) {
      throw new OptionError({ functionName: fn, argument: 'options.resize', expected: '[height, width] of positive integers', actual: describe(resizeOption) });
    }
    resize = [
      checkSize(fn, 'options.resize[0]', resizeOption[0], LIMITS.imageSide, LimitError, OptionError),
      checkSize(fn, 'options.resize[1]', resizeOption[1], LIMITS.imageSide, LimitError, OptionError),
    ];
    if (givenShape && (givenShape[0] !== resize[0] || givenShape[1] !== resize[1])) {
      throw new OptionError({
        functionName: fn,
        argument: 'options.shape',
        expected: `the size of options.resize [${resize.join(', ')}]`,
        actual: describe(auditOptions.shape),
      });
    }
  }
  const labelValues = await readLabels(fn, labelsOption);
  const paths = await listImages(fn, folder, recursive);
  if (labelValues !== undefined && (labelValues === null || typeof labelValues !== 'object' || labelValues.length !== paths.length)) {
    throw new LabelError({
      functionName: fn,
      argument: 'options.labels',
      expected: `one label per image file found (${paths.length})`,
      actual: labelValues !== null && typeof labelValues === 'object' ? `${labelValues.length} labels` : describe(labelValues),
    });
  }

  const probabilities =
    probabilitiesOption === undefined ? undefined : readProbabilities(fn, 'options.probabilities', probabilitiesOption);
  if (probabilities && probabilities.n !== paths.length) {
    throw new LabelError({
      functionName: fn,
      argument: 'options.probabilities',
      expected: `one row per image file found (${paths.length})`,
      actual: `${probabilities.n} rows`,
    });
  }
  const perFile = labelValues !== undefined || probabilities !== undefined;

  // Pass 1: the size each file declares (headers only), for the expected shape and to skip what cannot be decoded.
  const unreadable: { file: string; reason: string }[] = [];
  const readable: { path: string; index: number }[] = [];
  const sizes: [number, number][] = [];
  for (const [index, path] of paths.entries()) {
    try {
      const size = await readDeclaredSize(fn, path);
      // With labels, a file must be known to decode before the audit starts (its label is kept or dropped up front).
      if (perFile) decodeImage(await readBytes(path), { channels }).dispose();
      sizes.push(size);
      readable.push({ path, index });
    } catch (error) {
      unreadable.push({ file: relative(folder, path), reason: (error as Error).message });
    }
  }
  const common = resize ?? majority(sizes);
  const shape: [number, number, number] | undefined = givenShape ?? (common ? [common[0], common[1], channels] : undefined);

  // Pass 2: decode in batches of one shape and stream them through the audit.
  const files: string[] = [];
  const keptLabels = labelValues === undefined ? undefined : readable.map(({ index }) => labelValues[index]!);
  const keptProbabilities =
    probabilities === undefined
      ? undefined
      : readable.map(({ index }) => probabilities.values.subarray(index * probabilities.k, (index + 1) * probabilities.k));
  const batchSize = auditOptions.batchSize ?? 512;
  let pending: tf.Tensor3D[] = [];
  function* flush(): Generator<tf.Tensor4D> {
    if (pending.length === 0) return;
    const batch = tf.stack(pending) as tf.Tensor4D;
    tf.dispose(pending);
    pending = [];
    try {
      yield batch;
    } finally {
      batch.dispose();
    }
  }
  async function* decodeAll(): AsyncGenerator<tf.Tensor4D> {
    for (const { path } of readable) {
      let image: tf.Tensor3D;
      try {
        const decoded = decodeImage(await readBytes(path), { channels });
        image = resize ? tf.tidy(() => tf.image.resizeBilinear(decoded, resize, true)) : decoded;
        if (resize) decoded.dispose();
      } catch (error) {
        if (perFile) {
          // Its label is already in the audit: the folder changed while it was read.
          throw new FileError({
            functionName: fn,
            argument: 'folder',
            expected: 'files that stay readable during the audit',
            actual: `${describe(relative(folder, path))}, which decoded before and now fails (${(error as Error).message})`,
            cause: error,
          });
        }
        unreadable.push({ file: relative(folder, path), reason: (error as Error).message });
        continue;
      }
      files.push(relative(folder, path));
      // A batch holds images of one shape: a different shape starts a new batch (flagged `shape` by the audit).
      if (pending.length > 0 && pending[0]!.shape.join('x') !== image.shape.join('x')) yield* flush();
      pending.push(image);
      if (pending.length >= batchSize) yield* flush();
    }
    yield* flush();
  }
  async function* batches(): AsyncGenerator<tf.Tensor4D> {
    try {
      yield* decodeAll();
    } finally {
      tf.dispose(pending);
    }
  }
  const report = await auditAs(fn, batches(), {
    ...auditOptions,
    ...(shape ? { shape } : {}),
    ...(keptLabels !== undefined ? { labels: keptLabels } : {}),
    ...(keptProbabilities !== undefined ? { probabilities: keptProbabilities } : {}),
    pixelRange: 'unit',
  });
  unreadable.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { report, files, unreadable };
}

function checkPath(fn: string, path: unknown): string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new FileError({ functionName: fn, argument: 'path', expected: 'a file path (a non-empty string)', actual: describe(path) });
  }
  return path;
}

async function writeAtomically(fn: string, path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileAtomicDurable(path, bytes);
  } catch (error) {
    throw new FileError({
      functionName: fn,
      argument: 'path',
      expected: 'a file that can be written',
      actual: `${describe(path)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      cause: error,
    });
  }
}

/**
 * Writes bytes to `path` atomically and durably: a temporary file in the same
 * folder, flushed to disk, renamed over `path`, then the folder flushed (the
 * house `writeFileAtomic`; missing parent folders are created).
 *
 * @deprecated Kept for one minor version: write files with your own atomic
 *   writer (for example `write-file-atomic`); data-clean's own writes
 *   (`writeContactSheet`) stay atomic.
 * @throws FileError for a path that is not a non-empty string or a write that fails (the Node error is the `cause`).
 * @example
 * await writeFileAtomic('report.json', new TextEncoder().encode(JSON.stringify(report)));
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const fn = 'writeFileAtomic';
  checkPath(fn, path);
  if (!(bytes instanceof Uint8Array)) {
    throw new FileError({ functionName: fn, argument: 'bytes', expected: 'a Uint8Array', actual: describe(bytes) });
  }
  await writeAtomically(fn, path, bytes);
}

/**
 * `contactSheet` written to a PNG file atomically and durably (temporary file,
 * flush, rename; missing parent folders are created).
 *
 * @throws as `contactSheet`; FileError for a bad path or a failed write.
 * @example
 * await writeContactSheet('flagged.png', tf.gather(images, report.flagged()), { columns: 16 });
 */
export async function writeContactSheet(
  path: string,
  images: tf.Tensor4D | readonly tf.Tensor3D[],
  options: ContactSheetOptions = {},
): Promise<void> {
  const fn = 'writeContactSheet';
  checkPath(fn, path);
  await writeAtomically(fn, path, await contactSheetAs(fn, images, options));
}
