import * as tf from '@tensorflow/tfjs-core';
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { DecodeError, OptionError } from './errors';

/**
 * Options of `decodeImage`.
 *
 * @example
 * const options: DecodeImageOptions = { channels: 1 };
 */
export interface DecodeImageOptions {
  /** Channels of the result: 3 (RGB; gray is repeated, alpha dropped) or 1 (luma). Default `3`. */
  channels?: 1 | 3;
}

const hex = (bytes: Uint8Array) =>
  Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');

/**
 * Decodes PNG (with `fast-png`) or JPEG (with `jpeg-js`) bytes into a
 * `Tensor3D` [h, w, channels], float32 in `[0, 1]`.
 *
 * @throws DecodeError when the bytes are not a PNG or JPEG image, or are corrupt.
 * @example
 * const image = decodeImage(readFileSync('cat.png')); // Tensor3D [h, w, 3] in [0, 1]
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): tf.Tensor3D {
  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3) throw new OptionError('decodeImage', 'options.channels', '1 or 3', String(channels));
  if (!(bytes instanceof Uint8Array)) throw new DecodeError('decodeImage', 'bytes', 'a Uint8Array of a PNG or JPEG file', typeof bytes);
  const isPng = bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  if (!isPng && !isJpeg) {
    throw new DecodeError('decodeImage', 'bytes', 'a PNG or JPEG image', `${bytes.length} bytes starting ${hex(bytes)}`);
  }
  let width: number;
  let height: number;
  let source: ArrayLike<number>;
  let sourceChannels: number;
  let max = 255;
  try {
    if (isPng) {
      const png = decodePng(bytes);
      width = png.width;
      height = png.height;
      if (png.palette) {
        source = convertIndexedToRgb(png);
        sourceChannels = png.palette[0]?.length ?? 3;
      } else {
        source = png.data;
        sourceChannels = png.channels;
        max = png.depth === 16 ? 65535 : 2 ** png.depth - 1;
      }
    } else {
      const jpg = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
      width = jpg.width;
      height = jpg.height;
      source = jpg.data;
      sourceChannels = jpg.data.length / (width * height);
    }
  } catch (error) {
    throw new DecodeError('decodeImage', 'bytes', `a valid ${isPng ? 'PNG' : 'JPEG'} image`, `a corrupt file (${(error as Error).message})`);
  }
  if (!(width > 0 && height > 0) || source.length < width * height * sourceChannels) {
    throw new DecodeError('decodeImage', 'bytes', `a valid ${isPng ? 'PNG' : 'JPEG'} image`, `${source.length} values for ${width}×${height}`);
  }
  const pixels = width * height;
  const out = new Float32Array(pixels * channels);
  const colour = sourceChannels >= 3;
  for (let p = 0; p < pixels; p++) {
    const s = p * sourceChannels;
    const r = source[s]! / max;
    const g = colour ? source[s + 1]! / max : r;
    const b = colour ? source[s + 2]! / max : r;
    if (channels === 1) out[p] = colour ? 0.299 * r + 0.587 * g + 0.114 * b : r;
    else {
      out[p * 3] = r;
      out[p * 3 + 1] = g;
      out[p * 3 + 2] = b;
    }
  }
  return tf.tensor3d(out, [height, width, channels]);
}
