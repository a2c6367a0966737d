import * as tf from '@tensorflow/tfjs-core';
import { encode } from 'fast-png';
import { OptionError, ShapeError } from './errors';

/**
 * Options of `contactSheet`.
 *
 * @example
 * const options: ContactSheetOptions = { columns: 8, scale: 3, range: [-1, 1] };
 */
export interface ContactSheetOptions {
  /** Tiles per row. Default `10`. */
  columns?: number;
  /** Integer upscaling of each image (nearest neighbour). Default `2`. */
  scale?: number;
  /** Pixels between tiles. Default `2`. */
  padding?: number;
  /** Pixel range of the images. Default `[0, 1]`. */
  range?: readonly [number, number];
  /** Background gray level of the padding, 0..255. Default `128`. */
  background?: number;
}

/**
 * Tiles images into one PNG (bytes) for a person to look at, e.g. the images a
 * report flagged: `contactSheet(tf.gather(images, report.flagged('outlier')))`.
 * Gray images give a gray PNG, others an RGB PNG (first three channels); NaN
 * and ±Inf show as the low end of the range. Inputs are not disposed.
 *
 * @param images NHWC `Tensor4D` or an array of `Tensor3D` [h, w, c] (tiles are
 *   sized to the largest image), pixel values in `range`.
 * @throws ShapeError, OptionError.
 * @example
 * const png = await contactSheet(tf.gather(images, report.flagged()), { columns: 8 });
 * writeFileSync('flagged.png', png);
 */
export async function contactSheet(images: tf.Tensor4D | readonly tf.Tensor3D[], options: ContactSheetOptions = {}): Promise<Uint8Array> {
  const columns = options.columns ?? 10;
  const scale = options.scale ?? 2;
  const padding = options.padding ?? 2;
  const range = options.range ?? [0, 1];
  const background = options.background ?? 128;
  for (const [name, value, min] of [
    ['columns', columns, 1],
    ['scale', scale, 1],
    ['padding', padding, 0],
  ] as const) {
    if (!Number.isInteger(value) || value < min) throw new OptionError('contactSheet', `options.${name}`, `an integer >= ${min}`, String(value));
  }
  if (!(range[0] < range[1])) throw new OptionError('contactSheet', 'options.range', '[low, high] with low < high', `[${range.join(', ')}]`);
  let list: tf.Tensor3D[];
  if (images instanceof tf.Tensor) {
    if (images.rank !== 4) {
      throw new ShapeError('contactSheet', 'images', 'rank 4 [batch, h, w, c]', `rank ${images.rank} [${images.shape.join(', ')}]`);
    }
    list = tf.unstack(images) as tf.Tensor3D[];
  } else if (Array.isArray(images)) {
    images.forEach((image, i) => {
      if (!(image instanceof tf.Tensor) || image.rank !== 3) {
        throw new ShapeError('contactSheet', `images[${i}]`, 'a Tensor3D [h, w, c]', image instanceof tf.Tensor ? `rank ${image.rank}` : typeof image);
      }
    });
    list = [...images];
  } else {
    throw new ShapeError('contactSheet', 'images', 'a Tensor4D or an array of Tensor3D', typeof images);
  }
  const owned = images instanceof tf.Tensor;
  try {
    const gray = list.every((image) => image.shape[2] === 1);
    const channels = gray ? 1 : 3;
    const tileH = Math.max(1, ...list.map((image) => image.shape[0])) * scale;
    const tileW = Math.max(1, ...list.map((image) => image.shape[1])) * scale;
    const count = list.length;
    const cols = Math.max(1, Math.min(columns, count));
    const rows = Math.max(1, Math.ceil(count / cols));
    const width = padding + cols * (tileW + padding);
    const height = padding + rows * (tileH + padding);
    const data = new Uint8Array(width * height * channels).fill(Math.max(0, Math.min(255, Math.round(background))));
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
