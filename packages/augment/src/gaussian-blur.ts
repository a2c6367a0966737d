import * as tf from '@tensorflow/tfjs-core';
import type { PerSample } from './affine';
import { describe } from '@ganforge/internal';
import { OptionError } from './errors';
import { checkImages, checkKeys, checkSide, perSample } from './internal/validate';

/** Options of {@link gaussianBlur}. */
export interface GaussianBlurOptions {
  /** Standard deviation in pixels (> 0), shared or one per image. Default from the kernel size, as torchvision: 0.3 * ((k - 1) * 0.5 - 1) + 0.8. */
  sigma?: PerSample;
  /** Vertical standard deviation when it differs from `sigma`. Default `sigma`. */
  sigmaY?: PerSample;
}

/** torchvision's `_get_gaussian_kernel1d`, in float32. */
export function gaussianKernel1d(size: number, sigma: number): Float32Array {
  const f = Math.fround;
  const half = (size - 1) * 0.5;
  const pdf = new Float32Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const x = size === 1 ? -half : f(-half + (2 * half * i) / (size - 1));
    const v = f(Math.exp(f(-0.5 * f(f(x / sigma) ** 2))));
    pdf[i] = v;
    sum = f(sum + v);
  }
  for (let i = 0; i < size; i++) pdf[i] = f(pdf[i]! / sum);
  return pdf;
}

/** Default sigma of a kernel size (torchvision). */
export function defaultSigma(size: number): number {
  return 0.3 * ((size - 1) * 0.5 - 1) + 0.8;
}

/** One separable pass along `axis` (1 = rows, 2 = columns) of an already padded tensor. */
function pass(padded: tf.Tensor4D, axis: 1 | 2, size: number, sigmas: Float64Array): tf.Tensor4D {
  const batch = padded.shape[0];
  const kernels = Array.from(sigmas, (s) => gaussianKernel1d(size, s));
  const shared = sigmas.every((s) => s === sigmas[0]);
  const outShape = [...padded.shape] as [number, number, number, number];
  outShape[axis] -= size - 1;
  let sum: tf.Tensor | null = null;
  for (let t = 0; t < size; t++) {
    const begin = [0, 0, 0, 0];
    begin[axis] = t;
    const slice = tf.slice(padded, begin, outShape);
    const weight = shared ? tf.scalar(kernels[0]![t]!) : tf.tensor4d(kernels.map((k) => k[t]!), [batch, 1, 1, 1]);
    const term = tf.mul(slice, weight);
    sum = sum ? tf.add(sum, term) : term;
  }
  return sum as tf.Tensor4D;
}

/** @internal Resolves the kernel size [kx, ky]. */
export function resolveKernelSize(fn: string, kernelSize: unknown): [number, number] {
  const arr = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : kernelSize;
  if (!Array.isArray(arr) || arr.length !== 2) {
    throw new OptionError({ functionName: fn, argument: 'kernelSize', expected: 'an odd positive integer or [kx, ky]', actual: describe(kernelSize) });
  }
  return arr.map((k, i) => {
    const v = checkSide(fn, typeof kernelSize === 'number' ? 'kernelSize' : `kernelSize[${i}]`, k);
    if (v % 2 !== 1) throw new OptionError({ functionName: fn, argument: 'kernelSize', expected: 'an odd positive integer', actual: describe(kernelSize) });
    return v;
  }) as [number, number];
}

/** @internal Blur with resolved per-sample sigmas; reflect padding like torchvision. */
export function blurOp(images: tf.Tensor4D, kx: number, ky: number, sigmaX: Float64Array, sigmaY: Float64Array): tf.Tensor4D {
  let x: tf.Tensor4D = images;
  const [, h, w] = images.shape;
  if (ky > 1) {
    const py = (ky - 1) / 2;
    x = pass(reflectPad(x, 1, py, h), 1, ky, sigmaY);
  }
  if (kx > 1) {
    const px = (kx - 1) / 2;
    x = pass(reflectPad(x, 2, px, w), 2, kx, sigmaX);
  }
  return x === images ? tf.clone(images) : x;
}

/** Reflect padding (mirror without the edge) by `amount` on both sides of `axis`, any amount. */
function reflectPad(x: tf.Tensor4D, axis: 1 | 2, amount: number, size: number): tf.Tensor4D {
  if (amount < size) {
    const paddings: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
    paddings[axis] = [amount, amount];
    return tf.mirrorPad(x, paddings, 'reflect');
  }
  // Larger than the image (torch refuses): periodic reflection through a gather.
  const period = Math.max(1, 2 * (size - 1));
  const idx = new Int32Array(size + 2 * amount);
  for (let i = 0; i < idx.length; i++) {
    const k = (((i - amount) % period) + period) % period;
    idx[i] = size === 1 ? 0 : k < size ? k : period - k;
  }
  return tf.gather(x, tf.tensor1d(idx, 'int32'), axis);
}

/**
 * Gaussian blur of NHWC images (any channel count, any range) with an odd
 * `kernelSize` (a number or [kx, ky]) and reflect padding, as torchvision's
 * `F.gaussian_blur(x, [kx, ky], [sx, sy])`. Sigma may differ per image.
 *
 * @example
 * const soft = gaussianBlur(images, 5, { sigma: 1.5 });
 * const each = gaussianBlur(images, 3, { sigma: [0.5, 1, 2] });
 */
export function gaussianBlur(images: tf.Tensor4D, kernelSize: number | readonly [number, number], options: GaussianBlurOptions = {}): tf.Tensor4D {
  const shape = checkImages('gaussianBlur', images);
  const [kx, ky] = resolveKernelSize('gaussianBlur', kernelSize);
  options = checkKeys('gaussianBlur', options, ['sigma', 'sigmaY']);
  const batch = shape[0];
  const sigmaX = perSample('gaussianBlur', 'sigma', options.sigma ?? defaultSigma(kx), batch, { min: 0, minExclusive: true });
  const sigmaY =
    options.sigmaY !== undefined
      ? perSample('gaussianBlur', 'sigmaY', options.sigmaY, batch, { min: 0, minExclusive: true })
      : options.sigma !== undefined
        ? sigmaX
        : perSample('gaussianBlur', 'sigma', defaultSigma(ky), batch, { min: 0, minExclusive: true });
  return tf.tidy(() => blurOp(images, kx, ky, sigmaX, sigmaY));
}
