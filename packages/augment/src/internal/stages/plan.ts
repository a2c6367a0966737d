import type { Shape4 } from '../validate';
import { affineLinearLoop, quadEmitter } from './affine-linear-loop';
import { ConstantTerms } from './constant-terms';
import { type Composite, combine, composeLinear, composeRemaps, identityComposite } from './remaps';
import { buildSamplerPlan } from './sampler-plan';
import { scratchArray, scratchIndices, scratchWeights } from './scratch';
import type { AffineStage, RemapStage, SamplerStage, Stage } from './types';

/**
 * The gather plan of one fused geometric segment: per output pixel, the source
 * pixels it reads with their weights, plus a constant (fill) term.
 */
export interface Plan {
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
export interface DirectInput {
  values: Float32Array | Int32Array;
}

/** A segment cut at its sampler: the remaps before it, the sampler (if any), the remaps after it, and the sizes between. */
export interface SegmentLayout {
  pre: RemapStage[];
  sampler: SamplerStage | null;
  post: RemapStage[];
  /** Size of the sampler's input (the pre-remaps' output). */
  sInH: number;
  sInW: number;
  /** Size of the sampler's output (the post-remaps' input). */
  sOutH: number;
  sOutW: number;
  /** Size of the segment's output. */
  outH: number;
  outW: number;
}

/** Cuts a segment (remaps, at most one sampler, remaps) at its sampler. */
export function segmentLayout(segment: Stage[], shape: Shape4): SegmentLayout {
  const [, inH, inW] = shape;
  const samplerAt = segment.findIndex((s) => s.kind !== 'remap');
  const sampler = samplerAt >= 0 ? (segment[samplerAt] as SamplerStage) : null;
  const pre = (samplerAt >= 0 ? segment.slice(0, samplerAt) : segment) as RemapStage[];
  const post = (samplerAt >= 0 ? segment.slice(samplerAt + 1) : []) as RemapStage[];
  const sInH = pre.length ? pre[pre.length - 1]!.outH : inH;
  const sInW = pre.length ? pre[pre.length - 1]!.outW : inW;
  const sOutH = sampler ? sampler.outH : sInH;
  const sOutW = sampler ? sampler.outW : sInW;
  const outH = post.length ? post[post.length - 1]!.outH : sOutH;
  const outW = post.length ? post[post.length - 1]!.outW : sOutW;
  return { pre, sampler, post, sInH, sInW, sOutH, sOutW, outH, outW };
}

/**
 * Builds the gather plan of a segment: remaps, at most one sampler, remaps.
 * `quad` asks for the 2x2-block form where the sampler allows it; null when a
 * quad plan is impossible (the caller then asks for the terms form). With
 * `direct`, a linear bilinear affine plan is executed while it is built.
 */
export function buildPlan(segment: Stage[], shape: Shape4, quad: boolean, direct: DirectInput | null = null): Plan | null {
  const [batch, inH, inW, channels] = shape;
  const layout = segmentLayout(segment, shape);
  const { sampler } = layout;
  if (quad && sampler && sampler.kind === 'affine' && sampler.interpolation === 'bilinear' && !sampler.fill.some((v) => v !== 0)) {
    const plan = linearAffinePlan(layout, sampler, shape, direct);
    if (plan) return plan;
  }
  const fills: Float32Array[] = [];
  // post first so that its fills get the smaller indices (closest to output)
  const postC = layout.post.length ? composeRemaps(layout.post, batch, layout.sOutH, layout.sOutW, fills) : identityComposite(batch, layout.sOutH, layout.sOutW);
  const preC = layout.pre.length ? composeRemaps(layout.pre, batch, inH, inW, fills) : identityComposite(batch, inH, inW);
  const constants = new ConstantTerms(batch * postC.outH * postC.outW, channels);
  if (!sampler) return remapPlan(shape, preC, postC, fills, constants);
  return buildSamplerPlan({ shape, layout, sampler, preC, postC, fills, constants, quad });
}

/**
 * The quad plan of a bilinear affine sampler between linear, zero-filling
 * remaps (flips, crops, constant pads, translations): one closed-form loop.
 * Null when a remap is not linear.
 */
function linearAffinePlan(layout: SegmentLayout, sampler: AffineStage, shape: Shape4, direct: DirectInput | null): Plan | null {
  const [batch, inH, inW, channels] = shape;
  const preL = composeLinear(layout.pre, batch, inH, inW);
  const postL = preL && composeLinear(layout.post, batch, layout.sOutH, layout.sOutW);
  if (!preL || !postL) return null;
  const { outH, outW, sInH, sInW } = layout;
  if (direct) {
    const values = scratchArray('out', batch * outH * outW * channels, false, (b, n) => new Float32Array(b, 0, n));
    const emit = quadEmitter(direct.values, values, inH, inW, channels);
    affineLinearLoop(batch, outH, outW, sInH, sInW, inW, inH * inW, sampler.matrices, preL, postL, scratchIndices(0), scratchWeights(0), emit);
    return { form: 'quad', k: 4, outH, outW, idx: scratchIndices(0), w: scratchWeights(0), constant: null, weighted: true, values };
  }
  const idx = scratchIndices(batch * outH * outW, false);
  const w = scratchWeights(batch * outH * outW * 4, false);
  affineLinearLoop(batch, outH, outW, sInH, sInW, inW, inH * inW, sampler.matrices, preL, postL, idx, w);
  return { form: 'quad', k: 4, outH, outW, idx, w, constant: null, weighted: true };
}

/** The plan of a segment of remaps only: one source pixel (or a fill) per output pixel. */
function remapPlan(shape: Shape4, preC: Composite, postC: Composite, fills: Float32Array[], constants: ConstantTerms): Plan {
  const [batch, inH, inW] = shape;
  const { outH, outW } = postC;
  const perSample = outH * outW;
  const total = batch * perSample;
  const inSize = inH * inW;
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
          constants.add(p, fills[-1 - code]!, 1);
        }
      }
    }
  }
  return { form: 'terms', k: 1, outH, outW, idx, w, constant: constants.values, weighted };
}
