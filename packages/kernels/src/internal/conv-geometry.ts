import { backend_util } from '@tensorflow/tfjs-core';

/** Attributes shared by Conv2DBackpropFilter and Conv2DBackpropInput. */
export interface ConvGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The forward convolution whose gradient is being computed, always described in NHWC. */
export function forwardConvInfo(
  xShape: number[],
  filterShape: number[],
  attrs: ConvGradAttrs,
): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
}

export function isChannelsFirst(attrs: ConvGradAttrs): boolean {
  return attrs.dataFormat === 'NCHW';
}

/**
 * One spatial dimension of a transposed convolution computed as a stride-1
 * convolution over `stride` phases (sub-pixel decomposition).
 *
 * dx[i] = sum over (o, k) with o * stride + k - padBefore = i of dy[o] * w[k].
 * Writing i + padBefore = q * stride + r, the taps are k = r + j * stride and
 * o = q - j, so every phase r is a correlation of dy with a sub-filter of
 * `taps` = ceil(size / stride) taps.
 */
export interface PhaseDim {
  /** Taps per phase: ceil(filterSize / stride). */
  taps: number;
  /** Padding before and after dy for the stride-1 convolution. */
  padBefore: number;
  padAfter: number;
  /** Length of the stride-1 convolution's output along this dimension. */
  length: number;
  /** Where dx starts in the interleaved (length * stride) result. */
  offset: number;
}

export function phaseDim(inSize: number, outSize: number, filterSize: number, stride: number, padBefore: number): PhaseDim {
  const taps = Math.ceil(filterSize / stride);
  const q0 = Math.min(Math.floor(padBefore / stride), taps - 1);
  const needed = Math.ceil((inSize + padBefore) / stride) - q0;
  const padAfter = Math.max(0, needed - outSize + q0);
  return {
    taps,
    padBefore: taps - 1 - q0,
    padAfter,
    length: outSize - q0 + padAfter,
    offset: padBefore - q0 * stride,
  };
}

/**
 * One phase r (0 <= r < stride) of one spatial dimension of a transposed
 * convolution: the outputs i with (i + padBefore) mod stride = r. Their taps
 * are k = r + j * stride (j < taps) and dy rows o = q - j with
 * q = (i + padBefore - r) / stride, so the phase is a stride-1 correlation of
 * dy with the reversed sub-filter w[r::stride]. Each phase is made to produce
 * `count` = ceil(inSize / stride) outputs so the phases interleave exactly.
 */
export interface Phase {
  /** Filter offset r of this phase. */
  r: number;
  /** Number of taps w[r], w[r + s], ...: ceil((filterSize - r) / stride); 0 when the phase gets no tap. */
  taps: number;
  /** Padding of dy for the stride-1 correlation; negative means crop. */
  padBefore: number;
  padAfter: number;
  /** First output index of this phase (0 <= first < stride). */
  first: number;
}

/** The `stride` phases of one dimension, sorted by their first output index. */
export function phasesOf(inSize: number, outSize: number, filterSize: number, stride: number, padBefore: number): { count: number; phases: Phase[] } {
  const count = Math.ceil(inSize / stride);
  const phases: Phase[] = [];
  for (let r = 0; r < stride; r++) {
    const taps = Math.max(0, Math.ceil((filterSize - r) / stride));
    const qMin = Math.max(0, Math.ceil((padBefore - r) / stride));
    phases.push({
      r,
      taps,
      padBefore: taps - 1 - qMin,
      padAfter: qMin + count - outSize,
      first: qMin * stride + r - padBefore,
    });
  }
  phases.sort((a, b) => a.first - b.first);
  return { count, phases };
}
