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

interface Plan {
  k: number;
  outH: number;
  outW: number;
  idx: Int32Array;
  w: Float32Array;
  /** Constant term per output pixel and channel, or null when all zero. */
  constant: Float32Array | null;
  /** Whether some weight differs from 1 (K = 1 only). */
  weighted: boolean;
}

/** Builds the gather plan of a segment: remaps, at most one sampler, remaps. */
function buildPlan(segment: Stage[], shape: Shape4): Plan {
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
    const idx = new Int32Array(total);
    const w = new Float32Array(total);
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
    return { k: 1, outH, outW, idx, w, constant, weighted };
  }

  const k = sampler.kind === 'affine' && sampler.interpolation === 'nearest' ? 1 : 4;
  const idx = new Int32Array(total * k);
  const w = new Float32Array(total * k);
  let weighted = false;
  const preRows = preC.rows;
  const preCols = preC.cols;
  // Adds a corner (y, x) of the sampler input with weight `weight` for pixel p, term t.
  const corner = (n: number, p: number, t: number, y: number, x: number, weight: number) => {
    const r = preRows[n * sInH + y]!;
    const c = preCols[n * sInW + x]!;
    const code = combine(r, c, inW);
    if (code >= 0) {
      idx[p * k + t] = n * inSize + code;
      w[p * k + t] = weight;
    } else {
      addConst(p, fills[-1 - code]!, weight);
    }
  };
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < outH; i++) {
      const si = postC.rows[n * outH + i]!;
      for (let j = 0; j < outW; j++) {
        const p = n * perSample + i * outW + j;
        const sj = postC.cols[n * outW + j]!;
        const postCode = combine(si, sj, sOutW);
        if (postCode < 0) {
          weighted = true;
          addConst(p, fills[-1 - postCode]!, 1);
          continue;
        }
        if (sampler.kind === 'affine') {
          const m = sampler.matrices;
          const o = n * 6;
          const x = m[o]! * sj + m[o + 1]! * si + m[o + 2]!;
          const y = m[o + 3]! * sj + m[o + 4]! * si + m[o + 5]!;
          if (k === 1) {
            const xr = roundHalfEven(x);
            const yr = roundHalfEven(y);
            if (xr >= 0 && xr < sInW && yr >= 0 && yr < sInH) corner(n, p, 0, yr, xr, 1);
            else {
              weighted = true;
              addConst(p, sampler.fill, 1);
            }
            if (w[p] !== 1) weighted = true;
            continue;
          }
          const x0 = Math.floor(x);
          const y0 = Math.floor(y);
          const fx = x - x0;
          const fy = y - y0;
          const x0in = x0 >= 0 && x0 < sInW;
          const x1in = x0 + 1 >= 0 && x0 + 1 < sInW;
          const y0in = y0 >= 0 && y0 < sInH;
          const y1in = y0 + 1 >= 0 && y0 + 1 < sInH;
          const w00 = y0in && x0in ? (1 - fx) * (1 - fy) : 0;
          const w01 = y0in && x1in ? fx * (1 - fy) : 0;
          const w10 = y1in && x0in ? (1 - fx) * fy : 0;
          const w11 = y1in && x1in ? fx * fy : 0;
          const mask = w00 + w01 + w10 + w11;
          if (w00 !== 0) corner(n, p, 0, y0, x0, w00 * mask);
          if (w01 !== 0) corner(n, p, 1, y0, x0 + 1, w01 * mask);
          if (w10 !== 0) corner(n, p, 2, y0 + 1, x0, w10 * mask);
          if (w11 !== 0) corner(n, p, 3, y0 + 1, x0 + 1, w11 * mask);
          addConst(p, sampler.fill, 1 - mask);
        } else {
          const ro = n * sOutH + si;
          const co = n * sOutW + sj;
          const ya = sampler.y0[ro]!;
          const yb = sampler.y1[ro]!;
          const xa = sampler.x0[co]!;
          const xb = sampler.x1[co]!;
          const wy = sampler.wy[ro]!;
          const wx = sampler.wx[co]!;
          corner(n, p, 0, ya, xa, (1 - wy) * (1 - wx));
          corner(n, p, 1, ya, xb, (1 - wy) * wx);
          corner(n, p, 2, yb, xa, wy * (1 - wx));
          corner(n, p, 3, yb, xb, wy * wx);
        }
      }
    }
  }
  return { k, outH, outW, idx, w, constant, weighted: weighted || k > 1 };
}

/** Runs one fused geometric segment. */
function runSegment(images: tf.Tensor4D, segment: Stage[]): tf.Tensor4D {
  const shape = images.shape as Shape4;
  const [batch, inH, inW, channels] = shape;
  const plan = buildPlan(segment, shape);
  const total = batch * plan.outH * plan.outW;
  const flat = tf.reshape(images, [batch * inH * inW, channels]);
  const gathered = tf.gather(flat, tf.tensor1d(plan.idx, 'int32'));
  let out: tf.Tensor;
  if (plan.k === 1) {
    out = plan.weighted ? tf.mul(gathered, tf.tensor2d(plan.w, [total, 1])) : gathered;
  } else {
    const weighted = tf.mul(tf.reshape(gathered, [total, plan.k, channels]), tf.tensor3d(plan.w, [total, plan.k, 1]));
    out = tf.sum(weighted, 1);
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
