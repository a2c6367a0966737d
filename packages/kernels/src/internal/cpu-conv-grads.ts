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
  for (let kh = 0; kh < filterHeight; kh++) {
    for (let kw = 0; kw < filterWidth; kw++) {
      const tap = (kh * filterWidth + kw) * inChannels * outChannels;
      for (let c0 = 0; c0 < inChannels; c0 += CHANNEL_BLOCK) {
        const c1 = Math.min(inChannels, c0 + CHANNEL_BLOCK);
        for (let b = 0; b < batchSize; b++) {
          for (let oh = 0; oh < outHeight; oh++) {
            const ih = oh * strideHeight + kh - top;
            if (ih < 0 || ih >= inHeight) continue;
            for (let ow = 0; ow < outWidth; ow++) {
              const iw = ow * strideWidth + kw - left;
              if (iw < 0 || iw >= inWidth) continue;
              const xOff = b * xBatch + ih * xRow + iw * inChannels;
              const dyOff = ((b * outHeight + oh) * outWidth + ow) * outChannels;
              for (let c = c0; c < c1; c++) {
                const xv = x[xOff + c]!;
                if (xv === 0) continue;
                const wOff = tap + c * outChannels;
                for (let o = 0; o < outChannels; o++) dw[wOff + o]! += xv * dy[dyOff + o]!;
              }
            }
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
            for (let c = 0; c < inChannels; c++) {
              const fOff = wOff + c * outChannels;
              let sum = 0;
              for (let o = 0; o < outChannels; o++) sum += dy[dyOff + o]! * filter[fOff + o]!;
              dx[xOff + c]! += sum;
            }
          }
        }
      }
    }
  }
  return dx;
}
