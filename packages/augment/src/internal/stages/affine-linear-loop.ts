import type { AxisMaps } from './remaps';

/**
 * An {@link Emit} that samples right away: output pixel p is the weighted 2x2 block of
 * `input` anchored at (row, col) of the image at flat pixel `base`, with zeros past the
 * image's bottom and right edges (the tensor path's 'same' depthwise convolution).
 */
export function quadEmitter(input: Float32Array | Int32Array, out: Float32Array, inH: number, inW: number, channels: number): Emit {
  const rowStride = inW * channels;
  if (channels === 1) {
    return (p, base, row, col, w0, w1, w2, w3) => {
      const a = base + row * inW + col;
      const right = col + 1 < inW;
      const down = row + 1 < inH;
      out[p] = w0 * input[a]! + w1 * (right ? input[a + 1]! : 0) + w2 * (down ? input[a + inW]! : 0) + w3 * (right && down ? input[a + inW + 1]! : 0);
    };
  }
  return (p, base, row, col, w0, w1, w2, w3) => {
    const a = (base + row * inW + col) * channels;
    const right = col + 1 < inW;
    const down = row + 1 < inH;
    for (let c = 0; c < channels; c++) {
      out[p * channels + c] =
        w0 * input[a + c]! +
        w1 * (right ? input[a + channels + c]! : 0) +
        w2 * (down ? input[a + rowStride + c]! : 0) +
        w3 * (right && down ? input[a + rowStride + channels + c]! : 0);
    }
  };
}

/**
 * Receives one output pixel of a quad plan: the 2x2 block anchored at (row, col) of the
 * image starting at flat pixel `base`, and its four weights.
 */
export type Emit = (p: number, base: number, row: number, col: number, w0: number, w1: number, w2: number, w3: number) => void;

/**
 * The hot loop of a bilinear affine sampler between linear remaps without
 * fill values, in the quad form: per output pixel the anchor of a 2x2 source
 * block and its 4 weights, with torchvision's mask blending (the in-bounds
 * weight of the sampler's own input multiplies the sample again).
 */
export function affineLinearLoop(
  batch: number,
  outH: number,
  outW: number,
  sInH: number,
  sInW: number,
  inW: number,
  inSize: number,
  m: Float64Array,
  pre: { rows: AxisMaps; cols: AxisMaps },
  post: { rows: AxisMaps; cols: AxisMaps },
  idx: Int32Array,
  w: Float32Array,
  emit: Emit | null = null,
): void {
  const perSample = outH * outW;
  // pixels that read nothing: index 0 and weight 0 (the tensor path's zero terms)
  const readNothing = (from: number, to: number) => {
    if (emit) for (let p = from; p < to; p++) emit(p, 0, 0, 0, 0, 0, 0, 0);
    else {
      idx.fill(0, from, to);
      w.fill(0, from * 4, to * 4);
    }
  };
  for (let n = 0; n < batch; n++) {
    const base = n * inSize;
    const o = n * 6;
    const a = m[o]!;
    const b = m[o + 1]!;
    const c = m[o + 2]!;
    const d = m[o + 3]!;
    const e = m[o + 4]!;
    const f = m[o + 5]!;
    const rS = pre.rows.sign[n]!;
    const rT = pre.rows.offset[n]!;
    const rLo = pre.rows.lo[n]!;
    const rHi = pre.rows.hi[n]!;
    const cS = pre.cols.sign[n]!;
    const cT = pre.cols.offset[n]!;
    const cLo = pre.cols.lo[n]!;
    const cHi = pre.cols.hi[n]!;
    const pRS = post.rows.sign[n]!;
    const pRT = post.rows.offset[n]!;
    const pCS = post.cols.sign[n]!;
    const pCT = post.cols.offset[n]!;
    const iLo = Math.max(0, post.rows.lo[n]!);
    const iHi = Math.min(outH - 1, post.rows.hi[n]!);
    const jLo = Math.max(0, post.cols.lo[n]!);
    const jHi = Math.min(outW - 1, post.cols.hi[n]!);
    // Interior: both corners of each axis inside the sampler input and with a source,
    // so the mask is 1 and the weights are plain bilinear ones.
    const xLo = Math.max(0, cLo);
    const xHi = Math.min(sInW - 1, cHi);
    const yLo = Math.max(0, rLo);
    const yHi = Math.min(sInH - 1, rHi);
    const colShift = cS > 0 ? 0 : -1;
    const rowShift = rS > 0 ? 0 : -1;
    const colSwap = cS < 0;
    const rowSwap = rS < 0;
    for (let i = 0; i < outH; i++) {
      const rowBase = n * perSample + i * outW;
      if (i < iLo || i > iHi) {
        readNothing(rowBase, rowBase + outW);
        continue;
      }
      if (jLo > 0) readNothing(rowBase, rowBase + jLo);
      if (jHi < outW - 1) readNothing(rowBase + jHi + 1, rowBase + outW);
      const si = pRS * i + pRT;
      // x and y advance linearly along the row: x = ax * j + bx
      const ax = a * pCS;
      const ay = d * pCS;
      const bx = a * pCT + b * si + c;
      const by = d * pCT + e * si + f;
      for (let j = jLo; j <= jHi; j++) {
        // shifted by one so that the usable range x0 in [-1, sInW - 1] is xs in [0, sInW + 1)
        const xs = ax * j + bx + 1;
        const ys = ay * j + by + 1;
        const p = rowBase + j;
        const q = p * 4;
        if (xs >= xLo + 1 && xs < xHi + 1 && ys >= yLo + 1 && ys < yHi + 1) {
          const xi = xs | 0;
          const yi = ys | 0;
          const gx = xs - xi;
          const gy = ys - yi;
          // source anchor: the smaller source column of the pair (shifted by one for a mirrored axis)
          const anchorRow = rS * (yi - 1) + rT + rowShift;
          const anchorCol = cS * (xi - 1) + cT + colShift;
          const c0 = colSwap ? gx : 1 - gx;
          const c1 = colSwap ? 1 - gx : gx;
          const r0 = rowSwap ? gy : 1 - gy;
          const r1 = rowSwap ? 1 - gy : gy;
          if (emit) {
            emit(p, base, anchorRow, anchorCol, r0 * c0, r0 * c1, r1 * c0, r1 * c1);
            continue;
          }
          idx[p] = base + anchorRow * inW + anchorCol;
          w[q] = r0 * c0;
          w[q + 1] = r0 * c1;
          w[q + 2] = r1 * c0;
          w[q + 3] = r1 * c1;
          continue;
        }
        if (!(xs >= 0 && xs < sInW + 1 && ys >= 0 && ys < sInH + 1)) {
          readNothing(p, p + 1);
          continue;
        }
        const x1 = xs | 0;
        const y1 = ys | 0;
        const x0 = x1 - 1;
        const y0 = y1 - 1;
        const fx = xs - x1;
        const fy = ys - y1;
        // columns: in the sampler input (mask) and with a source (value)
        const mx0 = x0 >= 0 ? 1 - fx : 0;
        const mx1 = x1 < sInW ? fx : 0;
        const vx0 = x0 >= cLo && x0 <= cHi ? mx0 : 0;
        const vx1 = x1 >= cLo && x1 <= cHi ? mx1 : 0;
        const my0 = y0 >= 0 ? 1 - fy : 0;
        const my1 = y1 < sInH ? fy : 0;
        const vy0 = y0 >= rLo && y0 <= rHi ? my0 : 0;
        const vy1 = y1 >= rLo && y1 <= rHi ? my1 : 0;
        if ((vx0 === 0 && vx1 === 0) || (vy0 === 0 && vy1 === 0)) {
          readNothing(p, p + 1);
          continue;
        }
        // source anchors (the smaller of the two source rows/columns that carry weight) and slot weights
        // (signs are +1 or -1; the first tap starts the block unless it carries no weight)
        const s0 = cS * x0 + cT;
        const colFirst = cS > 0 ? vx0 !== 0 : vx1 === 0;
        const col = colFirst ? s0 : s0 + cS;
        const wc0 = colFirst ? vx0 : vx1;
        const wc1 = cS > 0 ? (colFirst ? vx1 : 0) : colFirst ? 0 : vx0;
        const t0 = rS * y0 + rT;
        const rowFirst = rS > 0 ? vy0 !== 0 : vy1 === 0;
        const row = rowFirst ? t0 : t0 + rS;
        const wr0 = rowFirst ? vy0 : vy1;
        const wr1 = rS > 0 ? (rowFirst ? vy1 : 0) : rowFirst ? 0 : vy0;
        const mask = (mx0 + mx1) * (my0 + my1);
        const r0m = wr0 * mask;
        const r1m = wr1 * mask;
        if (emit) {
          emit(p, base, row, col, r0m * wc0, r0m * wc1, r1m * wc0, r1m * wc1);
          continue;
        }
        idx[p] = base + row * inW + col;
        w[q] = r0m * wc0;
        w[q + 1] = r0m * wc1;
        w[q + 2] = r1m * wc0;
        w[q + 3] = r1m * wc1;
      }
    }
  }
}
