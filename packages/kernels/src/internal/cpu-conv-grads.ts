/**
 * Direct loops for the pure-JS `cpu` backend (NHWC), ordered so the inner
 * loop runs over contiguous output channels in both operands. The backend's
 * own Conv2DBackpropFilter walks the filter in the outer loops and strides
 * through the batch in the inner one, which is ~100x slower than its forward
 * convolution.
 */
import type { backend_util } from '@tensorflow/tfjs-core';

type Values = Float32Array;

/** Filter-channel block that keeps a [block, outChannels] slice of dW in L1. */
const CHANNEL_BLOCK = 32;

export function cpuConv2dBackpropFilter(x: Values, dy: Values, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  const dw = new Float32Array(filterHeight * filterWidth * inChannels * outChannels);
  const xRow = inWidth * inChannels;
  const xBatch = inHeight * xRow;
  const pixels = batchSize * outHeight * outWidth;
  const xOffs = new Int32Array(pixels + 3);
  const dyOffs = new Int32Array(pixels + 3);
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const tap = (kh * filterWidth + kw) * inChannels * outChannels;
      // The output pixels this tap sees, as (x offset, dy offset) pairs.
      let n = 0;
      for (let b = 0; b < batchSize; b++) {
        for (let oh = 0; oh < outHeight; oh++) {
          const ih = oh * strideHeight + kh - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let ow = 0; ow < outWidth; ow++) {
            const iw = ow * strideWidth + kw - left;
            if (iw < 0 || iw >= inWidth) continue;
            xOffs[n] = b * xBatch + ih * xRow + iw * inChannels;
            dyOffs[n] = ((b * outHeight + oh) * outWidth + ow) * outChannels;
            n++;
          }
        }
      }
      for (let c0 = 0; c0 < inChannels; c0 += CHANNEL_BLOCK) {
        const c1 = Math.min(inChannels, c0 + CHANNEL_BLOCK);
        let p = 0;
        // Four pixels per pass: each dW element is loaded and stored once per four products.
        for (; p + 3 < n; p += 4) {
          const x0 = xOffs[p]!;
          const x1 = xOffs[p + 1]!;
          const x2 = xOffs[p + 2]!;
          const x3 = xOffs[p + 3]!;
          const d0 = dyOffs[p]!;
          const d1 = dyOffs[p + 1]!;
          const d2 = dyOffs[p + 2]!;
          const d3 = dyOffs[p + 3]!;
          for (let c = c0; c < c1; c++) {
            const v0 = x[x0 + c]!;
            const v1 = x[x1 + c]!;
            const v2 = x[x2 + c]!;
            const v3 = x[x3 + c]!;
            const wOff = tap + c * outChannels;
            for (let o = 0; o < outChannels; o++) {
              dw[wOff + o]! += v0 * dy[d0 + o]! + v1 * dy[d1 + o]! + v2 * dy[d2 + o]! + v3 * dy[d3 + o]!;
            }
          }
        }
        for (; p < n; p++) {
          const xOff = xOffs[p]!;
          const dyOff = dyOffs[p]!;
          for (let c = c0; c < c1; c++) {
            const xv = x[xOff + c]!;
            const wOff = tap + c * outChannels;
            for (let o = 0; o < outChannels; o++) dw[wOff + o]! += xv * dy[dyOff + o]!;
          }
        }
      }
    }
  }
  return dw;
}

export function cpuConv2dBackpropInput(dy: Values, filter: Values, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  // Filter as [kh, kw, co, ci] so the inner loop is an axpy over contiguous input
  // channels (independent adds), not a dot product (one dependent chain).
  const taps = filterHeight * filterWidth;
  const wt = new Float32Array(filter.length);
  for (let t = 0; t < taps; t++) {
    const base = t * inChannels * outChannels;
    for (let c = 0; c < inChannels; c++) {
      for (let o = 0; o < outChannels; o++) wt[base + o * inChannels + c] = filter[base + c * outChannels + o]!;
    }
  }
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  const xRow = inWidth * inChannels;
  const xBatch = inHeight * xRow;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyOff = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw - left;
            if (iw < 0 || iw >= inWidth) continue;
            const xOff = b * xBatch + ih * xRow + iw * inChannels;
            const wOff = (kh * filterWidth + kw) * inChannels * outChannels;
            let o = 0;
            // Four output channels per pass: each dx element is loaded and stored once per four taps.
            for (; o + 3 < outChannels; o += 4) {
              const g0 = dy[dyOff + o]!;
              const g1 = dy[dyOff + o + 1]!;
              const g2 = dy[dyOff + o + 2]!;
              const g3 = dy[dyOff + o + 3]!;
              const f0 = wOff + o * inChannels;
              const f1 = f0 + inChannels;
              const f2 = f1 + inChannels;
              const f3 = f2 + inChannels;
              for (let c = 0; c < inChannels; c++) {
                dx[xOff + c]! += g0 * wt[f0 + c]! + g1 * wt[f1 + c]! + g2 * wt[f2 + c]! + g3 * wt[f3 + c]!;
              }
            }
            for (; o < outChannels; o++) {
              const g = dy[dyOff + o]!;
              const fOff = wOff + o * inChannels;
              for (let c = 0; c < inChannels; c++) dx[xOff + c]! += g * wt[fOff + c]!;
            }
          }
        }
      }
    }
  }
  return dx;
}

/** Forward NHWC convolution (any stride, dilation, padding), four input channels per pass. */
export function cpuConv2d(x: Values, filter: Values, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth, dilationHeight, dilationWidth } = info;
  const { top, left } = info.padInfo;
  const y = new Float32Array(batchSize * outHeight * outWidth * outChannels);
  const xRow = inWidth * inChannels;
  const xBatch = inHeight * xRow;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const yOff = ((b * outHeight + oh) * outWidth + ow) * outChannels;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight + kh * dilationHeight - top;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth + kw * dilationWidth - left;
            if (iw < 0 || iw >= inWidth) continue;
            const xOff = b * xBatch + ih * xRow + iw * inChannels;
            const wOff = (kh * filterWidth + kw) * inChannels * outChannels;
            let c = 0;
            for (; c + 3 < inChannels; c += 4) {
              const v0 = x[xOff + c]!;
              const v1 = x[xOff + c + 1]!;
              const v2 = x[xOff + c + 2]!;
              const v3 = x[xOff + c + 3]!;
              const w0 = wOff + c * outChannels;
              const w1 = w0 + outChannels;
              const w2 = w1 + outChannels;
              const w3 = w2 + outChannels;
              for (let o = 0; o < outChannels; o++) {
                y[yOff + o]! += v0 * filter[w0 + o]! + v1 * filter[w1 + o]! + v2 * filter[w2 + o]! + v3 * filter[w3 + o]!;
              }
            }
            for (; c < inChannels; c++) {
              const v = x[xOff + c]!;
              const w0 = wOff + c * outChannels;
              for (let o = 0; o < outChannels; o++) y[yOff + o]! += v * filter[w0 + o]!;
            }
          }
        }
      }
    }
  }
  return y;
}
