import * as tf from '@tensorflow/tfjs-core';
import type { PerSample } from './affine';
import { type RemapStage, runStages, uniformLinear } from './internal/stages';
import { checkImages, checkOutputShape, checkSide, perSample, type Shape4 } from './internal/validate';

/** @internal Remap stage cropping a height x width window at per-sample (top, left); outside reads 0. */
export function cropStage(shape: Shape4, top: ArrayLike<number>, left: ArrayLike<number>, height: number, width: number, fill?: Float32Array): RemapStage {
  const [batch, h, w, c] = shape;
  const rows = new Int32Array(batch * height);
  const cols = new Int32Array(batch * width);
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < height; i++) {
      const r = top[n]! + i;
      rows[n * height + i] = r >= 0 && r < h ? r : -1;
    }
    for (let j = 0; j < width; j++) {
      const col = left[n]! + j;
      cols[n * width + j] = col >= 0 && col < w ? col : -1;
    }
  }
  const linear = uniformLinear(batch, 1, 0, 1, 0);
  for (let n = 0; n < batch; n++) {
    linear.rowOffset[n] = top[n]!;
    linear.colOffset[n] = left[n]!;
  }
  return { kind: 'remap', outH: height, outW: width, rows, cols, fill: fill ?? new Float32Array(c), linear };
}

/**
 * Crops a `height` x `width` window of NHWC images whose top-left corner is
 * (`top`, `left`), one number or one per image (integers, may be negative or
 * reach past the edge: those pixels read 0, like torchvision's `F.crop`).
 *
 * @example
 * const centre = crop(images, 2, 2, 24, 24);
 * const each = crop(images, [0, 4], [4, 0], 24, 24);
 */
export function crop(images: tf.Tensor4D, top: PerSample, left: PerSample, height: number, width: number): tf.Tensor4D {
  const shape = checkImages('crop', images);
  const tops = perSample('crop', 'top', top, shape[0], { integer: true });
  const lefts = perSample('crop', 'left', left, shape[0], { integer: true });
  checkSide('crop', 'height', height);
  checkSide('crop', 'width', width);
  checkOutputShape('crop', [shape[0], height, width, shape[3]]);
  const stage = cropStage(shape, tops, lefts, height, width);
  return tf.tidy(() => runStages(images, [stage]));
}
