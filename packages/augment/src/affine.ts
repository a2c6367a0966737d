import * as tf from '@tensorflow/tfjs-core';
import { describe } from '@ganforge/internal';
import { OptionError } from './errors';
import { type AffineStage, runStages } from './internal/stages';
import { checkEnum, checkFill, checkImages, checkKeys, checkNumber, perSample, type Shape4 } from './internal/validate';

/** A number shared by the batch, or one number per image. */
export type PerSample = number | readonly number[];

/** Interpolation of the geometric warps. */
export type Interpolation = 'bilinear' | 'nearest';

/** Options of {@link affine}. Every number may be one per image. */
export interface AffineOptions {
  /** Rotation in degrees, counter-clockwise, about the centre. Default 0. */
  angle?: PerSample;
  /** Translation [tx, ty] in pixels (x right, y down). Default [0, 0]. */
  translate?: readonly [PerSample, PerSample];
  /** Scale factor (> 0). Default 1. */
  scale?: PerSample;
  /** Shear in degrees: sx, or [sx, sy] (torchvision's convention). Default [0, 0]. */
  shear?: PerSample | readonly [PerSample, PerSample];
  /** Interpolation. Default 'bilinear'. */
  interpolation?: Interpolation;
  /** Value of pixels that come from outside the image: a number or one per channel. Default 0. */
  fill?: number | readonly number[];
  /** Centre [x, y] in pixel coordinates. Default the image centre. */
  center?: readonly [number, number];
}

/** Resolved per-sample affine parameters. */
export interface AffineParameters {
  angle: Float64Array;
  tx: Float64Array;
  ty: Float64Array;
  scale: Float64Array;
  shearX: Float64Array;
  shearY: Float64Array;
}

/**
 * torchvision's `_get_inverse_affine_matrix` with a centre at the origin,
 * for torchvision's clockwise `angle`; returns [m0..m5] mapping centred output
 * coordinates to centred input coordinates.
 */
export function inverseAffineMatrix(angle: number, tx: number, ty: number, scale: number, shearX: number, shearY: number, cx = 0, cy = 0): number[] {
  const rot = (angle * Math.PI) / 180;
  const sx = (shearX * Math.PI) / 180;
  const sy = (shearY * Math.PI) / 180;
  const a = Math.cos(rot - sy) / Math.cos(sy);
  const b = (-Math.cos(rot - sy) * Math.tan(sx)) / Math.cos(sy) - Math.sin(rot);
  const c = Math.sin(rot - sy) / Math.cos(sy);
  const d = (-Math.sin(rot - sy) * Math.tan(sx)) / Math.cos(sy) + Math.cos(rot);
  const m = [d, -b, 0, -c, a, 0].map((v) => v / scale) as [number, number, number, number, number, number];
  m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
  m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
  m[2] += cx;
  m[5] += cy;
  return m;
}

/** @internal Affine stage from resolved parameters (angle counter-clockwise). */
export function affineStage(
  shape: Shape4,
  params: AffineParameters,
  interpolation: Interpolation,
  fill: Float32Array,
  center?: readonly [number, number],
): AffineStage {
  const [batch, h, w] = shape;
  const matrices = new Float64Array(batch * 6);
  const ox = (w - 1) / 2;
  const oy = (h - 1) / 2;
  const cx = center ? center[0] - w * 0.5 : 0;
  const cy = center ? center[1] - h * 0.5 : 0;
  for (let n = 0; n < batch; n++) {
    const m = inverseAffineMatrix(-params.angle[n]!, params.tx[n]!, params.ty[n]!, params.scale[n]!, params.shearX[n]!, params.shearY[n]!, cx, cy);
    // pixel (j, i) -> centred (j - ox, i - oy) -> m -> + (ox, oy)
    const o = n * 6;
    matrices[o] = m[0]!;
    matrices[o + 1] = m[1]!;
    matrices[o + 2] = m[2]! - m[0]! * ox - m[1]! * oy + ox;
    matrices[o + 3] = m[3]!;
    matrices[o + 4] = m[4]!;
    matrices[o + 5] = m[5]! - m[3]! * ox - m[4]! * oy + oy;
  }
  return { kind: 'affine', outH: h, outW: w, matrices, interpolation, fill };
}

/** @internal Resolves {@link AffineOptions} for a batch. */
export function resolveAffine(fn: string, shape: Shape4, options: AffineOptions) {
  const batch = shape[0];
  const translate = options.translate ?? [0, 0];
  if (!Array.isArray(translate) || translate.length !== 2) {
    throw new OptionError({ functionName: fn, argument: 'translate', expected: 'an array [tx, ty]', actual: describe(translate) });
  }
  const shear = options.shear ?? [0, 0];
  let shearPair: readonly [PerSample, PerSample];
  if (typeof shear === 'number') shearPair = [shear, 0];
  else if (Array.isArray(shear) && shear.length === 2) shearPair = shear as [PerSample, PerSample];
  else throw new OptionError({ functionName: fn, argument: 'shear', expected: 'a number or an array [sx, sy]', actual: describe(shear) });
  const params: AffineParameters = {
    angle: perSample(fn, 'angle', options.angle ?? 0, batch),
    tx: perSample(fn, 'translate[0]', translate[0], batch),
    ty: perSample(fn, 'translate[1]', translate[1], batch),
    scale: perSample(fn, 'scale', options.scale ?? 1, batch, { min: 0, minExclusive: true }),
    shearX: perSample(fn, 'shear[0]', shearPair[0], batch, { min: -89.99, max: 89.99 }),
    shearY: perSample(fn, 'shear[1]', shearPair[1], batch, { min: -89.99, max: 89.99 }),
  };
  const interpolation = checkEnum(fn, 'interpolation', options.interpolation ?? 'bilinear', ['bilinear', 'nearest'] as const);
  const fill = checkFill(fn, options.fill ?? 0, shape[3]);
  let center: [number, number] | undefined;
  if (options.center !== undefined) {
    if (!Array.isArray(options.center) || options.center.length !== 2) {
      throw new OptionError({ functionName: fn, argument: 'center', expected: 'an array [x, y]', actual: describe(options.center) });
    }
    center = [checkNumber(fn, 'center[0]', options.center[0]), checkNumber(fn, 'center[1]', options.center[1])];
  }
  return { params, interpolation, fill, center };
}

/**
 * Affine warp of NHWC images (any channel count) about the image centre:
 * rotation (counter-clockwise degrees), translation (pixels), scale and shear,
 * each a number or one per image. Output pixels are sampled from the input
 * (bilinear or nearest, zero padding); pixels from outside blend with `fill`
 * exactly as torchvision 0.14 does (`out = sampled * mask + (1 - mask) * fill`),
 * so `affine(x, { angle: a, ... })` equals torchvision's
 * `F.affine(x, angle=-a, ..., fill=[fill])`.
 *
 * @example
 * const out = affine(images, { angle: [15, -15], translate: [2, 0], scale: 1.1 });
 */
export function affine(images: tf.Tensor4D, options: AffineOptions = {}): tf.Tensor4D {
  const shape = checkImages('affine', images);
  const checked = checkKeys('affine', options, ['angle', 'translate', 'scale', 'shear', 'interpolation', 'fill', 'center']);
  const { params, interpolation, fill, center } = resolveAffine('affine', shape, checked);
  const stage = affineStage(shape, params, interpolation, fill, center);
  return tf.tidy(() => runStages(images, [stage]));
}

/** Options of {@link rotate}. */
export interface RotateOptions {
  /** Interpolation. Default 'bilinear'. */
  interpolation?: Interpolation;
  /** Value for pixels from outside: a number or one per channel. Default 0. */
  fill?: number | readonly number[];
  /** Centre [x, y] in pixel coordinates. Default the image centre. */
  center?: readonly [number, number];
}

/**
 * Rotates NHWC images counter-clockwise by `angle` degrees (one number, or one
 * per image) about the centre, keeping the size. Matches torchvision's
 * `F.rotate(x, angle, fill=[fill])`.
 *
 * @example
 * const out = rotate(images, 90);
 * const each = rotate(images, [10, -10, 30]);
 */
export function rotate(images: tf.Tensor4D, angle: PerSample, options: RotateOptions = {}): tf.Tensor4D {
  const shape = checkImages('rotate', images);
  const checked = checkKeys('rotate', options, ['interpolation', 'fill', 'center']);
  const resolved = resolveAffine('rotate', shape, { ...checked, angle });
  const stage = affineStage(shape, resolved.params, resolved.interpolation, resolved.fill, resolved.center);
  return tf.tidy(() => runStages(images, [stage]));
}
