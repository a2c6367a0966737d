import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { type AuditReport, audit, DEFAULT_THRESHOLDS, DtypeError, LabelError, LimitError, OptionError, ShapeError, TensorError } from './index';

/** A 4×4 gray image from 16 values. */
const image = (values: number[]) => tf.tensor3d(values, [4, 4, 1]);
const zeros16 = () => new Array(16).fill(0);

describe('audit: per-image scores on hand-computed images', () => {
  it('scores invalid values, exposure, contrast, entropy and blur', async () => {
    const constant = new Array(16).fill(0.5);
    const withNaN = [...constant];
    withNaN[3] = Number.NaN;
    const outOfRange = [...constant];
    outOfRange[0] = 2;
    outOfRange[1] = -1;
    const dot = zeros16();
    dot[5] = 1; // (1, 1)
    const halves = [...new Array(8).fill(0), ...new Array(8).fill(1)];
    const dim = zeros16().map((_, i) => (i % 2) * 0.1);
    const light = zeros16().map((_, i) => 0.9 + (i % 2) * 0.1);
    const x = tf.stack([constant, withNaN, outOfRange, dot, halves, dim, light].map(image)) as tf.Tensor4D;
    const report = await audit(x, { checks: ['nonFinite', 'outOfRange', 'constant', 'dark', 'bright', 'lowContrast', 'lowInformation', 'blurry'] });
    const s = report.scores;
    expectClose(Array.from(s.nonFinite!), [0, 1 / 16, 0, 0, 0, 0, 0]);
    expectClose(Array.from(s.outOfRange!), [0, 0, 2 / 16, 0, 0, 0, 0]);
    // Spread (max − min) / span; NaN-bearing images get no appearance scores.
    expectClose(Array.from(s.constant!), [0, Number.NaN, 3, 1, 1, 0.1, 0.1]);
    // 1% of 16 pixels rounds up to 1: p99 is the maximum luma, p1 the minimum (values clipped to the range).
    expectClose(Array.from(s.dark!), [0.5, Number.NaN, 1, 1, 1, 0.1, 1]);
    expectClose(Array.from(s.bright!), [0.5, Number.NaN, 0, 0, 0, 0, 0.9]);
    // Std of luma: the dot is 1 of 16 → sqrt(1/16 − 1/256); halves → 0.5.
    expectClose(Array.from(s.lowContrast!), [0, Number.NaN, Math.sqrt(2 * (0.5 * 0.5) / 16 + 0), Math.sqrt(1 / 16 - 1 / 256), 0.5, 0.05, 0.05], { atol: 1e-5 });
    // Entropy in bits: one value → 0, two equal halves → 1, 15:1 → H(1/16).
    const h = (p: number) => -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
    expectClose(Array.from(s.lowInformation!), [0, Number.NaN, h(2 / 16) + (2 / 16) * 1, h(1 / 16), 1, 1, 1], { atol: 1e-5 });
    // Laplacian of the dot image (valid 2×2): [-4, 1, 1, 0] → variance 4.25.
    expectClose(s.blurry![3]!, 4.25, { atol: 1e-5 });
    expect(report.flagged('nonFinite')).toEqual([1]);
    expect(report.flagged('outOfRange')).toEqual([2]);
    expect(report.flagged('constant')).toEqual([0]);
    expect(report.flagged('dark')).toEqual([5]);
    expect(report.flagged('bright')).toEqual([6]);
    expect(report.flagged('lowInformation')).toEqual([0]);
    expect(report.issuesOf(0)).toEqual(['constant', 'lowContrast', 'lowInformation', 'blurry']);
    tf.dispose(x);
  });

  it('maps the declared range and weighs RGB into luma', async () => {
    const rgb = tf.tensor4d(
      Array.from({ length: 16 }, (_, i) => (i === 0 ? [255, 0, 0] : [0, 0, 255])).flat(),
      [1, 4, 4, 3],
    );
    const report = await audit(rgb, { pixelRange: 'uint8', checks: ['dark', 'bright', 'outOfRange'] });
    expectClose(report.scores.dark![0]!, 0.299, { atol: 1e-5 });
    expectClose(report.scores.bright![0]!, 0.114, { atol: 1e-5 });
    expect(report.counts.outOfRange).toBe(0);
    expect(report.pixelRange).toEqual([0, 255]);
    const custom = await audit(rgb, { pixelRange: [0, 510], checks: ['dark'] });
    expectClose(custom.scores.dark![0]!, 0.299 / 2, { atol: 1e-5 });
    rgb.dispose();
  });

  it('still takes the deprecated `range` option, with a warning, until the next minor version', async () => {
    const x = tf.tensor4d(Array.from({ length: 16 }, (_, i) => i * 17), [1, 4, 4, 1]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const old = await audit(x, { range: [0, 255], checks: ['dark'] });
      const now = await audit(x, { pixelRange: 'uint8', checks: ['dark'] });
      expect(old.scores.dark).toEqual(now.scores.dark);
      expect(old.pixelRange).toEqual([0, 255]);
      expect(old.range).toEqual([0, 255]);
      expect(old.toJSON().pixelRange).toEqual([0, 255]);
      expect(warn.mock.calls.flat().join('\n')).toMatch(/audit: options.range is deprecated .* use options.pixelRange/);
      await expect(audit(x, { range: [0, 255], pixelRange: 'uint8' })).rejects.toThrow(OptionError);
    } finally {
      warn.mockRestore();
      x.dispose();
    }
  });

  it('takes int32 images', async () => {
    const x = tf.tensor4d(Array.from({ length: 32 }, (_, i) => (i < 16 ? 7 : i)), [2, 4, 4, 1], 'int32');
    const report = await audit(x, { pixelRange: 'uint8', checks: ['constant'] });
    expect(report.flagged('constant')).toEqual([0]);
    expect(x.dtype).toBe('int32');
    x.dispose();
  });
});

/** A 16×16 image with a bright square at (top, left). */
function square(top: number, left: number, size = 5, value = 1): number[] {
  const out = new Array(256).fill(0);
  for (let y = top; y < top + size; y++) for (let x = left; x < left + size; x++) out[y * 16 + x] = value;
  return out;
}
function cross(top: number, left: number): number[] {
  const out = new Array(256).fill(0);
  for (let i = 0; i < 7; i++) {
    out[(top + 3) * 16 + left + i] = 1;
    out[(top + i) * 16 + left + 3] = 1;
  }
  return out;
}
function ring(top: number, left: number): number[] {
  const out = new Array(256).fill(0);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) if (y === 0 || x === 0 || y === 7 || x === 7) out[(top + y) * 16 + left + x] = 0.8;
  return out;
}

describe('audit: duplicates', () => {
  it('groups exact copies and shifted or brightened copies, keeping the first of each group', async () => {
    const images = [
      square(5, 5), // 0
      cross(4, 4), // 1
      ring(4, 4), // 2
      square(5, 5), // 3 exact copy of 0
      cross(6, 5), // 4 cross shifted by (2, 1)
      ring(4, 4).map((v) => (v > 0 ? 0.6 : 0)), // 5 darker ring
      square(2, 2, 3), // 6 a smaller square: not a duplicate
    ];
    const x = tf.tensor4d(images.flat(), [images.length, 16, 16, 1]);
    const report = await audit(x, { checks: ['exactDuplicate', 'nearDuplicate'] });
    expect(report.exactDuplicateGroups).toEqual([[0, 3]]);
    expect(report.flagged('exactDuplicate')).toEqual([3]);
    expect(report.nearDuplicateGroups).toEqual([
      [1, 4],
      [2, 5],
    ]);
    expect(report.flagged('nearDuplicate')).toEqual([4, 5]);
    expect(Array.from(report.scores.exactDuplicate!)).toEqual([2, 1, 1, 2, 1, 1, 1]);
    const pair = report.nearDuplicatePairs.find((p) => p.a === 1)!;
    expect(pair.b).toBe(4);
    expect(pair.distance).toBeLessThan(DEFAULT_THRESHOLDS.nearDuplicate);
    expect(pair.dHash).toBeLessThanOrEqual(64);
    expect(report.scores.nearDuplicate![6]!).toBeGreaterThan(DEFAULT_THRESHOLDS.nearDuplicate);
    x.dispose();
  });
});

describe('audit: inputs', () => {
  it('flags wrong shapes and channel counts in a list of images', async () => {
    const good = () => tf.fill([4, 4, 1], 0.5) as tf.Tensor3D;
    const list = [good(), tf.zeros([5, 4, 1]) as tf.Tensor3D, good(), tf.zeros([4, 4, 3]) as tf.Tensor3D, good()];
    const report = await audit(list, { checks: ['constant'] });
    expect(report.shape).toEqual([4, 4, 1]);
    expect(report.flagged('shape')).toEqual([1, 3]);
    expect(report.badShapes.get(1)).toBe('[5, 4, 1]');
    expect(report.badShapes.get(3)).toBe('[4, 4, 3]');
    expect(Number.isNaN(report.scores.constant![1]!)).toBe(true);
    expect(report.flagged('constant')).toEqual([0, 2, 4]);
    const forced = await audit(list, { shape: [4, 4, 3], checks: ['constant'] });
    expect(forced.flagged('shape')).toEqual([0, 1, 2, 4]);
    tf.dispose(list);
  });

  it('gives the same report for a tensor, a list and a stream of batches', async () => {
    const images = Array.from({ length: 12 }, (_, i) => square(i % 8, (3 * i) % 9, 3 + (i % 4), 0.5 + 0.04 * i));
    const x = tf.tensor4d(images.flat(), [12, 16, 16, 1]);
    const labels = Array.from({ length: 12 }, (_, i) => i % 2);
    const stages: string[] = [];
    const fromTensor = await audit(x, { labels, batchSize: 5, onStage: (stage) => stages.push(stage) });
    expect(stages).toEqual(['features', 'embedding', 'neighbours', 'duplicates']);
    const list = tf.unstack(x) as tf.Tensor3D[];
    const fromList = await audit(list, { labels, batchSize: 4 });
    async function* stream() {
      for (let start = 0; start < 12; start += 7) {
        const batch = tf.slice(x, [start, 0, 0, 0], [Math.min(7, 12 - start), -1, -1, -1]);
        yield batch;
        batch.dispose();
      }
    }
    const fromStream = await audit(stream(), { labels: tf.tensor1d(labels), batchSize: 3 });
    const strip = (r: AuditReport) => ({ ...r.toJSON(), seconds: 0 });
    expect(strip(fromList)).toEqual(strip(fromTensor));
    expect(strip(fromStream)).toEqual(strip(fromTensor));
    expect(fromTensor.checks).toContain('labelIssue');
    tf.dispose([x, ...list]);
  });

  it('serializes to JSON with NaN as null', async () => {
    const x = tf.tensor4d([Number.NaN, ...new Array(15).fill(0.2)], [1, 4, 4, 1]);
    const report = await audit(x);
    const json = JSON.parse(JSON.stringify(report));
    expect(json.size).toBe(1);
    expect(json.counts.nonFinite).toBe(1);
    expect(json.flagged.nonFinite).toEqual([0]);
    expect(json.scores.dark).toEqual([null]);
    expect(json.thresholds).toEqual(DEFAULT_THRESHOLDS);
    expect(String(report)).toMatch(/audit of 1 images/);
    x.dispose();
  });

  it('leaks no tensors and leaves its input alone', async () => {
    const x = tf.tensor4d([...square(5, 5), ...cross(4, 4), ...square(5, 5)], [3, 16, 16, 1]);
    const before = x.dataSync().slice();
    await expectNoLeaks(() => audit(x, { labels: [0, 1, 0] }).then(() => undefined));
    expect(x.isDisposed).toBe(false);
    expect(x.dataSync()).toEqual(before);
    x.dispose();
  });
});

describe('audit: errors', () => {
  it('rejects bad images with ShapeError, DtypeError and TensorError', async () => {
    const x = tf.zeros([28, 28, 1]);
    await expect(audit(x as unknown as tf.Tensor4D)).rejects.toThrow(ShapeError);
    await expect(audit(x as unknown as tf.Tensor4D)).rejects.toThrow('audit: images must be rank 4 [batch, h, w, c], got rank 3 [28, 28, 1]');
    const b = tf.zeros([1, 4, 4, 1], 'bool');
    await expect(audit(b as tf.Tensor4D)).rejects.toThrow(DtypeError);
    await expect(audit(b as tf.Tensor4D)).rejects.toThrow('audit: images must be a float32 or int32 tensor, got dtype bool');
    await expect(audit(42 as unknown as tf.Tensor4D)).rejects.toThrow(TensorError);
    await expect(audit(42 as unknown as tf.Tensor4D)).rejects.toThrow('audit: images must be a Tensor4D [batch, h, w, c], an array of Tensor3D or an iterable of Tensor4D batches, got 42');
    await expect(audit(null as never)).rejects.toThrow(TensorError);
    const dead = tf.zeros([2, 4, 4, 1]);
    dead.dispose();
    await expect(audit(dead as tf.Tensor4D)).rejects.toThrow('audit: images must be a tf.Tensor that is not disposed, got disposed float32 tensor [2, 4, 4, 1]');
    await expect(audit([dead as never])).rejects.toThrow('audit: images[0] must be a tf.Tensor that is not disposed, got disposed float32 tensor [2, 4, 4, 1]');
    async function* badStream() {
      yield tf.zeros([4, 4, 1]) as unknown as tf.Tensor4D;
    }
    await expect(audit(badStream())).rejects.toThrow('audit: images batch 0 must be a Tensor4D [batch, h, w, c], got rank 3 [4, 4, 1]');
    tf.dispose([x, b]);
  });

  it('rejects bad options with OptionError and bad labels with LabelError', async () => {
    const x = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
    await expect(audit(x, { pixelRange: [1, 0] })).rejects.toThrow(OptionError);
    await expect(audit(x, { pixelRange: [1, 0] })).rejects.toThrow(
      "audit: options.pixelRange must be a pixel range: 'uint8' | 'unit' | 'symmetric' or [min, max] with finite min < max, got [1, 0]",
    );
    await expect(audit(x, { checks: ['sharp' as never] })).rejects.toThrow(/audit: options.checks\[0\] must be one of 'shape', .*got 'sharp'/);
    await expect(audit(x, { thresholds: { outlier: -1 } })).rejects.toThrow('audit: options.thresholds.outlier must be a number >= 0, got -1');
    await expect(audit(x, { thresholds: { outlire: 1 } as never })).rejects.toThrow(/audit: options.thresholds.outlire must be a known option \(did you mean 'outlier'\?\)/);
    await expect(audit(x, { batchSize: 0 })).rejects.toThrow('audit: options.batchSize must be a positive integer <= 65536 (the limit of batchSize), got 0');
    await expect(audit(x, { batchSize: 1e9 })).rejects.toThrow(LimitError);
    await expect(audit(x, { shape: [1e6, 4, 1] })).rejects.toThrow(LimitError);
    await expect(audit(x, { onStage: 'features' as never })).rejects.toThrow('audit: options.onStage must be a function or undefined');
    await expect(audit(x, { labels: [1] })).rejects.toThrow(LabelError);
    await expect(audit(x, { labels: [1] })).rejects.toThrow('audit: options.labels must be one label per image (2), got 1 labels');
    await expect(audit(x, { labels: [1, Number.NaN] })).rejects.toThrow('audit: options.labels[1] must be a finite number, got NaN');
    const l2 = tf.zeros([2, 1]);
    await expect(audit(x, { labels: l2 as tf.Tensor1D })).rejects.toThrow('audit: options.labels must be a rank-1 tensor or array, one label per image, got float32 tensor [2, 1]');
    const deadLabels = tf.tensor1d([0, 1]);
    deadLabels.dispose();
    await expect(audit(x, { labels: deadLabels })).rejects.toThrow(TensorError);
    tf.dispose([x, l2]);
  });

  it('rejects misspelled option keys with a did-you-mean, never ignoring them', async () => {
    const x = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
    const error = await audit(x, { lables: [0, 1] } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptionError);
    expect((error as OptionError).message).toMatch(/^audit: options.lables must be a known option \(did you mean 'labels'\?\): labels, .*, got the unknown key 'lables'$/);
    expect((error as OptionError).functionName).toBe('audit');
    expect((error as OptionError).argument).toBe('options.lables');
    await expect(audit(x, { treshholds: {} } as never)).rejects.toThrow(/did you mean 'thresholds'/);
    await expect(audit(x, null as never)).rejects.toThrow('audit: options must be an options object or undefined, got null');
    x.dispose();
  });
});

describe('AuditReport', () => {
  it('checks the issues and indices it is asked about', async () => {
    const x = tf.tensor4d([...new Array(16).fill(0), ...Array.from({ length: 16 }, (_, i) => i / 15)], [2, 4, 4, 1]);
    const report = await audit(x, { checks: ['constant'] });
    expect(report.flagged('constant')).toEqual([0]);
    expect(report.issuesOf(0)).toEqual(['constant']);
    expect(() => report.flagged('constnt' as never)).toThrow("AuditReport.flagged: issues must be one of 'shape', ");
    expect(() => report.flagged('constnt' as never)).toThrow("(did you mean 'constant'?), got 'constnt'");
    expect(() => report.flagged(null as never)).toThrow(OptionError);
    expect(() => report.issuesOf(2)).toThrow('AuditReport.issuesOf: index must be an integer in [0, 1], got 2');
    x.dispose();
  });
});
