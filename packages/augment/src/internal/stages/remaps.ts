import type { RemapStage } from './types';
import { identityTable } from './types';

/**
 * Composing the integer index maps of remap stages (flips, crops, pads,
 * integer translations): into one table per axis with fill codes, or, when
 * every remap is linear and fills with zeros, into one linear map per axis.
 */

export interface Composite {
  outH: number;
  outW: number;
  inH: number;
  inW: number;
  /** >= 0: source index; < 0: -1 - fill index. */
  rows: Int32Array;
  cols: Int32Array;
}

/** Composes remaps (in order of application) into one; fills get indices in `fills`. */
export function composeRemaps(remaps: RemapStage[], batch: number, inH: number, inW: number, fills: Float32Array[]): Composite {
  const last = remaps[remaps.length - 1]!;
  const outH = last.outH;
  const outW = last.outW;
  const rows = identityTable(batch, outH);
  const cols = identityTable(batch, outW);
  let h = outH;
  let w = outW;
  for (let s = remaps.length - 1; s >= 0; s--) {
    const stage = remaps[s]!;
    const code = -1 - fills.length;
    fills.push(stage.fill);
    for (let n = 0; n < batch; n++) {
      for (let i = 0; i < outH; i++) {
        const r = rows[n * outH + i]!;
        if (r >= 0) {
          const src = stage.rows[n * h + r]!;
          rows[n * outH + i] = src >= 0 ? src : code;
        }
      }
      for (let j = 0; j < outW; j++) {
        const c = cols[n * outW + j]!;
        if (c >= 0) {
          const src = stage.cols[n * w + c]!;
          cols[n * outW + j] = src >= 0 ? src : code;
        }
      }
    }
    // Sizes of this stage's input: the previous stage's output, or the segment input.
    const prev = remaps[s - 1];
    h = prev ? prev.outH : inH;
    w = prev ? prev.outW : inW;
  }
  return { outH, outW, inH, inW, rows, cols };
}

/** Identity composite for a size. */
export function identityComposite(batch: number, h: number, w: number): Composite {
  return { outH: h, outW: w, inH: h, inW: w, rows: identityTable(batch, h), cols: identityTable(batch, w) };
}

/** Combined code of a row and a column entry: the fill closest to the output wins. */
export function combine(r: number, c: number, inW: number): number {
  if (r >= 0 && c >= 0) return r * inW + c;
  if (r < 0 && c < 0) return Math.max(r, c);
  return r < 0 ? r : c;
}

export interface AxisMaps {
  /** source = sign * u + offset, valid for u in [lo, hi] */
  sign: Int32Array;
  offset: Int32Array;
  lo: Float64Array;
  hi: Float64Array;
}

/**
 * Composes linear remaps (in order of application; the first reads a source
 * of `inH` x `inW`) into one linear map per sample and axis with the window of
 * output coordinates whose source exists. Null when a remap is not linear or
 * fills with a non-zero value.
 */
export function composeLinear(remaps: RemapStage[], batch: number, inH: number, inW: number): { rows: AxisMaps; cols: AxisMaps } | null {
  if (remaps.some((r) => !r.linear || r.fill.some((v) => v !== 0))) return null;
  const make = (): AxisMaps => ({
    sign: new Int32Array(batch).fill(1),
    offset: new Int32Array(batch),
    lo: new Float64Array(batch).fill(-Infinity),
    hi: new Float64Array(batch).fill(Infinity),
  });
  const rows = make();
  const cols = make();
  for (let k = remaps.length - 1; k >= 0; k--) {
    const stage = remaps[k]!;
    const lin = stage.linear!;
    const srcH = k > 0 ? remaps[k - 1]!.outH : inH;
    const srcW = k > 0 ? remaps[k - 1]!.outW : inW;
    for (const [axis, sk, ok, size] of [
      [rows, lin.rowSign, lin.rowOffset, srcH],
      [cols, lin.colSign, lin.colOffset, srcW],
    ] as const) {
      for (let n = 0; n < batch; n++) {
        const a = sk[n]! * axis.sign[n]!;
        const b = sk[n]! * axis.offset[n]! + ok[n]!;
        // 0 <= a * u + b <= size - 1
        const lo = a > 0 ? -b : b - (size - 1);
        const hi = a > 0 ? size - 1 - b : b;
        axis.lo[n] = Math.max(axis.lo[n]!, lo);
        axis.hi[n] = Math.min(axis.hi[n]!, hi);
        axis.sign[n] = a;
        axis.offset[n] = b;
      }
    }
  }
  return { rows, cols };
}
