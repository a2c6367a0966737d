import type * as tf from '@tensorflow/tfjs-core';
import type { Shape4 } from '../validate';

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
