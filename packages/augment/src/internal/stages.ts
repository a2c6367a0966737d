import * as tf from '@tensorflow/tfjs-core';
import type { Shape4 } from './validate';

/**
 * Geometric and tensor stages, and an executor that fuses every run of
 * geometric stages holding at most one interpolating sampler into a single
 * gather on the flattened batch, with indices and weights computed in JS.
 *
 * - `remap`: separable integer index maps (flips, crops, pads, integer
 *   translations). Per sample, output row i reads input row `rows[n*outH+i]`
 *   and column `cols[n*outW+j]`; -1 means "fill with `fill`".
 * - `affine`: per-sample 2x3 matrices mapping output pixel (j, i) to input
 *   pixel coordinates (x, y); bilinear or nearest, zero padding plus
 *   torchvision's fill-mask blending `out = sampled * mask + (1 - mask) * fill`.
 * - `separable`: per-sample row and column interpolation tables (resize,
 *   resized crops): out = sum wy * wx * in[y, x], no fill.
 * - `tensor`: any tensor function (color ops, blur, noise...).
 */
export interface RemapStage {
  kind: 'remap';
  outH: number;
  outW: number;
  rows: Int32Array;
  cols: Int32Array;
  fill: Float32Array;
  /**
   * Present when the maps are linear: output row i reads source row
   * rowSign[n] * i + rowOffset[n] (likewise columns), and exactly the rows
   * and columns outside the source are filled.
   */
  linear?: LinearMaps;
}

/** Per-sample linear index maps (signs are +1 or -1). */
export interface LinearMaps {
  rowSign: Int32Array;
  rowOffset: Int32Array;
  colSign: Int32Array;
  colOffset: Int32Array;
}

/** Linear maps with the same sign and offset for every sample. */
export function uniformLinear(batch: number, rowSign: number, rowOffset: number, colSign: number, colOffset: number): LinearMaps {
  return {
    rowSign: new Int32Array(batch).fill(rowSign),
    rowOffset: new Int32Array(batch).fill(rowOffset),
    colSign: new Int32Array(batch).fill(colSign),
    colOffset: new Int32Array(batch).fill(colOffset),
  };
}

export interface AffineStage {
  kind: 'affine';
  outH: number;
  outW: number;
  /** N*6 numbers: x = m0*j + m1*i + m2, y = m3*j + m4*i + m5 (pixel indices). */
  matrices: Float64Array;
  interpolation: 'bilinear' | 'nearest';
  fill: Float32Array;
}

export interface SeparableStage {
  kind: 'separable';
  outH: number;
  outW: number;
  /** Per sample and output row: first and second source row and the weight of the second. */
  y0: Int32Array;
  y1: Int32Array;
  wy: Float32Array;
  x0: Int32Array;
  x1: Int32Array;
  wx: Float32Array;
}

export interface TensorStage {
  kind: 'tensor';
  run: (images: tf.Tensor4D) => tf.Tensor4D;
  /** Output shape given the input shape; identity when omitted. */
  outShape?: (shape: Shape4) => Shape4;
}

export type SamplerStage = AffineStage | SeparableStage;
export type Stage = RemapStage | SamplerStage | TensorStage;

/** The shape after a stage. */
export function stageShape(stage: Stage, shape: Shape4): Shape4 {
  if (stage.kind === 'tensor') return stage.outShape ? stage.outShape(shape) : shape;
  return [shape[0], stage.outH, stage.outW, shape[3]];
}

/** Identity index table 0..n-1 repeated for each of `batch` samples. */
export function identityTable(batch: number, n: number): Int32Array {
  const out = new Int32Array(batch * n);
  for (let b = 0; b < batch; b++) for (let i = 0; i < n; i++) out[b * n + i] = i;
  return out;
}

interface Composite {
  outH: number;
  outW: number;
  inH: number;
  inW: number;
  /** >= 0: source index; < 0: -1 - fill index. */
  rows: Int32Array;
  cols: Int32Array;
}

/** Composes remaps (in order of application) into one; fills get indices in `fills`. */
function composeRemaps(remaps: RemapStage[], batch: number, inH: number, inW: number, fills: Float32Array[]): Composite {
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
function identityComposite(batch: number, h: number, w: number): Composite {
  return { outH: h, outW: w, inH: h, inW: w, rows: identityTable(batch, h), cols: identityTable(batch, w) };
}

/** Combined code of a row and a column entry: the fill closest to the output wins. */
function combine(r: number, c: number, inW: number): number {
  if (r >= 0 && c >= 0) return r * inW + c;
  if (r < 0 && c < 0) return Math.max(r, c);
  return r < 0 ? r : c;
}

/** Round half to even, like std::nearbyint (torch grid_sample nearest). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Scratch arrays reused from call to call: fresh multi-megabyte typed arrays
 * cost page faults that dominate the plan. Each plan's index and weight
 * tensors are built from them and disposed right after their one use.
 */
const scratch = new Map<string, ArrayBuffer>();
function scratchArray<T extends Int32Array | Float32Array>(key: string, size: number, zero: boolean, make: (buffer: ArrayBuffer, size: number) => T): T {
  let buffer = scratch.get(key);
  if (!buffer || buffer.byteLength < size * 4) {
    buffer = new ArrayBuffer(Math.max(size * 4, Math.ceil((buffer?.byteLength ?? 0) * 1.5)));
    scratch.set(key, buffer);
  }
  const view = make(buffer, size);
  if (zero) view.fill(0);
  return view;
}
const scratchIndices = (size: number, zero = true) => scratchArray('idx', size, zero, (b, n) => new Int32Array(b, 0, n));
const scratchWeights = (size: number, zero = true) => scratchArray('w', size, zero, (b, n) => new Float32Array(b, 0, n));

interface Plan {
  /** 'terms': K (index, weight) terms per pixel; 'quad': one 2x2 block anchor per pixel and 4 block weights. */
  form: 'terms' | 'quad';
  k: number;
  outH: number;
  outW: number;
  idx: Int32Array;
  w: Float32Array;
  /** Constant term per output pixel and channel, or null when all zero. */
  constant: Float32Array | null;
  /** Whether some weight differs from 1 (K = 1 only). */
  weighted: boolean;
  /** The output values, when the plan was executed while it was built (JS path, quad form). */
  values?: Float32Array;
}

/** Input values for executing a quad plan while building it (JS path). */
interface DirectInput {
  values: Float32Array | Int32Array;
}

/** Builds the gather plan of a segment: remaps, at most one sampler, remaps. */
function buildPlan(segment: Stage[], shape: Shape4, quad: boolean, direct: DirectInput | null = null): Plan | null {
  const [batch, inH, inW, channels] = shape;
  const samplerAt = segment.findIndex((s) => s.kind !== 'remap');
  const sampler = samplerAt >= 0 ? (segment[samplerAt] as SamplerStage) : null;
  const pre = (samplerAt >= 0 ? segment.slice(0, samplerAt) : segment) as RemapStage[];
  const post = (samplerAt >= 0 ? segment.slice(samplerAt + 1) : []) as RemapStage[];
  const fills: Float32Array[] = [];
  // post first so that its fills get the smaller indices (closest to output)
  const sInH = pre.length ? pre[pre.length - 1]!.outH : inH;
  const sInW = pre.length ? pre[pre.length - 1]!.outW : inW;
  const sOutH = sampler ? sampler.outH : sInH;
  const sOutW = sampler ? sampler.outW : sInW;
  const postOutH = post.length ? post[post.length - 1]!.outH : sOutH;
  const postOutW = post.length ? post[post.length - 1]!.outW : sOutW;
  if (quad && sampler && sampler.kind === 'affine' && sampler.interpolation === 'bilinear' && !sampler.fill.some((v) => v !== 0)) {
    const preL = composeLinear(pre, batch, inH, inW);
    const postL = preL && composeLinear(post, batch, sOutH, sOutW);
    if (preL && postL) {
      if (direct) {
        const values = scratchArray('out', batch * postOutH * postOutW * channels, false, (b, n) => new Float32Array(b, 0, n));
        const emit = quadEmitter(direct.values, values, inH, inW, channels);
        affineLinearLoop(batch, postOutH, postOutW, sInH, sInW, inW, inH * inW, sampler.matrices, preL, postL, scratchIndices(0), scratchWeights(0), emit);
        return { form: 'quad', k: 4, outH: postOutH, outW: postOutW, idx: scratchIndices(0), w: scratchWeights(0), constant: null, weighted: true, values };
      }
      const idx = scratchIndices(batch * postOutH * postOutW, false);
      const w = scratchWeights(batch * postOutH * postOutW * 4, false);
      affineLinearLoop(batch, postOutH, postOutW, sInH, sInW, inW, inH * inW, sampler.matrices, preL, postL, idx, w);
      return { form: 'quad', k: 4, outH: postOutH, outW: postOutW, idx, w, constant: null, weighted: true };
    }
  }
  const postC = post.length ? composeRemaps(post, batch, sOutH, sOutW, fills) : identityComposite(batch, sOutH, sOutW);
  const preC = pre.length ? composeRemaps(pre, batch, inH, inW, fills) : identityComposite(batch, inH, inW);
  const outH = postC.outH;
  const outW = postC.outW;
  const perSample = outH * outW;
  const total = batch * perSample;
  let constant: Float32Array | null = null;
  const addConst = (p: number, fill: Float32Array, weight: number) => {
    if (weight === 0) return;
    let any = false;
    for (let c = 0; c < channels; c++) if (fill[c] !== 0) any = true;
    if (!any) return;
    if (!constant) constant = new Float32Array(total * channels);
    for (let c = 0; c < channels; c++) constant[p * channels + c]! += weight * fill[c]!;
  };
  const inSize = inH * inW;

  if (!sampler) {
    const idx = scratchIndices(total);
    const w = scratchWeights(total);
    let weighted = false;
    for (let n = 0; n < batch; n++) {
      const base = n * inSize;
      for (let i = 0; i < outH; i++) {
        const r = postC.rows[n * outH + i]!;
        const rr = r >= 0 ? preC.rows[n * preC.outH + r]! : r;
        for (let j = 0; j < outW; j++) {
          const c = postC.cols[n * outW + j]!;
          const cc = c >= 0 ? preC.cols[n * preC.outW + c]! : c;
          const code = combine(rr, cc, inW);
          const p = n * perSample + i * outW + j;
          if (code >= 0) {
            idx[p] = base + code;
            w[p] = 1;
          } else {
            weighted = true;
            addConst(p, fills[-1 - code]!, 1);
          }
        }
      }
    }
    return { form: 'terms', k: 1, outH, outW, idx, w, constant, weighted };
  }

  const k = sampler.kind === 'affine' && sampler.interpolation === 'nearest' ? 1 : 4;
  const useQuad = quad && k === 4;
  const idx = scratchIndices(useQuad ? total : total * k);
  const w = scratchWeights(total * k);
  const hasFill = (f: Float32Array) => f.some((v) => v !== 0);
  const samplerFill = sampler.kind === 'affine' ? sampler.fill : new Float32Array(channels);
  const anyFill = fills.some(hasFill) || hasFill(samplerFill);
  let weighted = k > 1;
  // Pre-remap tables extended by one entry on each side: entry y + 1 for y in
  // [-1, size]; OUT beyond the sampler input (contributes to nothing), other
  // negatives are fill codes of the remaps (contribute their fill).
  const OUT = -0x40000000;
  const rowExt = new Int32Array(sInH + 2);
  const colExt = new Int32Array(sInW + 2);
  rowExt[0] = OUT;
  rowExt[sInH + 1] = OUT;
  colExt[0] = OUT;
  colExt[sInW + 1] = OUT;
  const m = sampler.kind === 'affine' ? sampler.matrices : null;
  const nearest = k === 1;
  for (let n = 0; n < batch; n++) {
    for (let y = 0; y < sInH; y++) rowExt[y + 1] = preC.rows[n * sInH + y]!;
    for (let x = 0; x < sInW; x++) colExt[x + 1] = preC.cols[n * sInW + x]!;
    const base = n * inSize;
    for (let i = 0; i < outH; i++) {
      const si = postC.rows[n * outH + i]!;
      for (let j = 0; j < outW; j++) {
        const p = n * perSample + i * outW + j;
        const sj = postC.cols[n * outW + j]!;
        if (si < 0 || sj < 0) {
          weighted = true;
          if (anyFill) addConst(p, fills[-1 - combine(si, sj, sOutW)]!, 1);
          continue;
        }
        let r0: number;
        let r1: number;
        let c0: number;
        let c1: number;
        let fx: number;
        let fy: number;
        if (m) {
          const o = n * 6;
          const x = m[o]! * sj + m[o + 1]! * si + m[o + 2]!;
          const y = m[o + 3]! * sj + m[o + 4]! * si + m[o + 5]!;
          if (nearest) {
            const xr = roundHalfEven(x);
            const yr = roundHalfEven(y);
            const r = xr >= 0 && xr < sInW && yr >= 0 && yr < sInH ? rowExt[yr + 1]! : OUT;
            const c = r !== OUT ? colExt[xr + 1]! : OUT;
            if (r !== OUT && r >= 0 && c >= 0) {
              idx[p] = base + r * inW + c;
              w[p] = 1;
            } else {
              weighted = true;
              if (anyFill) addConst(p, r === OUT ? samplerFill : fills[-1 - combine(r, c, inW)]!, 1);
            }
            continue;
          }
          const x0 = Math.floor(x);
          const y0 = Math.floor(y);
          if (x0 < -1 || x0 >= sInW || y0 < -1 || y0 >= sInH) {
            if (anyFill) addConst(p, samplerFill, 1);
            continue;
          }
          fx = x - x0;
          fy = y - y0;
          r0 = rowExt[y0 + 1]!;
          r1 = rowExt[y0 + 2]!;
          c0 = colExt[x0 + 1]!;
          c1 = colExt[x0 + 2]!;
        } else {
          const sep = sampler as SeparableStage;
          const ro = n * sOutH + si;
          const co = n * sOutW + sj;
          r0 = rowExt[sep.y0[ro]! + 1]!;
          r1 = rowExt[sep.y1[ro]! + 1]!;
          c0 = colExt[sep.x0[co]! + 1]!;
          c1 = colExt[sep.x1[co]! + 1]!;
          fy = sep.wy[ro]!;
          fx = sep.wx[co]!;
        }
        const gx = 1 - fx;
        const gy = 1 - fy;
        const in0 = r0 !== OUT;
        const in1 = r1 !== OUT;
        const jn0 = c0 !== OUT;
        const jn1 = c1 !== OUT;
        const w00 = in0 && jn0 ? gx * gy : 0;
        const w01 = in0 && jn1 ? fx * gy : 0;
        const w10 = in1 && jn0 ? gx * fy : 0;
        const w11 = in1 && jn1 ? fx * fy : 0;
        // torchvision multiplies the sample by the mask (the in-bounds weight) again
        const mask = m ? w00 + w01 + w10 + w11 : 1;
        const q = p * 4;
        if (useQuad) {
          // the valid corners must form a 2x2 block of the source (true for flips, crops, pads, translations)
          const v00 = w00 !== 0 && r0 >= 0 && c0 >= 0;
          const v01 = w01 !== 0 && r0 >= 0 && c1 >= 0;
          const v10 = w10 !== 0 && r1 >= 0 && c0 >= 0;
          const v11 = w11 !== 0 && r1 >= 0 && c1 >= 0;
          const top = v00 || v01;
          const bottom = v10 || v11;
          const left = v00 || v10;
          const right = v01 || v11;
          if (anyFill) {
            if (w00 !== 0 && !v00) addConst(p, fills[-1 - combine(r0, c0, inW)]!, w00 * mask);
            if (w01 !== 0 && !v01) addConst(p, fills[-1 - combine(r0, c1, inW)]!, w01 * mask);
            if (w10 !== 0 && !v10) addConst(p, fills[-1 - combine(r1, c0, inW)]!, w10 * mask);
            if (w11 !== 0 && !v11) addConst(p, fills[-1 - combine(r1, c1, inW)]!, w11 * mask);
          }
          if ((top || bottom) && (left || right)) {
            if ((top && bottom && (r1 - r0 > 1 || r0 - r1 > 1)) || (left && right && (c1 - c0 > 1 || c0 - c1 > 1))) return null;
            const rr = top && bottom ? Math.min(r0, r1) : top ? r0 : r1;
            const cc = left && right ? Math.min(c0, c1) : left ? c0 : c1;
            idx[p] = base + rr * inW + cc;
            if (v00) w[q + (r0 - rr) * 2 + (c0 - cc)]! += w00 * mask;
            if (v01) w[q + (r0 - rr) * 2 + (c1 - cc)]! += w01 * mask;
            if (v10) w[q + (r1 - rr) * 2 + (c0 - cc)]! += w10 * mask;
            if (v11) w[q + (r1 - rr) * 2 + (c1 - cc)]! += w11 * mask;
          }
        } else {
          if (w00 !== 0) {
            if (r0 >= 0 && c0 >= 0) {
              idx[q] = base + r0 * inW + c0;
              w[q] = w00 * mask;
            } else if (anyFill) addConst(p, fills[-1 - combine(r0, c0, inW)]!, w00 * mask);
          }
          if (w01 !== 0) {
            if (r0 >= 0 && c1 >= 0) {
              idx[q + 1] = base + r0 * inW + c1;
              w[q + 1] = w01 * mask;
            } else if (anyFill) addConst(p, fills[-1 - combine(r0, c1, inW)]!, w01 * mask);
          }
          if (w10 !== 0) {
            if (r1 >= 0 && c0 >= 0) {
              idx[q + 2] = base + r1 * inW + c0;
              w[q + 2] = w10 * mask;
            } else if (anyFill) addConst(p, fills[-1 - combine(r1, c0, inW)]!, w10 * mask);
          }
          if (w11 !== 0) {
            if (r1 >= 0 && c1 >= 0) {
              idx[q + 3] = base + r1 * inW + c1;
              w[q + 3] = w11 * mask;
            } else if (anyFill) addConst(p, fills[-1 - combine(r1, c1, inW)]!, w11 * mask);
          }
        }
        if (anyFill && mask !== 1) addConst(p, samplerFill, 1 - mask);
      }
    }
  }
  return { form: useQuad ? 'quad' : 'terms', k, outH, outW, idx, w, constant, weighted };
}

interface AxisMaps {
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
function composeLinear(remaps: RemapStage[], batch: number, inH: number, inW: number): { rows: AxisMaps; cols: AxisMaps } | null {
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

/**
 * The hot loop of a bilinear affine sampler between linear remaps without
 * fill values, in the quad form: per output pixel the anchor of a 2x2 source
 * block and its 4 weights, with torchvision's mask blending (the in-bounds
 * weight of the sampler's own input multiplies the sample again).
 */
/**
 * An {@link Emit} that samples right away: output pixel p is the weighted 2x2 block of
 * `input` anchored at (row, col) of the image at flat pixel `base`, with zeros past the
 * image's bottom and right edges (the tensor path's 'same' depthwise convolution).
 */
function quadEmitter(input: Float32Array | Int32Array, out: Float32Array, inH: number, inW: number, channels: number): Emit {
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
type Emit = (p: number, base: number, row: number, col: number, w0: number, w1: number, w2: number, w3: number) => void;

function affineLinearLoop(
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

/**
 * Reads rows of a [rows, k] tensor: gatherND, which skips gather's per-index
 * JS checks (10x faster on wasm), except on the pure-JS cpu backend, whose
 * gather is the faster of the two (about 3x).
 */
function gatherRows(params: tf.Tensor2D, indices: Int32Array, count: number): tf.Tensor2D {
  if (tf.getBackend() === 'cpu') {
    const idx = tf.tensor1d(indices, 'int32');
    const out = tf.gather(params, idx);
    idx.dispose();
    return out as tf.Tensor2D;
  }
  const idx = tf.tensor2d(indices, [count, 1], 'int32');
  const out = tf.gatherND(params, idx);
  idx.dispose();
  return out as tf.Tensor2D;
}

/**
 * Backends whose tensors live in CPU memory: there a plan runs fastest as one JS loop
 * over the pixels (read once, write once) instead of gather + multiply + sum kernels.
 * GPU backends keep the tensor path, so their data never leaves the device.
 */
const CPU_RESIDENT_BACKENDS = new Set(['cpu', 'wasm']);
let jsPlans = true;

/** @internal For tests: run plans with tensor ops on every backend (false), as on GPUs. */
export function setJsPlanExecution(enabled: boolean): void {
  jsPlans = enabled;
}

/**
 * Executes a plan in JS: `out[p, c] = sum_k w[p, k] * in[idx[p, k], c] + constant[p, c]`,
 * the same terms in the same order as the tensor path. For the quad form, term t of
 * pixel p reads the 2x2 block anchored at row idx[p] (t = 0: (y, x), 1: (y, x + 1),
 * 2: (y + 1, x), 3: (y + 1, x + 1)), with zeros past the bottom and right edges.
 */
function runPlanInJs(images: tf.Tensor4D, plan: Plan): tf.Tensor4D {
  const [batch, inH, inW, channels] = images.shape as Shape4;
  const total = batch * plan.outH * plan.outW;
  const { idx, w, k } = plan;
  const keepsDtype = plan.form === 'terms' && k === 1 && !plan.weighted && !plan.constant;
  const dtype = keepsDtype && images.dtype === 'int32' ? 'int32' : 'float32';
  const shape: Shape4 = [batch, plan.outH, plan.outW, channels];
  // The output first: allocating it may grow the wasm heap, which detaches earlier views.
  const output = hostOutput(shape, dtype);
  const out = output.values;
  if (plan.values) {
    out.set(plan.values);
    return output.finish();
  }
  const input = hostView(images) ?? (images.dataSync() as Float32Array | Int32Array);
  if (plan.form === 'quad') {
    const inSize = inH * inW;
    for (let p = 0; p < total; p++) {
      const r = idx[p]!;
      const within = r % inSize;
      const y = (within / inW) | 0;
      const x = within - y * inW;
      const right = x + 1 < inW;
      const down = y + 1 < inH;
      const w0 = w[p * 4]!;
      const w1 = w[p * 4 + 1]!;
      const w2 = w[p * 4 + 2]!;
      const w3 = w[p * 4 + 3]!;
      const a = r * channels;
      const b = a + channels;
      const c2 = a + inW * channels;
      const d = c2 + channels;
      for (let c = 0; c < channels; c++) {
        const v1 = right ? input[b + c]! : 0;
        const v2 = down ? input[c2 + c]! : 0;
        const v3 = right && down ? input[d + c]! : 0;
        out[p * channels + c] = w0 * input[a + c]! + w1 * v1 + w2 * v2 + w3 * v3;
      }
    }
  } else if (k === 1) {
    for (let p = 0; p < total; p++) {
      const a = idx[p]! * channels;
      const weight = plan.weighted ? w[p]! : 1;
      for (let c = 0; c < channels; c++) out[p * channels + c] = plan.weighted ? weight * input[a + c]! : input[a + c]!;
    }
  } else {
    for (let p = 0; p < total; p++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let t = 0; t < k; t++) sum += w[p * k + t]! * input[idx[p * k + t]! * channels + c]!;
        out[p * channels + c] = sum;
      }
    }
  }
  if (plan.constant) for (let i = 0; i < out.length; i++) out[i]! += plan.constant[i]!;
  return output.finish();
}

interface WasmBackendLike {
  dataIdMap: { get(dataId: object): { memoryOffset?: number } | undefined };
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } | undefined };
}

/**
 * The tensor's values in place, without a copy, where the backend keeps them in CPU
 * memory (the wasm heap, the cpu backend's arrays); null elsewhere. Read only.
 * (Fresh multi-megabyte copies cost more than the whole warp on a VM: page faults.)
 */
function hostView(tensor: tf.Tensor): Float32Array | Int32Array | null {
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') return null;
  const name = tf.getBackend();
  if (name === 'wasm') {
    const backend = tf.backend() as unknown as WasmBackendLike;
    if (typeof backend.typedArrayFromHeap !== 'function' || backend.dataIdMap?.get(tensor.dataId)?.memoryOffset == null) return null;
    return backend.typedArrayFromHeap(tensor);
  }
  if (name === 'cpu') {
    const values = (tf.backend() as unknown as CpuBackendLike).data?.get(tensor.dataId)?.values;
    if (values instanceof Float32Array || values instanceof Int32Array) return values;
  }
  return null;
}

/** An output tensor's memory to write into: the wasm heap directly, else a new array. */
function hostOutput(shape: Shape4, dtype: 'float32' | 'int32'): { values: Float32Array | Int32Array; finish(): tf.Tensor4D } {
  const size = shape[0] * shape[1] * shape[2] * shape[3];
  if (tf.getBackend() === 'wasm') {
    const backend = tf.backend() as unknown as WasmBackendLike;
    if (typeof backend.makeOutput === 'function' && typeof backend.typedArrayFromHeap === 'function') {
      const info = backend.makeOutput(shape, dtype);
      const values = backend.typedArrayFromHeap(info);
      if (values.length === size) {
        return { values, finish: () => tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor4D };
      }
      tf.engine().makeTensorFromTensorInfo(info).dispose();
    }
  }
  const values = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  return { values, finish: () => tf.tensor4d(values, shape, dtype) };
}

/** Runs one fused geometric segment. */
function runSegment(images: tf.Tensor4D, segment: Stage[]): tf.Tensor4D {
  const shape = images.shape as Shape4;
  const [batch, inH, inW, channels] = shape;
  if (jsPlans && CPU_RESIDENT_BACKENDS.has(tf.getBackend())) {
    const direct = { values: hostView(images) ?? (images.dataSync() as Float32Array | Int32Array) };
    return runPlanInJs(images, buildPlan(segment, shape, true, direct) ?? buildPlan(segment, shape, false)!);
  }
  const plan = buildPlan(segment, shape, true) ?? buildPlan(segment, shape, false)!;
  const total = batch * plan.outH * plan.outW;
  // Index and weight tensors view reused scratch memory: each is disposed right after its one use.
  const use = <T extends tf.Tensor>(tensor: tf.Tensor, f: (t: tf.Tensor) => T): T => {
    const result = f(tensor);
    tensor.dispose();
    return result;
  };
  let out: tf.Tensor;
  if (plan.form === 'quad') {
    // Each pixel reads one 2x2 block [v00, v01, v10, v11] per channel and weighs it.
    // A 2x2 one-hot depthwise convolution ('same' pads the bottom and right with zeros)
    // writes channel c's block at c * 4 + [0..3].
    const oneHot = new Float32Array(4 * channels * 4);
    for (let c = 0; c < channels; c++) for (let t = 0; t < 4; t++) oneHot[t * channels * 4 + c * 4 + t] = 1;
    const filter = tf.tensor4d(oneHot, [2, 2, channels, 4]);
    const quads = tf.reshape(tf.depthwiseConv2d(images, filter, 1, 'same'), [batch * inH * inW, channels * 4]);
    const gathered = tf.reshape(gatherRows(quads as tf.Tensor2D, plan.idx, total), [total, channels, 4]);
    out = tf.sum(
      use(tf.tensor3d(plan.w, [total, 1, 4]), (w) => tf.mul(gathered, w)),
      2,
    );
  } else {
    const flat = tf.reshape(images, [batch * inH * inW, channels]);
    if (plan.k === 1) {
      const gathered = gatherRows(flat as tf.Tensor2D, plan.idx, total);
      out = plan.weighted ? use(tf.tensor2d(plan.w, [total, 1]), (w) => tf.mul(gathered, w)) : gathered;
    } else {
      const gathered = tf.reshape(gatherRows(flat as tf.Tensor2D, plan.idx, total * plan.k), [total, plan.k, channels]);
      out = tf.sum(
        use(tf.tensor3d(plan.w, [total, 1, plan.k]), (w) => tf.mul(tf.transpose(gathered, [0, 2, 1]), w)),
        2,
      );
    }
  }
  if (plan.constant) out = tf.add(out, tf.tensor2d(plan.constant, [total, channels]));
  return tf.reshape(out, [batch, plan.outH, plan.outW, channels]);
}

/**
 * Runs stages on a batch, fusing each run of geometric stages with at most one
 * sampler into one gather. Call inside `tf.tidy`.
 */
export function runStages(images: tf.Tensor4D, stages: Stage[]): tf.Tensor4D {
  let x = images;
  let segment: Stage[] = [];
  let hasSampler = false;
  const flush = () => {
    if (segment.length) x = runSegment(x, segment);
    segment = [];
    hasSampler = false;
  };
  for (const stage of stages) {
    if (stage.kind === 'tensor') {
      flush();
      x = stage.run(x);
      continue;
    }
    if (stage.kind !== 'remap') {
      if (hasSampler) flush();
      hasSampler = true;
    }
    segment.push(stage);
  }
  flush();
  return x === images ? tf.clone(images) : x;
}
