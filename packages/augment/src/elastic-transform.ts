import * as tf from '@tensorflow/tfjs-core';
import type { Interpolation } from './affine';
import { checkTensor, describe } from '@ganforge/internal';
import { ShapeError, TensorError } from './errors';
import { checkEnum, checkFill, checkImages, checkKeys, type Shape4 } from './internal/validate';

/** Options of {@link elasticTransform}. */
export interface ElasticTransformOptions {
  /** Interpolation. Default 'bilinear'. */
  interpolation?: Interpolation;
  /** Value for pixels from outside: a number or one per channel. Default 0. */
  fill?: number | readonly number[];
}

/**
 * @internal Samples images at pixel coordinates xs, ys ([N, H', W'] tensors)
 * with tensor ops (bilinear or nearest, zero padding, torchvision's fill-mask
 * blending).
 */
export function gridSample(images: tf.Tensor4D, xs: tf.Tensor3D, ys: tf.Tensor3D, interpolation: Interpolation, fill: Float32Array): tf.Tensor4D {
  const [batch, h, w, c] = images.shape;
  const [, oh, ow] = xs.shape;
  const flat = tf.reshape(images, [batch * h * w, c]);
  const base = tf.reshape(tf.mul(tf.range(0, batch, 1, 'int32'), tf.scalar(h * w, 'int32')), [batch, 1, 1]);
  const inside = (y: tf.Tensor, x: tf.Tensor) =>
    tf.cast(tf.logicalAnd(tf.logicalAnd(tf.greaterEqual(x, 0), tf.less(x, w)), tf.logicalAnd(tf.greaterEqual(y, 0), tf.less(y, h))), 'float32');
  const read = (y: tf.Tensor, x: tf.Tensor) => {
    const yi = tf.cast(tf.clipByValue(y, 0, h - 1), 'int32');
    const xi = tf.cast(tf.clipByValue(x, 0, w - 1), 'int32');
    const idx = tf.add(base, tf.add(tf.mul(yi, tf.scalar(w, 'int32')), xi));
    return tf.reshape(tf.gather(flat, tf.reshape(idx, [-1])), [batch, oh, ow, c]);
  };
  let sampled: tf.Tensor;
  let mask: tf.Tensor;
  if (interpolation === 'nearest') {
    const xr = tf.round(xs);
    const yr = tf.round(ys);
    mask = tf.expandDims(inside(yr, xr), -1);
    sampled = tf.mul(read(yr, xr), mask);
  } else {
    const x0 = tf.floor(xs);
    const y0 = tf.floor(ys);
    const x1 = tf.add(x0, 1);
    const y1 = tf.add(y0, 1);
    const fx = tf.sub(xs, x0);
    const fy = tf.sub(ys, y0);
    const gx = tf.sub(1, fx);
    const gy = tf.sub(1, fy);
    const corners: [tf.Tensor, tf.Tensor, tf.Tensor][] = [
      [y0, x0, tf.mul(gy, gx)],
      [y0, x1, tf.mul(gy, fx)],
      [y1, x0, tf.mul(fy, gx)],
      [y1, x1, tf.mul(fy, fx)],
    ];
    sampled = tf.zeros([batch, oh, ow, c]);
    mask = tf.zeros([batch, oh, ow, 1]);
    for (const [y, x, weight] of corners) {
      const wv = tf.expandDims(tf.mul(weight, inside(y, x)), -1);
      sampled = tf.add(sampled, tf.mul(read(y, x), wv));
      mask = tf.add(mask, wv);
    }
    sampled = tf.mul(sampled, mask);
  }
  const hasFill = fill.some((v) => v !== 0);
  if (!hasFill) return sampled as tf.Tensor4D;
  return tf.add(sampled, tf.mul(tf.sub(1, mask), tf.tensor1d(fill))) as tf.Tensor4D;
}

/** @internal Warps images by a pixel displacement field [N or 1, H, W, 2] (dx, dy). */
export function elasticOp(images: tf.Tensor4D, displacement: tf.Tensor4D, interpolation: Interpolation, fill: Float32Array): tf.Tensor4D {
  const [batch, h, w] = images.shape;
  const jj = tf.reshape(tf.range(0, w, 1, 'float32'), [1, 1, w]);
  const ii = tf.reshape(tf.range(0, h, 1, 'float32'), [1, h, 1]);
  const [dx, dy] = tf.split(displacement, 2, 3);
  const xs = tf.broadcastTo(tf.add(jj, tf.squeeze(dx!, [3])), [batch, h, w]) as tf.Tensor3D;
  const ys = tf.broadcastTo(tf.add(ii, tf.squeeze(dy!, [3])), [batch, h, w]) as tf.Tensor3D;
  return gridSample(images, xs, ys, interpolation, fill);
}

/** @internal Checks a displacement field against the images' shape. */
export function checkDisplacement(fn: string, shape: Shape4, displacement: unknown): tf.Tensor4D {
  const [batch, h, w] = shape;
  checkTensor(fn, 'displacement', displacement, TensorError);
  const ok =
    displacement instanceof tf.Tensor &&
    displacement.rank === 4 &&
    (displacement.shape[0] === batch || displacement.shape[0] === 1) &&
    displacement.shape[1] === h &&
    displacement.shape[2] === w &&
    displacement.shape[3] === 2;
  if (!ok) {
    const actual = displacement instanceof tf.Tensor ? `shape ${describe(displacement.shape)}` : describe(typeof displacement);
    throw new ShapeError({ functionName: fn, argument: 'displacement', expected: `a tensor of shape [${batch} or 1, ${h}, ${w}, 2]`, actual: actual });
  }
  return displacement as tf.Tensor4D;
}

/**
 * Elastic warp of NHWC images (any channel count) by a displacement field in
 * pixels, [N or 1, H, W, 2] holding (dx, dy): output pixel (i, j) samples the
 * input at (j + dx, i + dy). Same sampling and fill as {@link affine}; equals
 * torchvision's `F.elastic_transform` with the displacement divided by
 * (W / 2, H / 2). {@link randomElastic} draws smooth fields.
 *
 * @example
 * const field = tf.fill([1, 28, 28, 2], 1.5) as tf.Tensor4D; // shift by 1.5 px
 * const warped = elasticTransform(images, field);
 */
export function elasticTransform(images: tf.Tensor4D, displacement: tf.Tensor4D, options: ElasticTransformOptions = {}): tf.Tensor4D {
  const shape = checkImages('elasticTransform', images);
  const field = checkDisplacement('elasticTransform', shape, displacement);
  const checked = checkKeys('elasticTransform', options, ['interpolation', 'fill']);
  const interpolation = checkEnum('elasticTransform', 'interpolation', checked.interpolation ?? 'bilinear', ['bilinear', 'nearest'] as const);
  const fill = checkFill('elasticTransform', checked.fill ?? 0, shape[3]);
  return tf.tidy(() => elasticOp(images, field, interpolation, fill));
}
