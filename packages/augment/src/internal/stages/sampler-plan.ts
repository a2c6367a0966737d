import type { Shape4 } from '../validate';
import type { ConstantTerms } from './constant-terms';
import type { Plan, SegmentLayout } from './plan';
import { type Composite, combine } from './remaps';
import { scratchIndices, scratchWeights } from './scratch';
import type { SamplerStage, SeparableStage } from './types';

/** What {@link buildSamplerPlan} needs: the segment cut at its sampler and the composed remaps around it. */
export interface SamplerPlanInput {
  shape: Shape4;
  layout: SegmentLayout;
  sampler: SamplerStage;
  /** The remaps before the sampler, composed (fill codes index `fills`). */
  preC: Composite;
  /** The remaps after the sampler, composed. */
  postC: Composite;
  fills: Float32Array[];
  constants: ConstantTerms;
  /** Ask for the 2x2-block (quad) form. */
  quad: boolean;
}

/** Where the per-pixel writers put their terms. */
interface Terms {
  idx: Int32Array;
  w: Float32Array;
  inW: number;
  fills: Float32Array[];
  constants: ConstantTerms;
  anyFill: boolean;
}

/** Marks taps beyond the sampler input: they contribute nothing. Other negative codes are fills of the remaps. */
const OUT = -0x40000000;

/** Round half to even, like std::nearbyint (torch grid_sample nearest). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The plan of a segment with a sampler (an affine warp, bilinear or nearest, or
 * a separable resize) between remaps of any kind: per output pixel, the taps
 * of the sampler looked up through the pre-remaps, with torchvision's
 * fill-mask blending. Null when the quad form was asked for and a pixel's taps
 * do not form a 2x2 block of the source.
 */
export function buildSamplerPlan(input: SamplerPlanInput): Plan | null {
  const { shape, layout, sampler, preC, postC, fills, constants, quad } = input;
  const [batch, inH, inW, channels] = shape;
  const { sInH, sInW, sOutW } = layout;
  const { outH, outW } = postC;
  const perSample = outH * outW;
  const total = batch * perSample;
  const inSize = inH * inW;
  const k = sampler.kind === 'affine' && sampler.interpolation === 'nearest' ? 1 : 4;
  const useQuad = quad && k === 4;
  const hasFill = (f: Float32Array) => f.some((v) => v !== 0);
  const samplerFill = sampler.kind === 'affine' ? sampler.fill : new Float32Array(channels);
  const terms: Terms = {
    idx: scratchIndices(useQuad ? total : total * k),
    w: scratchWeights(total * k),
    inW,
    fills,
    constants,
    anyFill: fills.some(hasFill) || hasFill(samplerFill),
  };
  const { idx, w, anyFill } = terms;
  let weighted = k > 1;
  // Pre-remap tables extended by one entry on each side: entry y + 1 for y in
  // [-1, size]; OUT beyond the sampler input (contributes to nothing), other
  // negatives are fill codes of the remaps (contribute their fill).
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
          if (anyFill) constants.add(p, fills[-1 - combine(si, sj, sOutW)]!, 1);
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
              if (anyFill) constants.add(p, r === OUT ? samplerFill : fills[-1 - combine(r, c, inW)]!, 1);
            }
            continue;
          }
          const x0 = Math.floor(x);
          const y0 = Math.floor(y);
          if (x0 < -1 || x0 >= sInW || y0 < -1 || y0 >= sInH) {
            if (anyFill) constants.add(p, samplerFill, 1);
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
          const ro = n * layout.sOutH + si;
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
        if (useQuad) {
          // the taps with a source must form a 2x2 block of the source (true for flips, crops, pads, translations)
          const v00 = w00 !== 0 && r0 >= 0 && c0 >= 0;
          const v01 = w01 !== 0 && r0 >= 0 && c1 >= 0;
          const v10 = w10 !== 0 && r1 >= 0 && c0 >= 0;
          const v11 = w11 !== 0 && r1 >= 0 && c1 >= 0;
          if (anyFill) addQuadFills(terms, p, r0, r1, c0, c1, v00 ? 0 : w00 * mask, v01 ? 0 : w01 * mask, v10 ? 0 : w10 * mask, v11 ? 0 : w11 * mask);
          const top = v00 || v01;
          const bottom = v10 || v11;
          const left = v00 || v10;
          const right = v01 || v11;
          if ((top || bottom) && (left || right)) {
            if ((top && bottom && (r1 - r0 > 1 || r0 - r1 > 1)) || (left && right && (c1 - c0 > 1 || c0 - c1 > 1))) return null;
            const rr = top && bottom ? Math.min(r0, r1) : top ? r0 : r1;
            const cc = left && right ? Math.min(c0, c1) : left ? c0 : c1;
            const q = p * 4;
            idx[p] = base + rr * inW + cc;
            if (v00) w[q + (r0 - rr) * 2 + (c0 - cc)]! += w00 * mask;
            if (v01) w[q + (r0 - rr) * 2 + (c1 - cc)]! += w01 * mask;
            if (v10) w[q + (r1 - rr) * 2 + (c0 - cc)]! += w10 * mask;
            if (v11) w[q + (r1 - rr) * 2 + (c1 - cc)]! += w11 * mask;
          }
        } else {
          writeFourTerms(terms, p, base, r0, r1, c0, c1, w00 * mask, w01 * mask, w10 * mask, w11 * mask);
        }
        if (anyFill && mask !== 1) constants.add(p, samplerFill, 1 - mask);
      }
    }
  }
  return { form: useQuad ? 'quad' : 'terms', k, outH, outW, idx, w, constant: constants.values, weighted };
}

/** Adds the fills of the bilinear taps that read a remap's fill (their weights, already multiplied by the mask; 0 for the others). */
function addQuadFills(t: Terms, p: number, r0: number, r1: number, c0: number, c1: number, w00: number, w01: number, w10: number, w11: number): void {
  const { inW, fills, constants } = t;
  if (w00 !== 0) constants.add(p, fills[-1 - combine(r0, c0, inW)]!, w00);
  if (w01 !== 0) constants.add(p, fills[-1 - combine(r0, c1, inW)]!, w01);
  if (w10 !== 0) constants.add(p, fills[-1 - combine(r1, c0, inW)]!, w10);
  if (w11 !== 0) constants.add(p, fills[-1 - combine(r1, c1, inW)]!, w11);
}

/** Writes the four bilinear taps of pixel p as four (index, weight) terms; taps on remap fills go to the constant term. */
function writeFourTerms(t: Terms, p: number, base: number, r0: number, r1: number, c0: number, c1: number, w00: number, w01: number, w10: number, w11: number): void {
  writeTerm(t, p, p * 4, base, r0, c0, w00);
  writeTerm(t, p, p * 4 + 1, base, r0, c1, w01);
  writeTerm(t, p, p * 4 + 2, base, r1, c0, w10);
  writeTerm(t, p, p * 4 + 3, base, r1, c1, w11);
}

function writeTerm(t: Terms, p: number, slot: number, base: number, r: number, c: number, weight: number): void {
  if (weight === 0) return;
  if (r >= 0 && c >= 0) {
    t.idx[slot] = base + r * t.inW + c;
    t.w[slot] = weight;
  } else if (t.anyFill) t.constants.add(p, t.fills[-1 - combine(r, c, t.inW)]!, weight);
}
