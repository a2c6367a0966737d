import { checkAllocation, checkOptions, checkSize, checkTensor, describe, LIMITS, type PixelRange, resolvePixelRange } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { encode } from 'fast-png';
import { AuditReport } from './audit-report';
import { LimitError, OptionError, ReportError, ShapeError, TensorError } from './errors';
import { fail } from './internal/kinds';
import type { LabelIssueEntry, LabelIssueSummary } from './label-issue-summary';

/**
 * Options of `labelIssueSheet`.
 *
 * @example
 * const options: LabelIssueSheetOptions = { top: 50, columns: 10, scale: 3 };
 */
export interface LabelIssueSheetOptions {
  /** How many issues to show, from the top of the ranking. Default `50`. */
  top?: number;
  /** Tiles per row. Default `10`. */
  columns?: number;
  /** Integer upscaling of each image and of the caption font. Default `2`. */
  scale?: number;
  /** Pixel range of the images: `'unit'`, `'uint8'`, `'symmetric'` or `[min, max]`. Default `'unit'`. */
  pixelRange?: PixelRange;
}

const KNOWN = ['top', 'columns', 'scale', 'pixelRange'] as const;

/** 3×5 glyphs, one row of three bits per line (most significant bit left). */
const GLYPHS: Record<string, number[]> = {
  '0': [7, 5, 5, 5, 7],
  '1': [2, 6, 2, 2, 7],
  '2': [7, 1, 7, 4, 7],
  '3': [7, 1, 7, 1, 7],
  '4': [5, 5, 7, 1, 1],
  '5': [7, 4, 7, 1, 7],
  '6': [7, 4, 7, 5, 7],
  '7': [7, 1, 1, 1, 1],
  '8': [7, 5, 7, 5, 7],
  '9': [7, 5, 7, 1, 7],
  '>': [4, 2, 1, 2, 4],
  '-': [0, 0, 7, 0, 0],
  '.': [0, 0, 0, 0, 2],
  '?': [7, 1, 3, 0, 2],
  ' ': [0, 0, 0, 0, 0],
};
const GIVEN = [255, 96, 96];
const ARROW = [200, 200, 200];
const SUGGESTED = [96, 255, 96];

function caption(value: number): string {
  const text = Number.isInteger(value) ? String(value) : value.toFixed(2);
  return [...text].map((c) => (c in GLYPHS ? c : '?')).join('');
}

function entriesOf(fn: string, issues: unknown): LabelIssueEntry[] {
  if (issues instanceof AuditReport) {
    if (!issues.labelIssues) fail(ReportError, fn, 'issues', 'a report of an audit with labels', 'a report without label issues');
    return issues.labelIssues.issues;
  }
  if (issues !== null && typeof issues === 'object' && Array.isArray((issues as LabelIssueSummary).issues)) return (issues as LabelIssueSummary).issues;
  if (Array.isArray(issues)) return issues as LabelIssueEntry[];
  fail(ReportError, fn, 'issues', 'an AuditReport, its labelIssues or an array of { index, given, suggested }', describe(issues));
}

/**
 * A contact sheet (PNG bytes) of label issues for a person to review: the top-ranked flagged
 * images, each tile captioned with its given label (red) → suggested label (green) in a small
 * pixel font. An RGB PNG; inputs are not disposed.
 *
 * @param images The audited set: NHWC `Tensor4D` (or an array of `Tensor3D` of one shape),
 *   pixel values in `pixelRange`; `issues[i].index` indexes it.
 * @param issues An `AuditReport` of an audit with labels, its `labelIssues`, or entries
 *   `{ index, given, suggested }` in the order to show.
 * @throws ReportError (no label issues in the report, an index outside the images),
 *   OptionError, LimitError, TensorError, ShapeError.
 *
 * @example
 * const report = await audit(images, { labels });
 * writeFileSync('label-issues.png', await labelIssueSheet(images, report, { top: 50 }));
 */
export async function labelIssueSheet(
  images: tf.Tensor4D | readonly tf.Tensor3D[],
  issues: AuditReport | LabelIssueSummary | readonly LabelIssueEntry[],
  options?: LabelIssueSheetOptions,
): Promise<Uint8Array> {
  const fn = 'labelIssueSheet';
  const given = checkOptions(fn, options, KNOWN, OptionError);
  const top = checkSize(fn, 'options.top', given.top ?? 50, LIMITS.batch, LimitError, OptionError);
  const columns = checkSize(fn, 'options.columns', given.columns ?? 10, 1024, LimitError, OptionError);
  const scale = checkSize(fn, 'options.scale', given.scale ?? 2, 64, LimitError, OptionError);
  const [low, high] = resolvePixelRange(fn, 'options.pixelRange', given.pixelRange ?? 'unit', OptionError);
  let count: number;
  let shape: number[];
  if (Array.isArray(images)) {
    for (const [i, image] of images.entries()) checkTensor(fn, `images[${i}]`, image, TensorError);
    count = images.length;
    shape = images[0]?.shape ?? [1, 1, 1];
    images.forEach((image, i) => {
      if (image.rank !== 3 || image.shape.join() !== shape.join()) fail(ShapeError, fn, `images[${i}]`, `a Tensor3D of shape [${shape.join(', ')}]`, describe(image));
    });
  } else {
    const t = checkTensor<tf.Tensor>(fn, 'images', images, TensorError);
    if (t.rank !== 4) fail(ShapeError, fn, 'images', 'rank 4 [batch, h, w, c] or an array of Tensor3D', describe(t));
    count = t.shape[0]!;
    shape = t.shape.slice(1);
  }
  const shown = entriesOf(fn, issues).slice(0, top);
  shown.forEach((entry, i) => {
    if (!Number.isInteger(entry?.index) || entry.index < 0 || entry.index >= count) {
      fail(ReportError, fn, `issues[${i}].index`, `an image index in [0, ${count - 1}]`, describe(entry?.index));
    }
  });
  const [h, w, c] = shape as [number, number, number];
  const texts = shown.map((entry) => [caption(entry.given), '>', caption(entry.suggested)] as const);
  const longest = Math.max(1, ...texts.map(([a, b, s]) => a.length + b.length + s.length));
  const tileW = Math.max(w * scale, (longest * 4 + 1) * scale);
  const tileH = h * scale + 7 * scale;
  const cols = Math.max(1, Math.min(columns, shown.length));
  const rows = Math.max(1, Math.ceil(shown.length / cols));
  const pad = 2;
  const width = pad + cols * (tileW + pad);
  const height = pad + rows * (tileH + pad);
  for (const [name, side] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (side > LIMITS.imageSide) fail(LimitError, fn, `the sheet's ${name}`, `at most ${LIMITS.imageSide} px (LIMITS.imageSide)`, `${side} px`);
  }
  checkAllocation(fn, 'sheet', [height, width, 3], LimitError);
  const data = new Uint8Array(width * height * 3).fill(64);
  const pixels = tf.tidy(() => {
    const indices = tf.tensor1d(
      shown.map((e) => e.index),
      'int32',
    );
    const picked = Array.isArray(images)
      ? tf.stack(shown.map((e) => images[e.index]!))
      : tf.gather(images as tf.Tensor4D, indices);
    const x = tf.cast(picked, 'float32');
    const finite = tf.logicalNot(tf.logicalOr(tf.isNaN(x), tf.isInf(x)));
    const unit = tf.clipByValue(tf.div(tf.sub(tf.where(finite, x, tf.fill(x.shape, low)), low), high - low), 0, 1);
    const rgb = c >= 3 ? tf.slice(unit, [0, 0, 0, 0], [-1, -1, -1, 3]) : tf.tile(tf.slice(unit, [0, 0, 0, 0], [-1, -1, -1, 1]), [1, 1, 1, 3]);
    return tf.round(tf.mul(rgb, 255));
  });
  const values = shown.length > 0 ? await pixels.data() : new Float32Array();
  pixels.dispose();
  const put = (x: number, y: number, color: readonly number[]) => {
    const at = (y * width + x) * 3;
    data[at] = color[0]!;
    data[at + 1] = color[1]!;
    data[at + 2] = color[2]!;
  };
  shown.forEach((_, n) => {
    const left = pad + (n % cols) * (tileW + pad);
    const topY = pad + Math.floor(n / cols) * (tileH + pad);
    for (let y = 0; y < tileH; y++) for (let x = 0; x < tileW; x++) put(left + x, topY + y, [0, 0, 0]);
    const offset = Math.floor((tileW - w * scale) / 2);
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const source = ((n * h + Math.floor(y / scale)) * w + Math.floor(x / scale)) * 3;
        put(left + offset + x, topY + y, [values[source]!, values[source + 1]!, values[source + 2]!]);
      }
    }
    let cursor = left + scale;
    const baseline = topY + h * scale + scale;
    const [a, arrow, b] = texts[n]!;
    for (const [text, color] of [
      [a, GIVEN],
      [arrow, ARROW],
      [b, SUGGESTED],
    ] as const) {
      for (const ch of text) {
        const glyph = GLYPHS[ch]!;
        for (let gy = 0; gy < 5; gy++) {
          for (let gx = 0; gx < 3; gx++) {
            if (!((glyph[gy]! >> (2 - gx)) & 1)) continue;
            for (let sy = 0; sy < scale; sy++) for (let sx = 0; sx < scale; sx++) put(cursor + gx * scale + sx, baseline + gy * scale + sy, color);
          }
        }
        cursor += 4 * scale;
      }
    }
  });
  return encode({ width, height, data, channels: 3, depth: 8 });
}
