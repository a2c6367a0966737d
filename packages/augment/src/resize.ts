import * as tf from '@tensorflow/tfjs-core';
import type { Interpolation } from './affine';
import { describe } from '@ganforge/internal';
import { OptionError } from './errors';
import { runStages, type SeparableStage } from './internal/stages';
import { checkEnum, checkImages, checkKeys, checkOutputShape, checkSide, type Shape4 } from './internal/validate';

/** Options of {@link resize}. */
export interface ResizeOptions {
  /** Interpolation. Default 'bilinear'. */
  interpolation?: Interpolation;
}

const f = Math.fround;

/**
 * Fills interpolation tables for one axis of one sample: output positions
 * 0..outSize-1 read the window [start, start + inSize) of the source, like
 * torch's `interpolate(..., align_corners=False)` (no antialiasing).
 */
export function fillAxis(
  i0: Int32Array,
  i1: Int32Array,
  weight: Float32Array,
  offset: number,
  outSize: number,
  inSize: number,
  start: number,
  interpolation: Interpolation,
): void {
  const scale = f(inSize / outSize);
  for (let o = 0; o < outSize; o++) {
    if (interpolation === 'nearest') {
      const src = outSize === inSize ? o : Math.min(Math.floor(f(o * scale)), inSize - 1);
      i0[offset + o] = start + src;
      i1[offset + o] = start + src;
      weight[offset + o] = 0;
    } else {
      let src = f(f(scale * f(o + 0.5)) - 0.5);
      if (src < 0) src = 0;
      const lo = Math.floor(src);
      const hiStep = lo < inSize - 1 ? 1 : 0;
      i0[offset + o] = start + lo;
      i1[offset + o] = start + lo + hiStep;
      weight[offset + o] = f(src - lo);
    }
  }
}

/**
 * @internal Separable stage resizing per-sample windows (top, left, height,
 * width) of each image to outH x outW.
 */
export function resizedCropStage(
  shape: Shape4,
  boxes: { top: ArrayLike<number>; left: ArrayLike<number>; height: ArrayLike<number>; width: ArrayLike<number> },
  outH: number,
  outW: number,
  interpolation: Interpolation,
): SeparableStage {
  const batch = shape[0];
  const y0 = new Int32Array(batch * outH);
  const y1 = new Int32Array(batch * outH);
  const wy = new Float32Array(batch * outH);
  const x0 = new Int32Array(batch * outW);
  const x1 = new Int32Array(batch * outW);
  const wx = new Float32Array(batch * outW);
  for (let n = 0; n < batch; n++) {
    fillAxis(y0, y1, wy, n * outH, outH, boxes.height[n]!, boxes.top[n]!, interpolation);
    fillAxis(x0, x1, wx, n * outW, outW, boxes.width[n]!, boxes.left[n]!, interpolation);
  }
  return { kind: 'separable', outH, outW, y0, y1, wy, x0, x1, wx };
}

/** @internal Output size of torchvision's `resize` for `size` (number: shorter side). */
export function resolveResizeSize(fn: string, size: unknown, h: number, w: number): [number, number] {
  if (typeof size === 'number') {
    const s = checkSide(fn, 'size', size);
    if (w <= h) return [Math.max(1, Math.trunc((s * h) / w)), s];
    return [s, Math.max(1, Math.trunc((s * w) / h))];
  }
  if (!Array.isArray(size) || size.length !== 2) {
    throw new OptionError({ functionName: fn, argument: 'size', expected: 'a number (shorter side) or [height, width]', actual: describe(size) });
  }
  return [checkSide(fn, 'size[0]', size[0]), checkSide(fn, 'size[1]', size[1])];
}

/**
 * Resizes NHWC images (any channel count). `size` is [height, width], or a
 * number that the shorter side becomes (keeping the aspect ratio, like
 * torchvision). Matches torchvision 0.14's `F.resize` on tensors (half-pixel
 * centres, no antialiasing); 'nearest' is torch's legacy nearest.
 *
 * @example
 * const big = resize(images, [56, 56]);
 * const short = resize(images, 14, { interpolation: 'nearest' });
 */
export function resize(images: tf.Tensor4D, size: number | readonly [number, number], options: ResizeOptions = {}): tf.Tensor4D {
  const shape = checkImages('resize', images);
  const [batch, h, w] = shape;
  const [outH, outW] = resolveResizeSize('resize', size, h, w);
  const { interpolation: given } = checkKeys('resize', options, ['interpolation']);
  const interpolation = checkEnum('resize', 'interpolation', given ?? 'bilinear', ['bilinear', 'nearest'] as const);
  checkOutputShape('resize', [batch, outH, outW, shape[3]]);
  const zeros = new Float64Array(batch);
  const stage = resizedCropStage(shape, { top: zeros, left: zeros, height: new Float64Array(batch).fill(h), width: new Float64Array(batch).fill(w) }, outH, outW, interpolation);
  return tf.tidy(() => runStages(images, [stage]));
}
