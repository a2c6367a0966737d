/**
 * Node-only helpers (`@ganforge/data-clean/node`): audit a folder of PNG/JPEG
 * files and write PNG contact sheets atomically.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { audit } from './audit';
import type { AuditReport } from './audit-report';
import { type ContactSheetOptions, contactSheet } from './contact-sheet';
import { type DecodeImageOptions, decodeImage } from './decode-image';
import { OptionError } from './errors';
import type { AuditOptions } from './options';

/**
 * Options of `auditFolder`: those of `audit` (`range` is fixed to `[0, 1]`,
 * the decoded range) plus how files are found and decoded.
 *
 * @example
 * const options: AuditFolderOptions = { recursive: true, channels: 1, resize: [64, 64] };
 */
export interface AuditFolderOptions extends Omit<AuditOptions, 'range'>, DecodeImageOptions {
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
  /** Files that could not be read or decoded, with the reason. */
  unreadable: { file: string; reason: string }[];
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

async function listImages(folder: string, recursive: boolean): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
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

/**
 * Audits every `.png`, `.jpg` and `.jpeg` file of a folder, decoded with
 * `fast-png` and `jpeg-js` into [0, 1]. Files are decoded and audited in
 * batches, so a folder of any size fits in memory. Files that cannot be read
 * or decoded are listed in `unreadable` (the audit goes on); images whose size
 * differs from the first one (or `options.shape`) are flagged `shape` unless
 * `resize` is given.
 *
 * @throws OptionError for bad options; ShapeError/LabelError as `audit`.
 * @example
 * const { report, files, unreadable } = await auditFolder('photos/', { resize: [128, 128] });
 * for (const i of report.flagged('blurry')) console.log('blurry:', files[i]);
 */
export async function auditFolder(folder: string, options: AuditFolderOptions = {}): Promise<FolderAudit> {
  const { recursive = false, channels, resize, ...auditOptions } = options;
  if (resize !== undefined && !(Array.isArray(resize) && resize.length === 2 && resize.every((d) => Number.isInteger(d) && d > 0))) {
    throw new OptionError('auditFolder', 'options.resize', '[height, width] of positive integers', JSON.stringify(resize));
  }
  const paths = await listImages(folder, recursive);
  const files: string[] = [];
  const unreadable: { file: string; reason: string }[] = [];
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
    for (const path of paths) {
      let image: tf.Tensor3D;
      try {
        const decoded = decodeImage(new Uint8Array(await readFile(path)), channels === undefined ? {} : { channels });
        image = resize ? tf.tidy(() => tf.image.resizeBilinear(decoded, [resize[0], resize[1]], true)) : decoded;
        if (resize) decoded.dispose();
      } catch (error) {
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
  const report = await audit(batches(), { ...auditOptions, range: [0, 1] });
  return { report, files, unreadable };
}

/**
 * Writes bytes to `path` atomically: a temporary file in the same folder, then a rename.
 *
 * @example
 * await writeFileAtomic('report.json', new TextEncoder().encode(JSON.stringify(report)));
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * `contactSheet` written to a PNG file atomically.
 *
 * @example
 * await writeContactSheet('flagged.png', tf.gather(images, report.flagged()), { columns: 16 });
 */
export async function writeContactSheet(
  path: string,
  images: tf.Tensor4D | readonly tf.Tensor3D[],
  options: ContactSheetOptions = {},
): Promise<void> {
  await writeFileAtomic(path, await contactSheet(images, options));
}
