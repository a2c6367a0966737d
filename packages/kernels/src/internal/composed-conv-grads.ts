/**
 * Conv gradients composed from a backend's own kernels (Transpose, Conv2D,
 * Reshape, Slice, PadV2, Reverse), so they run at the speed of the backend's
 * forward convolution (XNNPACK on wasm, tiled shaders on webgpu).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendOps } from './backend-ops';
import { type ConvGradAttrs, forwardConvInfo, isChannelsFirst, type Phase, phasesOf } from './conv-geometry';

/**
 * dW[kh, kw, ci, co] = sum over b, oh, ow of x[b, oh*s + kh - pad, ow*s + kw - pad, ci] * dy[b, oh, ow, co],
 * computed as a forward convolution of x with batch and channel axes swapped
 * ([ci, H, W, B]) by dy seen as a filter ([OH, OW, B, co]) with dilation = stride.
 */
export function conv2dBackpropFilterByConv(
  ops: BackendOps,
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: number[],
  attrs: ConvGradAttrs,
): TensorInfo {
  const channelsFirst = isChannelsFirst(attrs);
  const info = forwardConvInfo(x.shape, filterShape, attrs);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  let padBottom = filterHeight + (outHeight - 1) * strideHeight - inHeight - top;
  let padRight = filterWidth + (outWidth - 1) * strideWidth - inWidth - left;

  // [ci, H, W, B]
  let xT = ops.transpose(x, channelsFirst ? [1, 2, 3, 0] : [3, 1, 2, 0]);
  if (padBottom < 0 || padRight < 0) {
    // Rows/columns past the last window get no gradient: crop them instead of a negative pad.
    xT = ops.slice(xT, [0, 0, 0, 0], [inChannels, inHeight + Math.min(padBottom, 0), inWidth + Math.min(padRight, 0), batchSize]);
    padBottom = Math.max(padBottom, 0);
    padRight = Math.max(padRight, 0);
  }
  // [OH, OW, B, co]
  const dyT = ops.transpose(dy, channelsFirst ? [2, 3, 0, 1] : [1, 2, 0, 3]);
  // [ci, fh, fw, co]
  const conv = ops.conv2d(xT, dyT, [1, 1], [strideHeight, strideWidth], [
    [top, padBottom],
    [left, padRight],
  ]);
  if (conv.shape[1] !== filterHeight || conv.shape[2] !== filterWidth || conv.shape[3] !== outChannels) {
    throw new Error(`conv2dBackpropFilter: internal shape mismatch ${conv.shape} for filter ${filterShape}`);
  }
  return ops.keep(ops.transpose(conv, [1, 2, 0, 3]));
}

/**
 * dx of a convolution (= the transposed convolution of dy) as stride_h *
 * stride_w stride-1 forward convolutions of dy, one per output phase, each
 * with its exact sub-filter (no multiply by inserted zeros), then the phases
 * interleaved (concat on the batch axis + transpose) and cropped.
 */
export function conv2dBackpropInputByConv(
  ops: BackendOps,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: number[],
  attrs: ConvGradAttrs,
): TensorInfo {
  const channelsFirst = isChannelsFirst(attrs);
  const info = forwardConvInfo(inputShape, filter.shape, attrs);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight, filterWidth } = info;
  const rows = phasesOf(inHeight, outHeight, filterHeight, sh, info.padInfo.top);
  const cols = phasesOf(inWidth, outWidth, filterWidth, sw, info.padInfo.left);
  const dyN = channelsFirst ? ops.transpose(dy, [0, 2, 3, 1]) : dy;
  const outputs: TensorInfo[] = [];
  for (const ph of rows.phases) {
    for (const pw of cols.phases) {
      outputs.push(phaseConv(ops, dyN, filter, ph, pw, [rows.count, cols.count], [sh, sw], [batchSize, inChannels, outChannels]));
    }
  }
  // Interleave with rank-4 concats (fast on every backend; rank-6 transposes are not):
  // concatenating column phases on the channel axis lays out (m, fw, c), i.e.
  // [B, N, M * sw, ci]; concatenating row phases on the width axis lays out
  // (n, fh, w, c), i.e. [B, N * sh, W, ci].
  const rowsOut: TensorInfo[] = [];
  for (let i = 0; i < rows.phases.length; i++) {
    const phaseCols = outputs.slice(i * cols.phases.length, (i + 1) * cols.phases.length);
    rowsOut.push(
      phaseCols.length === 1
        ? phaseCols[0]!
        : ops.reshape(ops.concat(phaseCols, 3), [batchSize, rows.count, cols.count * sw, inChannels]),
    );
  }
  let z =
    rowsOut.length === 1
      ? rowsOut[0]!
      : ops.reshape(ops.concat(rowsOut, 2), [batchSize, rows.count * sh, cols.count * sw, inChannels]);
  if (z.shape[1] !== inHeight || z.shape[2] !== inWidth) {
    z = ops.slice(z, [0, 0, 0, 0], [batchSize, inHeight, inWidth, inChannels]);
  }
  if (channelsFirst) z = ops.transpose(z, [0, 3, 1, 2]);
  return ops.keep(z);
}

/** One output phase: [B, count_h, count_w, ci]. */
function phaseConv(
  ops: BackendOps,
  dy: TensorInfo,
  filter: TensorInfo,
  ph: Phase,
  pw: Phase,
  counts: [number, number],
  strides: [number, number],
  [batchSize, inChannels, outChannels]: [number, number, number],
): TensorInfo {
  if (ph.taps === 0 || pw.taps === 0) return ops.zeros([batchSize, counts[0], counts[1], inChannels]);
  const [kh, kw] = [filter.shape[0]!, filter.shape[1]!];
  // w[r::s] with taps reversed, channels swapped: [taps_h, taps_w, co, ci]
  let f = ops.heapAccess ? phaseFilterOnHeap(ops, filter, ph, pw, strides) : null;
  if (!f) {
    f = filter;
    if (strides[0] !== 1 || strides[1] !== 1) {
      f = ops.stridedSlice(f, [ph.r, pw.r, 0, 0], [kh, kw, inChannels, outChannels], [strides[0], strides[1], 1, 1]);
    }
    f = ops.reverse(f, [0, 1]);
    f = ops.transpose(f, [0, 1, 3, 2]);
  }
  // Negative padding = crop dy.
  let x = dy;
  const [oh, ow] = [dy.shape[1]!, dy.shape[2]!];
  const cropTop = Math.max(0, -ph.padBefore);
  const cropLeft = Math.max(0, -pw.padBefore);
  const cropBottom = Math.max(0, -ph.padAfter);
  const cropRight = Math.max(0, -pw.padAfter);
  if (cropTop + cropLeft + cropBottom + cropRight > 0) {
    x = ops.slice(x, [0, cropTop, cropLeft, 0], [batchSize, oh - cropTop - cropBottom, ow - cropLeft - cropRight, outChannels]);
  }
  const out = ops.conv2d(x, f, [1, 1], [1, 1], [
    [Math.max(0, ph.padBefore), Math.max(0, ph.padAfter)],
    [Math.max(0, pw.padBefore), Math.max(0, pw.padAfter)],
  ]);
  if (out.shape[1] !== counts[0] || out.shape[2] !== counts[1]) {
    throw new Error(`conv2dBackpropInput: internal shape mismatch ${out.shape}, expected ${counts} rows/cols per phase`);
  }
  return out;
}

/**
 * The phase filter written directly into backend memory (wasm: one JS pass
 * over the heap instead of StridedSlice + Reverse + Transpose kernels, which
 * run in JS there and cost ~15 ms per phase for a 5x5x64x128 filter).
 */
function phaseFilterOnHeap(ops: BackendOps, filter: TensorInfo, ph: Phase, pw: Phase, strides: [number, number]): TensorInfo | null {
  const heap = ops.heapAccess;
  if (!heap || filter.dtype !== 'float32') return null;
  const [, kw, ci, co] = filter.shape as [number, number, number, number];
  const out = ops.output([ph.taps, pw.taps, co, ci]);
  const w = heap.values(filter);
  const f = heap.values(out);
  let i = 0;
  for (let th = 0; th < ph.taps; th++) {
    const h = ph.r + (ph.taps - 1 - th) * strides[0];
    for (let tw = 0; tw < pw.taps; tw++) {
      const base = (h * kw + pw.r + (pw.taps - 1 - tw) * strides[1]) * ci * co;
      for (let o = 0; o < co; o++) {
        for (let c = 0; c < ci; c++) f[i++] = w[base + c * co + o]!;
      }
    }
  }
  return out;
}
