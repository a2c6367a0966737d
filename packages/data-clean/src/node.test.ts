import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { encode as encodePng, decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { auditFolder, writeContactSheet } from './node';

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
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    x.dispose();
  });
});
