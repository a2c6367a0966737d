/**
 * Conv gradients as one matrix product plus a JS pass over backend memory (wasm), for
 * convolutions with few image channels (the first layer of a discriminator, the last of a
 * generator: 1 or 3 channels). There the composed path of composed-conv-grads.ts runs
 * convolutions with one or three output channels, which XNNPACK computes at a few
 * GFLOP/s, and transposes whole activations; here the product has the activations'
 * channel count (64, 128, ...) on one side and the work outside it is kh·kw·ci per pixel.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendOps } from './backend-ops';
import { type ConvGradAttrs, forwardConvInfo, isChannelsFirst } from './conv-geometry';

/** Largest image-channel count handled here (above it the composed path is faster). */
export const GEMM_MAX_CHANNELS = 4;
/** Largest im2col / col2im buffer, in floats (64 MiB), before falling back. */
const MAX_COLUMNS = 16 * 1024 * 1024;

/** Whether {@link conv2dBackpropFilterByGemm} takes this case. */
export function gemmFilterGradApplies(ops: BackendOps, x: TensorInfo, dy: TensorInfo, filterShape: number[], attrs: ConvGradAttrs): boolean {
  if (!ops.heapAccess || isChannelsFirst(attrs) || x.dtype !== 'float32' || dy.dtype !== 'float32') return false;
  const [kh, kw, ci] = filterShape as [number, number, number];
  if (ci > GEMM_MAX_CHANNELS) return false;
  const [b, oh, ow] = dy.shape as [number, number, number];
  return kh * kw * ci * b * oh * ow <= MAX_COLUMNS;
}

/** Whether {@link conv2dBackpropInputByGemm} takes this case. */
export function gemmInputGradApplies(ops: BackendOps, dy: TensorInfo, filter: TensorInfo, attrs: ConvGradAttrs): boolean {
  if (!ops.heapAccess || isChannelsFirst(attrs) || dy.dtype !== 'float32' || filter.dtype !== 'float32') return false;
  const [kh, kw, ci] = filter.shape as [number, number, number];
  if (ci > GEMM_MAX_CHANNELS) return false;
  const [b, oh, ow] = dy.shape as [number, number, number];
  return kh * kw * ci * b * oh * ow <= MAX_COLUMNS;
}

/**
 * dWᵀ = dyᵀ · im2col(x), then transposed: the patches of x written per output pixel
 * ([B·OH·OW, kh·kw·ci], zeros where a window leaves the padded image), and dy transposed to
 * [co, B·OH·OW] so that it is the product's left operand. (As the right operand, XNNPACK
 * would repack the whole of dy as weights at every call.)
 */
export function conv2dBackpropFilterByGemm(
  ops: BackendOps,
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: number[],
  attrs: ConvGradAttrs,
): TensorInfo {
  const info = forwardConvInfo(x.shape, filterShape, attrs);
  const { batchSize, inHeight, inWidth, inChannels: ci, outHeight, outWidth, outChannels } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  const pixels = batchSize * outHeight * outWidth;
  const depth = kh * kw * ci;
  const dyT = ops.transpose(ops.reshape(dy, [pixels, outChannels]), [1, 0]);
  const patches = ops.output([1, pixels, depth]);
  const heap = ops.heapAccess!;
  const src = heap.values(x);
  const cols = heap.values(patches);
  let p = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * inHeight;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let i = 0; i < kh; i++) {
          const y = oy * sh + i - top;
          if (y < 0 || y >= inHeight) {
            cols.fill(0, p, p + kw * ci);
            p += kw * ci;
            continue;
          }
          const line = (image + y) * inWidth;
          for (let j = 0; j < kw; j++) {
            const xx = ox * sw + j - left;
            if (xx < 0 || xx >= inWidth) {
              cols.fill(0, p, p + ci);
              p += ci;
              continue;
            }
            const base = (line + xx) * ci;
            for (let c = 0; c < ci; c++) cols[p++] = src[base + c]!;
          }
        }
      }
    }
  }
  const dWT = ops.batchMatMul(ops.reshape(dyT, [1, outChannels, pixels]), patches, false, false);
  const dW = ops.transpose(ops.reshape(dWT, [outChannels, depth]), [1, 0]);
  return ops.keep(ops.reshape(dW, filterShape));
}

/**
 * dx = col2im(dy · Wᵀ): the product [B·OH·OW, co] × [co, kh·kw·ci] gives every window's
 * contribution, which one pass adds into the image (taps that fall in the padding dropped).
 */
export function conv2dBackpropInputByGemm(
  ops: BackendOps,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: number[],
  attrs: ConvGradAttrs,
): TensorInfo {
  const info = forwardConvInfo(inputShape, filter.shape, attrs);
  const { batchSize, inHeight, inWidth, inChannels: ci, outHeight, outWidth, outChannels } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  const pixels = batchSize * outHeight * outWidth;
  const depth = kh * kw * ci;
  const columns = ops.batchMatMul(
    ops.reshape(dy, [1, pixels, outChannels]),
    ops.reshape(filter, [1, depth, outChannels]),
    false,
    true,
  );
  const dx = ops.output([batchSize, inHeight, inWidth, ci]);
  const heap = ops.heapAccess!;
  const cols = heap.values(columns);
  const out = heap.values(dx);
  out.fill(0);
  let p = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * inHeight;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let i = 0; i < kh; i++) {
          const y = oy * sh + i - top;
          if (y < 0 || y >= inHeight) {
            p += kw * ci;
            continue;
          }
          const line = (image + y) * inWidth;
          for (let j = 0; j < kw; j++) {
            const xx = ox * sw + j - left;
            if (xx < 0 || xx >= inWidth) {
              p += ci;
              continue;
            }
            const base = (line + xx) * ci;
            for (let c = 0; c < ci; c++) out[base + c]! += cols[p++]!;
          }
        }
      }
    }
  }
  return ops.keep(dx);
}
