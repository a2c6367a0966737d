import * as tf from '@tensorflow/tfjs-core';
import type { PerSample } from './affine';
import { checkFill, checkImages, checkKeys, perSample, type Shape4 } from './internal/validate';

/** Options of {@link erase}. */
export interface EraseOptions {
  /** Value written in the box: a number or one per channel. Default 0. */
  value?: number | readonly number[];
}

/** @internal A [N, H, W, 1] float mask, 1 inside each sample's box. */
export function boxMask(shape: Shape4, top: ArrayLike<number>, left: ArrayLike<number>, height: ArrayLike<number>, width: ArrayLike<number>): tf.Tensor4D {
  const [batch, h, w] = shape;
  const mask = new Float32Array(batch * h * w);
  for (let n = 0; n < batch; n++) {
    const i0 = Math.max(0, top[n]!);
    const i1 = Math.min(h, top[n]! + height[n]!);
    const j0 = Math.max(0, left[n]!);
    const j1 = Math.min(w, left[n]! + width[n]!);
    for (let i = i0; i < i1; i++) mask.fill(1, n * h * w + i * w + j0, n * h * w + i * w + Math.max(j0, j1));
  }
  return tf.tensor4d(mask, [batch, h, w, 1]);
}

/** @internal x * (1 - mask) + value * mask. */
export function eraseOp(images: tf.Tensor4D, mask: tf.Tensor4D, value: Float32Array): tf.Tensor4D {
  const kept = tf.mul(images, tf.sub(1, mask));
  if (value.every((v) => v === 0)) return kept as tf.Tensor4D;
  return tf.add(kept, tf.mul(mask, tf.tensor1d(value))) as tf.Tensor4D;
}

/**
 * Erases a box (cutout) of NHWC images (any channel count, any range): rows
 * [top, top + height) and columns [left, left + width) become `value`. Each of
 * the four numbers is shared or one per image; boxes are clipped to the image.
 * Matches torchvision's `F.erase` with a constant value.
 *
 * @example
 * const cut = erase(images, 4, 4, 8, 8);
 * const each = erase(images, [0, 10], [0, 10], 6, 6, { value: 0.5 });
 */
export function erase(images: tf.Tensor4D, top: PerSample, left: PerSample, height: PerSample, width: PerSample, options: EraseOptions = {}): tf.Tensor4D {
  const shape = checkImages('erase', images);
  const batch = shape[0];
  const t = perSample('erase', 'top', top, batch, { integer: true });
  const l = perSample('erase', 'left', left, batch, { integer: true });
  const h = perSample('erase', 'height', height, batch, { integer: true, min: 0 });
  const w = perSample('erase', 'width', width, batch, { integer: true, min: 0 });
  const { value: given } = checkKeys('erase', options, ['value']);
  const value = checkFill('erase', given ?? 0, shape[3], 'value');
  return tf.tidy(() => eraseOp(images, boxMask(shape, t, l, h, w), value));
}
