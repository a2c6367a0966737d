import * as tf from '@tensorflow/tfjs-core';
import { checkBoolean, checkOptions, checkPixelDtype, checkTensor } from './internal/checks';
import { clipKeepNaN } from './internal/clip';
import { type PixelRange, resolvePixelRange } from './pixel-range';

/** Options of {@link scaleRange}. */
export interface ScaleRangeOptions {
  /** The range the input pixels are declared to lie in. Required. */
  from: PixelRange;
  /** The range to map them to. Required. */
  to: PixelRange;
  /**
   * Clip the result to `to`, for input that strays outside `from`.
   * NaN stays NaN. Default `false` (values outside `from` map linearly
   * outside `to`).
   */
  clip?: boolean;
}

/**
 * Maps pixel values linearly from one declared range to another:
 * `(x - from.min) / (from.max - from.min) * (to.max - to.min) + to.min`.
 * `scaleRange(y, { from: b, to: a })` is its inverse up to float32 rounding;
 * {@link toUint8} rounds back to exact integers, so uint8 → `[-1, 1]` → uint8
 * gives back every one of the 256 values exactly.
 *
 * Takes a tensor of any rank (usually NHWC images) of dtype int32 (for
 * example bytes from `tf.tensor(uint8Array)`) or float32, and returns a new
 * float32 tensor of the same shape. `[0, 255]` → `[0, 1]` divides by 255, as
 * torchvision's `ToTensor` does.
 *
 * @throws {RangeSpecError} when `from` or `to` is not a known name or a `[min, max]` pair with `min < max`.
 * @throws {TensorError} when `images` is null, not a tensor, or disposed.
 * @throws {OptionError} when `options` has an unknown key (a misspelling) or `clip` is not a boolean.
 * @throws {DtypeError} when `images` is not int32 or float32.
 *
 * @example
 * const bytes = tf.tensor4d(new Uint8Array([0, 51, 255, 102]), [1, 2, 2, 1], 'int32');
 * const x = scaleRange(bytes, { from: 'uint8', to: 'symmetric' }); // [-1, -0.6, 1, -0.2]
 * const back = scaleRange(x, { from: [-1, 1], to: [0, 255] });     // ≈ [0, 51, 255, 102]
 */
export function scaleRange<T extends tf.Tensor>(images: T, options: ScaleRangeOptions): T {
  const fn = 'scaleRange';
  checkTensor(fn, 'images', images);
  checkPixelDtype(fn, 'images', images);
  const resolved = checkOptions<ScaleRangeOptions>(fn, options, ['from', 'to', 'clip']);
  const [a, b] = resolvePixelRange(resolved.from, fn, 'options.from');
  const [c, d] = resolvePixelRange(resolved.to, fn, 'options.to');
  const clip = checkBoolean(fn, 'options.clip', resolved.clip ?? false);
  return tf.tidy(() => scaleLinear(images, a, b, c, d, clip)) as T;
}

/** The arithmetic of {@link scaleRange}, skipping steps that are identities. Call inside `tf.tidy`. */
export function scaleLinear(images: tf.Tensor, a: number, b: number, c: number, d: number, clip: boolean): tf.Tensor {
  let y: tf.Tensor = images.dtype === 'float32' ? images : tf.cast(images, 'float32');
  if (a !== c || b !== d) {
    if (a !== 0) y = tf.sub(y, tf.scalar(a));
    const from = b - a;
    const to = d - c;
    const factor = to / from;
    const divisor = from / to;
    // One multiply or divide when the factor is exact in float32 (×2, ×127.5, ÷255, ÷127.5):
    // a single rounding, bit-identical to ToTensor's ÷255. Otherwise ÷ then ×.
    if (Math.fround(factor) === factor && factor * from === to) {
      if (factor !== 1) y = tf.mul(y, tf.scalar(factor));
    } else if (Math.fround(divisor) === divisor && divisor * to === from) {
      y = tf.div(y, tf.scalar(divisor));
    } else {
      y = tf.mul(tf.div(y, tf.scalar(from)), tf.scalar(to));
    }
    if (c !== 0) y = tf.add(y, tf.scalar(c));
  }
  if (clip) y = clipKeepNaN(y, c, d);
  // tidy would hand back the input itself when nothing was computed; return a copy we own.
  return y === images ? tf.clone(y) : y;
}
