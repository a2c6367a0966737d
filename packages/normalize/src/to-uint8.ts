import * as tf from '@tensorflow/tfjs-core';
import { checkOptions, checkPixelDtype, checkTensor } from './internal/checks';
import { type PixelRange, resolvePixelRange } from './pixel-range';
import { scaleLinear } from './scale-range';

/**
 * Options of {@link toUint8}: `pixelRange` is required (the deprecated
 * spelling `range` is still taken, with a warning, until the next minor
 * version).
 */
export type ToUint8Options =
  | {
      /**
       * The range the input pixels are declared to lie in, mapped onto
       * `[0, 255]`. Required: a generator's `tanh` output is `'symmetric'`, a
       * `sigmoid` output or `ToTensor`-style data is `'unit'`.
       */
      pixelRange: PixelRange;
      /** @deprecated Use `pixelRange`; `range` is removed in the next minor version. */
      range?: undefined;
    }
  | {
      /** @deprecated Use `pixelRange`; `range` is removed in the next minor version. */
      range: PixelRange;
      pixelRange?: undefined;
    };

/**
 * Converts float pixels in a declared range to display bytes: maps
 * `pixelRange` onto `[0, 255]`, clips, and rounds to the nearest integer
 * (ties to even, as `tf.round` and NumPy do). NaN becomes 0.
 *
 * Takes a tensor of any rank (usually NHWC images) of dtype int32 or float32
 * and returns a new **int32** tensor of the same shape holding integers in
 * `[0, 255]` (tfjs has no uint8 dtype; `tf.browser.toPixels` and
 * `new Uint8Array(await bytes.data())` take it as is). It inverts
 * {@link scaleRange} exactly on integer pixels:
 * `toUint8(scaleRange(b, { from: 'uint8', to: r }), { pixelRange: r })` equals `b`.
 *
 * @throws {RangeSpecError} when `options.pixelRange` is missing, not a known name or not a `[min, max]` pair with `min < max`.
 * @throws {OptionError} when `options` has an unknown key (a misspelling), or both `pixelRange` and the deprecated `range`.
 * @throws {TensorError} when `images` is null, not a tensor, or disposed.
 * @throws {DtypeError} when `images` is not int32 or float32.
 *
 * @example
 * const fake = tf.tensor4d([-1, -0.2, 0.999, 1.7], [1, 2, 2, 1]); // tanh output in [-1, 1]
 * toUint8(fake, { pixelRange: 'symmetric' }); // int32 [0, 102, 255, 255]
 */
export function toUint8<T extends tf.Tensor>(images: T, options: ToUint8Options): T {
  const fn = 'toUint8';
  checkTensor(fn, 'images', images);
  checkPixelDtype(fn, 'images', images);
  const resolved = checkOptions<{ pixelRange?: PixelRange }>(fn, options as { pixelRange?: PixelRange }, ['pixelRange'], { range: 'pixelRange' });
  const [a, b] = resolvePixelRange(resolved.pixelRange, fn, 'options.pixelRange');
  return tf.tidy(() => {
    const scaled = scaleLinear(images, a, b, 0, 255, false);
    // NaN -> 0: clipByValue keeps NaN, and casting NaN to int32 is backend-dependent.
    const finite = tf.where(tf.isNaN(scaled), tf.scalar(0), scaled);
    return tf.cast(tf.round(tf.clipByValue(finite, 0, 255)), 'int32');
  }) as T;
}
