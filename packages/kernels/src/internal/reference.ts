/**
 * Naive reference computations for the tests (plain JS arrays, NHWC), written
 * straight from the definitions of the convolution gradients, and the grid cases they run on.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface ConvCase {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: [number, number];
  /** Padding before/after along height and width. */
  pads: { top: number; bottom: number; left: number; right: number };
  outHeight: number;
  outWidth: number;
}

/** A tfjs padding: a name or explicit NHWC pairs. */
export type ConvPad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** A grid case: shapes, strides, padding, and the geometry tfjs computes for them. */
export interface ConvGridCase extends ConvCase {
  name: string;
  pad: ConvPad;
}

/** The strides every grid runs over: unit, 2 and a mixed (2, 1). */
export const GRID_STRIDES: [number, number][] = [
  [1, 1],
  [2, 2],
  [2, 1],
];

/** The paddings every grid runs over: 'same', 'valid' and an explicit asymmetric one. */
export const GRID_PADS: ConvPad[] = [
  'same',
  'valid',
  [
    [0, 0],
    [1, 2],
    [2, 0],
    [0, 0],
  ],
];

/** A grid case with the output size and padding tfjs computes for these shapes. */
export function makeConvCase(
  xShape: ConvCase['xShape'],
  filterShape: ConvCase['filterShape'],
  strides: [number, number],
  pad: ConvPad,
): ConvGridCase {
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad);
  return {
    name: `x [${xShape}] w [${filterShape}] s [${strides}] pad ${JSON.stringify(pad)}`,
    xShape,
    filterShape,
    strides,
    pad,
    pads: { top: info.padInfo.top, bottom: info.padInfo.bottom, left: info.padInfo.left, right: info.padInfo.right },
    outHeight: info.outHeight,
    outWidth: info.outWidth,
  };
}

/** dW[kh,kw,ci,co] = sum over b,oh,ow of x[b, oh*sh+kh-top, ow*sw+kw-left, ci] * dy[b,oh,ow,co]. */
export function naiveFilterGrad(x: ArrayLike<number>, dy: ArrayLike<number>, c: ConvCase): Float64Array {
  const [batch, height, width, inC] = c.xShape;
  const [fh, fw, , outC] = c.filterShape;
  const dw = new Float64Array(fh * fw * inC * outC);
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < c.outHeight; oh++)
      for (let ow = 0; ow < c.outWidth; ow++)
        for (let kh = 0; kh < fh; kh++)
          for (let kw = 0; kw < fw; kw++) {
            const ih = oh * c.strides[0] + kh - c.pads.top;
            const iw = ow * c.strides[1] + kw - c.pads.left;
            if (ih < 0 || ih >= height || iw < 0 || iw >= width) continue;
            for (let ci = 0; ci < inC; ci++)
              for (let co = 0; co < outC; co++) {
                dw[((kh * fw + kw) * inC + ci) * outC + co]! +=
                  x[((b * height + ih) * width + iw) * inC + ci]! * dy[((b * c.outHeight + oh) * c.outWidth + ow) * outC + co]!;
              }
          }
  return dw;
}

/** dx[b,ih,iw,ci] = sum over oh,ow,kh,kw,co with ih = oh*sh+kh-top of dy[b,oh,ow,co] * w[kh,kw,ci,co]. */
export function naiveInputGrad(dy: ArrayLike<number>, w: ArrayLike<number>, c: ConvCase): Float64Array {
  const [batch, height, width, inC] = c.xShape;
  const [fh, fw, , outC] = c.filterShape;
  const dx = new Float64Array(batch * height * width * inC);
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < c.outHeight; oh++)
      for (let ow = 0; ow < c.outWidth; ow++)
        for (let kh = 0; kh < fh; kh++)
          for (let kw = 0; kw < fw; kw++) {
            const ih = oh * c.strides[0] + kh - c.pads.top;
            const iw = ow * c.strides[1] + kw - c.pads.left;
            if (ih < 0 || ih >= height || iw < 0 || iw >= width) continue;
            for (let ci = 0; ci < inC; ci++)
              for (let co = 0; co < outC; co++) {
                dx[((b * height + ih) * width + iw) * inC + ci]! +=
                  dy[((b * c.outHeight + oh) * c.outWidth + ow) * outC + co]! * w[((kh * fw + kw) * inC + ci) * outC + co]!;
              }
          }
  return dx;
}

/** C[b] = op(A[b]) @ op(B[b]) for rank-3 arrays. */
export function naiveMatMul(
  a: ArrayLike<number>,
  aShape: number[],
  b: ArrayLike<number>,
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
): { values: Float64Array; shape: number[] } {
  const [batch, ar, ac] = aShape as [number, number, number];
  const [, br, bc] = bShape as [number, number, number];
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const n = transposeB ? br : bc;
  const out = new Float64Array(batch * m * n);
  for (let p = 0; p < batch; p++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let t = 0; t < k; t++) {
          const av = transposeA ? a[p * ar * ac + t * ac + i]! : a[p * ar * ac + i * ac + t]!;
          const bv = transposeB ? b[p * br * bc + j * bc + t]! : b[p * br * bc + t * bc + j]!;
          sum += av * bv;
        }
        out[(p * m + i) * n + j] = sum;
      }
  return { values: out, shape: [batch, m, n] };
}

/** Deterministic pseudo-random values in [-1, 1) (xorshift), so cases do not depend on tfjs RNG. */
export function randomValues(size: number, seed: number): Float32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}

/** max |a - e| / max(1e-6, max |e|): the relative error the tests bound by 1e-4. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  let scale = 1e-6;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return worst / scale;
}

/** y[b,oh,ow,co] = sum over kh,kw,ci of x[b, oh*sh+kh*dh-top, ow*sw+kw*dw-left, ci] * w[kh,kw,ci,co]. */
export function naiveConv2d(x: ArrayLike<number>, w: ArrayLike<number>, c: ConvCase, dilations: [number, number] = [1, 1]): Float64Array {
  const [batch, height, width, inC] = c.xShape;
  const [fh, fw, , outC] = c.filterShape;
  const y = new Float64Array(batch * c.outHeight * c.outWidth * outC);
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < c.outHeight; oh++)
      for (let ow = 0; ow < c.outWidth; ow++)
        for (let kh = 0; kh < fh; kh++)
          for (let kw = 0; kw < fw; kw++) {
            const ih = oh * c.strides[0] + kh * dilations[0] - c.pads.top;
            const iw = ow * c.strides[1] + kw * dilations[1] - c.pads.left;
            if (ih < 0 || ih >= height || iw < 0 || iw >= width) continue;
            for (let ci = 0; ci < inC; ci++)
              for (let co = 0; co < outC; co++) {
                y[((b * c.outHeight + oh) * c.outWidth + ow) * outC + co]! +=
                  x[((b * height + ih) * width + iw) * inC + ci]! * w[((kh * fw + kw) * inC + ci) * outC + co]!;
              }
          }
  return y;
}
