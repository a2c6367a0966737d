import { checkAllocation, checkNumber, checkOptions, checkSize, checkTensor, describe, LIMITS, type PixelRange, resolvePixelRange } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { encode } from 'fast-png';
import { LimitError, OptionError, ShapeError, TensorError } from './errors';
import { DEPRECATED_OPTIONS } from './options';

/**
 * Options of `contactSheet`.
 *
 * @example
 * const options: ContactSheetOptions = { columns: 8, scale: 3, pixelRange: 'symmetric' };
 */
export interface ContactSheetOptions {
  /** Tiles per row, at most `LIMITS.imageSide`. Default `10`. */
  columns?: number;
  /** Integer upscaling of each image (nearest neighbour), at most `LIMITS.imageSide`. Default `2`. */
  scale?: number;
  /** Pixels between tiles, at most `LIMITS.imageSide`. Default `2`. */
  padding?: number;
  /**
   * Pixel range of the images: `'unit'` (`[0, 1]`), `'uint8'` (`[0, 255]`),
   * `'symmetric'` (`[-1, 1]`) or `[min, max]`. Default `'unit'`.
   */
  pixelRange?: PixelRange;
  /** @deprecated Use `pixelRange` (this old spelling works, with a warning, until the next minor version). */
  range?: readonly [number, number];
  /** Background gray level of the padding, 0..255. Default `128`. */
  background?: number;
}

const CONTACT_SHEET_KEYS = ['columns', 'scale', 'padding', 'pixelRange', 'background'];

/**
 * Tiles images into one PNG (bytes) for a person to look at, e.g. the images a
 * report flagged: `contactSheet(tf.gather(images, report.flagged('outlier')))`.
 * Gray images give a gray PNG, others an RGB PNG (first three channels); NaN
 * and ±Inf show as the low end of the range. Inputs are not disposed.
 *
 * The sheet's sides are checked against `LIMITS.imageSide` (16,384) before
 * it is allocated.
 *
 * @param images NHWC `Tensor4D` or an array of `Tensor3D` [h, w, c] (tiles are
 *   sized to the largest image), pixel values in `pixelRange`.
 * @throws OptionError (unknown option key, bad value), TensorError (null,
 *   non-tensor or disposed images), ShapeError, LimitError (a sheet side past
 *   `LIMITS.imageSide`).
 * @example
 * const png = await contactSheet(tf.gather(images, report.flagged()), { columns: 8 });
 * writeFileSync('flagged.png', png);
 */
export async function contactSheet(images: tf.Tensor4D | readonly tf.Tensor3D[], options: ContactSheetOptions = {}): Promise<Uint8Array> {
  return contactSheetAs('contactSheet', images, options);
}

/** `contactSheet` with the calling public function named in errors. */
export async function contactSheetAs(
  fn: string,
  images: tf.Tensor4D | readonly tf.Tensor3D[],
  options: ContactSheetOptions | undefined,
): Promise<Uint8Array> {
  const resolved = checkOptions(fn, options, CONTACT_SHEET_KEYS, OptionError, { deprecated: DEPRECATED_OPTIONS });
  const columns = checkSize(fn, 'options.columns', resolved.columns ?? 10, LIMITS.imageSide, LimitError, OptionError);
  const scale = checkSize(fn, 'options.scale', resolved.scale ?? 2, LIMITS.imageSide, LimitError, OptionError);
  const padding = resolved.padding ?? 2;
  if (padding !== 0) checkSize(fn, 'options.padding', padding, LIMITS.imageSide, LimitError, OptionError);
  const range = resolvePixelRange(fn, 'options.pixelRange', resolved.pixelRange ?? 'unit', OptionError);
  const background = checkNumber(fn, 'options.background', resolved.background ?? 128, { min: 0, max: 255 }, OptionError);
  let list: tf.Tensor3D[];
  if (Array.isArray(images)) {
    images.forEach((image, i) => {
      const t = checkTensor<tf.Tensor>(fn, `images[${i}]`, image, TensorError);
      if (t.rank !== 3) throw new ShapeError({ functionName: fn, argument: `images[${i}]`, expected: 'a Tensor3D [h, w, c]', actual: describe(t) });
    });
    list = [...images];
  } else {
    const t = checkTensor<tf.Tensor>(fn, 'images', images, TensorError);
    if (t.rank !== 4) {
      throw new ShapeError({ functionName: fn, argument: 'images', expected: 'rank 4 [batch, h, w, c] or an array of Tensor3D', actual: describe(t) });
    }
    list = [];
  }
  // The sheet's size, checked before anything is allocated.
  let count: number;
  let gray: boolean;
  let maxH = 1;
  let maxW = 1;
  if (Array.isArray(images)) {
    count = list.length;
    gray = list.every((image) => image.shape[2] === 1);
    for (const image of list) {
      maxH = Math.max(maxH, image.shape[0]);
      maxW = Math.max(maxW, image.shape[1]);
    }
  } else {
    const [n, h, w, c] = (images as tf.Tensor4D).shape;
    count = n;
    gray = c === 1;
    maxH = Math.max(1, h);
    maxW = Math.max(1, w);
  }
  const channels = gray ? 1 : 3;
  const tileH = maxH * scale;
  const tileW = maxW * scale;
  const cols = Math.max(1, Math.min(columns, count));
  const rows = Math.max(1, Math.ceil(count / cols));
  const width = padding + cols * (tileW + padding);
  const height = padding + rows * (tileH + padding);
  checkAllocation(fn, 'the contact sheet', [height, width, channels], LimitError, { imageAxes: [0, 1] });
  if (!Array.isArray(images)) list = tf.unstack(images as tf.Tensor4D) as tf.Tensor3D[];
  const owned = images instanceof tf.Tensor;
  try {
    const data = new Uint8Array(width * height * channels).fill(Math.round(background));
    for (let n = 0; n < count; n++) {
      const image = list[n]!;
      const bytes = tf.tidy(() => {
        const x = tf.cast(image, 'float32');
        const finite = tf.logicalNot(tf.logicalOr(tf.isNaN(x), tf.isInf(x)));
        const clean = tf.where(finite, x, tf.fill(x.shape, range[0]));
        const unit = tf.clipByValue(tf.div(tf.sub(clean, range[0]), range[1] - range[0]), 0, 1);
        const c = image.shape[2];
        const picked = gray
          ? unit
          : c >= 3
            ? tf.slice(unit, [0, 0, 0], [-1, -1, 3])
            : tf.concat([tf.slice(unit, [0, 0, 0], [-1, -1, 1]), tf.slice(unit, [0, 0, 0], [-1, -1, 1]), tf.slice(unit, [0, 0, 0], [-1, -1, 1])], 2);
        return tf.round(tf.mul(picked, 255));
      });
      const values = await bytes.data();
      bytes.dispose();
      const [h, w] = image.shape;
      const top = padding + Math.floor(n / cols) * (tileH + padding);
      const left = padding + (n % cols) * (tileW + padding);
      for (let y = 0; y < h * scale; y++) {
        for (let x = 0; x < w * scale; x++) {
          const source = (Math.floor(y / scale) * w + Math.floor(x / scale)) * channels;
          const target = ((top + y) * width + left + x) * channels;
          for (let c = 0; c < channels; c++) data[target + c] = values[source + c]!;
        }
      }
    }
    return encode({ width, height, data, channels, depth: 8 });
  } finally {
    if (owned) tf.dispose(list);
  }
}
