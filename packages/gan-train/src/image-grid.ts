import * as tf from '@tensorflow/tfjs-core';
import { checkAllocation, checkSize, LIMITS, type PixelRange, resolvePixelRange } from '@ganforge/internal';
import { LimitError, OptionError, ShapeError } from './errors';
import { checkKeys, checkNumber, checkTensor, describeShape } from './internal/checks';

/**
 * Options of {@link imageGrid}.
 *
 * @example
 * imageGrid(samples, { columns: 8, padding: 2, pixelRange: [0, 1] });
 */
export interface ImageGridOptions {
  /** Images per row. Default `ceil(sqrt(n))`. */
  columns?: number;
  /** Pixels between and around images. Default 1. */
  padding?: number;
  /** Value of the padding pixels, in the images' range. Default the lowest value of `pixelRange`. */
  padValue?: number;
  /** Range of the pixel values, used for the default padding. Default `'symmetric'` ([-1, 1], a generator's output). */
  pixelRange?: PixelRange;
}

/**
 * Tiles a batch of NHWC images `[n, h, w, c]` into one image `[rows·(h+p)+p, columns·(w+p)+p, c]`,
 * row by row; missing cells of the last row are padding.
 *
 * @example
 * const grid = imageGrid(samples, { columns: 4 }); // samples: [16, 28, 28, 1] in [-1, 1] → [117, 117, 1]
 */
export function imageGrid(images: tf.Tensor4D, options: ImageGridOptions = {}): tf.Tensor3D {
  const fn = 'imageGrid';
  checkTensor(fn, 'images', images);
  if (images.rank !== 4 || images.shape[0] === 0) {
    throw new ShapeError({ functionName: fn, argument: 'images', expected: 'NHWC images of rank 4 [n, h, w, c] with n >= 1', actual: `rank ${images.rank} ${describeShape(images.shape)}` });
  }
  checkKeys(fn, options, ['columns', 'padding', 'padValue', 'pixelRange']);
  const [n, h, w, c] = images.shape;
  const columns = checkNumber(fn, 'options.columns', options.columns ?? Math.ceil(Math.sqrt(n)), (x) => Number.isInteger(x) && x >= 1, 'a positive integer');
  const padding = checkNumber(fn, 'options.padding', options.padding ?? 1, (x) => Number.isInteger(x) && x >= 0, 'a non-negative integer');
  const range = resolvePixelRange(fn, 'options.pixelRange', options.pixelRange ?? 'symmetric', OptionError);
  const padValue = checkNumber(fn, 'options.padValue', options.padValue ?? range[0], Number.isFinite, 'a finite number');
  const rows = Math.ceil(n / columns);
  checkAllocation(fn, 'the grid', [rows * (h + padding) + padding, columns * (w + padding) + padding, c], LimitError, { imageAxes: [0, 1] });
  return tf.tidy(() => {
    let cells = tf.cast(images, 'float32') as tf.Tensor4D;
    if (rows * columns > n) cells = tf.concat([cells, tf.fill([rows * columns - n, h, w, c], padValue)]) as tf.Tensor4D;
    // Pad each cell at its bottom and right, then the whole grid at its top and left.
    cells = tf.pad(cells, [[0, 0], [0, padding], [0, padding], [0, 0]], padValue);
    const grid = tf.reshape(tf.transpose(tf.reshape(cells, [rows, columns, h + padding, w + padding, c]), [0, 2, 1, 3, 4]), [rows * (h + padding), columns * (w + padding), c]);
    return tf.pad(grid, [[padding, 0], [padding, 0], [0, 0]], padValue) as tf.Tensor3D;
  });
}

/**
 * Options of {@link encodePng}.
 *
 * @example
 * await encodePng(grid, { pixelRange: [0, 1] });
 */
export interface EncodePngOptions {
  /** Range of the pixel values, mapped to 0..255 (values outside are clipped). Default `'symmetric'` ([-1, 1], a generator's output). */
  pixelRange?: PixelRange;
}

/**
 * Encodes one HWC image `[h, w, c]` (c = 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA) as an 8-bit PNG
 * with the pure-JS encoder `fast-png`.
 *
 * @example
 * const png = await encodePng(imageGrid(samples)); // Uint8Array, starts with the PNG signature
 * await fs.promises.writeFile('samples.png', png);
 */
export async function encodePng(image: tf.Tensor3D, options: EncodePngOptions = {}): Promise<Uint8Array> {
  const fn = 'encodePng';
  checkTensor(fn, 'image', image);
  if (image.rank !== 3 || image.shape[2]! < 1 || image.shape[2]! > 4 || image.size === 0) {
    throw new ShapeError({ functionName: fn, argument: 'image', expected: 'an HWC image of rank 3 [h, w, c] with 1 to 4 channels', actual: `rank ${image.rank} ${describeShape(image.shape)}` });
  }
  checkKeys(fn, options, ['pixelRange']);
  const [low, high] = resolvePixelRange(fn, 'options.pixelRange', options.pixelRange ?? 'symmetric', OptionError);
  const [height, width] = image.shape;
  checkSize(fn, 'image height', height, LIMITS.imageSide, LimitError, ShapeError, 'LIMITS.imageSide');
  checkSize(fn, 'image width', width, LIMITS.imageSide, LimitError, ShapeError, 'LIMITS.imageSide');
  const bytes = tf.tidy(() => tf.cast(tf.round(tf.mul(tf.clipByValue(tf.div(tf.sub(tf.cast(image, 'float32'), low), high - low), 0, 1), 255)), 'int32'));
  let data: Uint8Array;
  try {
    data = Uint8Array.from(await bytes.data());
  } finally {
    bytes.dispose();
  }
  const { encode } = await import('fast-png');
  const channels = image.shape[2];
  return encode({ width, height, data, channels, depth: 8 });
}
