import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { encode as encodePng, decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { FileError, LabelError, LimitError, OptionError, TensorError } from './errors';
import { auditFolder, writeContactSheet, writeFileAtomic } from './node';
import { hugePng } from './testing/images';

const dir = mkdtempSync(join(tmpdir(), 'data-clean-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gray = (width: number, height: number, f: (i: number) => number) =>
  encodePng({ width, height, data: Uint8Array.from({ length: width * height }, (_, i) => f(i)), channels: 1, depth: 8 });

describe('auditFolder', () => {
  it('audits PNG and JPEG files, reports the unreadable ones and flags other sizes', async () => {
    const folder = join(dir, 'images');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, 'a.png'), gray(8, 8, (i) => (i * 37) % 256));
    writeFileSync(join(folder, 'b.png'), gray(8, 8, () => 0));
    writeFileSync(join(folder, 'c.png'), gray(8, 8, (i) => (i * 37) % 256));
    writeFileSync(join(folder, 'd.PNG'), gray(6, 8, (i) => i * 4));
    const rgba = new Uint8Array(8 * 8 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 11) % 256));
    writeFileSync(join(folder, 'e.jpg'), jpeg.encode({ width: 8, height: 8, data: rgba }, 90).data);
    writeFileSync(join(folder, 'f.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]));
    writeFileSync(join(folder, 'g.jpeg'), 'not an image');
    writeFileSync(join(folder, 'notes.txt'), 'skipped');
    writeFileSync(join(folder, 'sub', 'h.png'), gray(8, 8, () => 128));
    const { report, files, unreadable } = await auditFolder(folder, { checks: ['constant', 'exactDuplicate'], batchSize: 2 });
    expect(files).toEqual(['a.png', 'b.png', 'c.png', 'd.PNG', 'e.jpg']);
    expect(unreadable.map((u) => u.file)).toEqual(['f.png', 'g.jpeg']);
    expect(unreadable[0]!.reason).toBe('auditFolder: file must be a valid PNG image, got 9 bytes (cut short before the image size)');
    expect(unreadable[1]!.reason).toBe('auditFolder: file must be a PNG or JPEG image, got 12 bytes (not a PNG or JPEG file)');
    expect(report.size).toBe(5);
    expect(report.shape).toEqual([8, 8, 3]);
    expect(report.flagged('shape')).toEqual([3]);
    expect(report.flagged('constant')).toEqual([1]);
    expect(report.flagged('exactDuplicate')).toEqual([2]);
    const deep = await auditFolder(folder, { recursive: true, resize: [8, 8], channels: 1, checks: ['constant'] });
    expect(deep.files).toEqual(['a.png', 'b.png', 'c.png', 'd.PNG', 'e.jpg', 'sub/h.png']);
    expect(deep.report.shape).toEqual([8, 8, 1]);
    expect(deep.report.counts.shape).toBe(0);
    expect(deep.report.flagged('constant')).toEqual([1, 5]);
    await expectNoLeaks(() => auditFolder(folder, { resize: [8, 8], batchSize: 2 }).then(() => undefined));
  });

  it('takes the expected shape from the majority of the files and flags the minority', async () => {
    const folder = join(dir, 'majority');
    mkdirSync(folder);
    // A 1×1 image that sorts first, then 12 good 28×28 images.
    writeFileSync(join(folder, '000.png'), gray(1, 1, () => 200));
    for (let k = 1; k <= 12; k++) writeFileSync(join(folder, `${String(k).padStart(3, '0')}.png`), gray(28, 28, (i) => (i * (k + 3) * 7) % 256));
    const { report, files } = await auditFolder(folder, { channels: 1, checks: ['constant'] });
    expect(files.length).toBe(13);
    expect(report.shape).toEqual([28, 28, 1]);
    expect(report.flagged('shape')).toEqual([0]);
    expect(report.badShapes).toEqual(new Map([[0, '[1, 1, 1]']]));
    // The shape option wins over the majority.
    const forced = await auditFolder(folder, { channels: 1, shape: [1, 1, 1], checks: ['constant'] });
    expect(forced.report.counts.shape).toBe(12);
    // Channels follow the shape option when not given.
    expect((await auditFolder(folder, { shape: [28, 28, 1], checks: ['constant'] })).report.flagged('shape')).toEqual([0]);
    await expect(auditFolder(folder, { shape: [28, 28, 1], channels: 3 })).rejects.toThrow(OptionError);
    await expect(auditFolder(folder, { shape: [28, 28, 1], channels: 1, resize: [8, 8] })).rejects.toThrow(
      'auditFolder: options.shape must be the size of options.resize [8, 8], got [28, 28, 1]',
    );
  });

  it('lists files whose header declares a size past the limits as unreadable, before decoding them', async () => {
    const folder = join(dir, 'huge');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.png'), gray(4, 4, (i) => i * 16));
    writeFileSync(join(folder, 'b.png'), hugePng(60000, 60000));
    const { files, unreadable, report } = await auditFolder(folder, { checks: ['constant'] });
    expect(files).toEqual(['a.png']);
    expect(unreadable).toEqual([
      { file: 'b.png', reason: 'auditFolder: file must be an image with sides <= 16384 (LIMITS.imageSide), got a PNG header declaring 60000×60000 pixels' },
    ]);
    expect(report.size).toBe(1);
  });

  it('takes one label per image file found and drops those of unreadable files', async () => {
    const folder = join(dir, 'labelled');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.png'), gray(8, 8, (i) => (i * 37) % 256));
    writeFileSync(join(folder, 'b.png'), 'broken');
    writeFileSync(join(folder, 'c.png'), gray(8, 8, (i) => (i * 53) % 256));
    const { report, files } = await auditFolder(folder, { labels: [4, 5, 6], checks: ['constant'] });
    expect(files).toEqual(['a.png', 'c.png']);
    expect(report.size).toBe(2);
    // Probability rows follow the files the same way: the row of b.png is dropped.
    const withProbabilities = await auditFolder(folder, {
      labels: [0, 1, 1],
      probabilities: [
        [0.9, 0.1],
        [0.5, 0.5],
        [0.2, 0.8],
      ],
      checks: ['labelIssue'],
    });
    expect(withProbabilities.files).toEqual(['a.png', 'c.png']);
    expect(Array.from(withProbabilities.report.scores.labelIssue!)).toEqual([0.9, 0.8].map(Math.fround));
    await expect(auditFolder(folder, { labels: [0, 1, 1], probabilities: [[0.9, 0.1]] })).rejects.toThrow(
      'auditFolder: options.probabilities must be one row per image file found (3), got 1 rows',
    );
    await expect(auditFolder(folder, { labels: [1, 2] })).rejects.toThrow(LabelError);
    await expect(auditFolder(folder, { labels: [1, 2] })).rejects.toThrow('auditFolder: options.labels must be one label per image file found (3), got 2 labels');
    const dead = tf.tensor1d([1, 2, 3]);
    dead.dispose();
    await expect(auditFolder(folder, { labels: dead })).rejects.toThrow(TensorError);
  });

  it('rejects unknown options, channels other than 1 or 3, and a missing folder', async () => {
    await expect(auditFolder(dir, { recursve: true } as never)).rejects.toThrow(/auditFolder: options.recursve must be a known option \(did you mean 'recursive'\?\)/);
    await expect(auditFolder(dir, { range: [0, 1] } as never)).rejects.toThrow(OptionError);
    await expect(auditFolder(dir, { channels: 2 as never })).rejects.toThrow("auditFolder: options.channels must be one of 1, 3, got 2");
    const missing = join(dir, 'no-such-folder');
    const error = await auditFolder(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).message).toBe(`auditFolder: folder must be an existing folder, got '${missing}' (ENOENT)`);
    expect(((error as FileError).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    writeFileSync(join(dir, 'plain.txt'), 'x');
    await expect(auditFolder(join(dir, 'plain.txt'))).rejects.toThrow(/auditFolder: folder must be a folder, got the file/);
    await expect(auditFolder(null as never)).rejects.toThrow(FileError);
    await expect(auditFolder(dir, { resize: [1e6, 8] })).rejects.toThrow(LimitError);
  });

  it('rejects a bad resize option', async () => {
    await expect(auditFolder(dir, { resize: [0, 4] })).rejects.toThrow(
      'auditFolder: options.resize[0] must be a positive integer <= 16384 (LIMITS.imageSide), got 0',
    );
  });
});

describe('writeContactSheet', () => {
  it('writes the PNG atomically (no temporary file left)', async () => {
    const x = tf.ones([2, 3, 3, 1]) as tf.Tensor4D;
    const path = join(dir, 'sheet.png');
    await writeContactSheet(path, x, { scale: 1, padding: 1 });
    const png = decodePng(readFileSync(path));
    expect([png.width, png.height]).toEqual([9, 5]);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    await expect(writeContactSheet(path, x, { scael: 2 } as never)).rejects.toThrow(/writeContactSheet: options.scael must be a known option \(did you mean 'scale'\?\)/);
    await expect(writeContactSheet(path, x, { scale: 1e5 })).rejects.toThrow(LimitError);
    await expect(writeContactSheet(null as never, x)).rejects.toThrow(FileError);
    x.dispose();
  });
});

describe('writeFileAtomic (deprecated)', () => {
  it('still writes atomically through the house writer, creating parent folders', async () => {
    const path = join(dir, 'nested', 'out.bin');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect(Array.from(readFileSync(path))).toEqual([1, 2, 3]);
    await writeFileAtomic(path, new Uint8Array([4]));
    expect(Array.from(readFileSync(path))).toEqual([4]);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['out.bin']);
    await expect(writeFileAtomic(null as never, new Uint8Array(1))).rejects.toThrow('writeFileAtomic: path must be a file path (a non-empty string), got null');
    await expect(writeFileAtomic(path, 'text' as never)).rejects.toThrow(FileError);
    writeFileSync(join(dir, 'blocker'), 'a file, not a folder');
    const error = await writeFileAtomic(join(dir, 'blocker', 'x.bin'), new Uint8Array(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).cause).toBeInstanceOf(Error);
  });
});
