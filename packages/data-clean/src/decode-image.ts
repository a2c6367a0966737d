import { checkOneOf, checkOptions, describe, LIMITS } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { convertIndexedToRgb, decode as decodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { DecodeError, LimitError, OptionError } from './errors';
import { type ImageHeader, readImageHeader } from './internal/image-header';

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
 * Checks a declared image size against `LIMITS.imageSide` (each side) and
 * `LIMITS.imagePixels` (their product), before any pixel memory is reserved.
 */
export function checkImageSize(fn: string, argument: string, header: ImageHeader): void {
  const { width, height } = header;
  const format = header.format === 'png' ? 'PNG' : 'JPEG';
  if (!(width > 0 && height > 0)) {
    throw new DecodeError({ functionName: fn, argument, expected: `a valid ${format} image`, actual: `a header declaring ${width}×${height} pixels` });
  }
  if (width > LIMITS.imageSide || height > LIMITS.imageSide) {
    throw new LimitError({
      functionName: fn,
      argument,
      expected: `an image with sides <= ${LIMITS.imageSide} (LIMITS.imageSide)`,
      actual: `a ${format} header declaring ${width}×${height} pixels`,
    });
  }
  if (width * height > LIMITS.imagePixels) {
    throw new LimitError({
      functionName: fn,
      argument,
      expected: `an image of at most ${LIMITS.imagePixels} pixels (LIMITS.imagePixels)`,
      actual: `a ${format} header declaring ${width}×${height} = ${width * height} pixels`,
    });
  }
}

/**
 * Decodes PNG (with `fast-png`) or JPEG (with `jpeg-js`) bytes into a
 * `Tensor3D` [h, w, channels], float32 in `[0, 1]` (pixel range `'unit'`).
 * The size in the file's header is checked against `LIMITS.imageSide` (16,384
 * per side) and `LIMITS.imagePixels` (2^28) before any pixel memory is reserved.
 *
 * @throws OptionError for an unknown option key or `channels` other than 1 or 3;
 *   DecodeError (a FormatError) when the bytes are not a PNG or JPEG image, or are
 *   corrupt; LimitError when the header declares an image past the limits.
 * @example
 * const image = decodeImage(readFileSync('cat.png')); // Tensor3D [h, w, 3] in [0, 1]
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): tf.Tensor3D {
  const fn = 'decodeImage';
  const resolved = checkOptions(fn, options, ['channels'], OptionError);
  const channels = checkOneOf(fn, 'options.channels', resolved.channels ?? 3, [1, 3] as const, OptionError);
  if (!(bytes instanceof Uint8Array)) {
    throw new DecodeError({ functionName: fn, argument: 'bytes', expected: 'a Uint8Array of a PNG or JPEG file', actual: describe(bytes) });
  }
  const header = readImageHeader(bytes);
  if (header.kind !== 'header') {
    throw new DecodeError({
      functionName: fn,
      argument: 'bytes',
      expected: header.format === null ? 'a PNG or JPEG image' : `a valid ${header.format === 'png' ? 'PNG' : 'JPEG'} image`,
      actual: `${bytes.length} bytes starting ${hex(bytes)}${header.kind === 'invalid' ? ` (${header.reason})` : ' (truncated before the image size)'}`,
    });
  }
  checkImageSize(fn, 'bytes', header.header);
  const isPng = header.header.format === 'png';
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
      const jpg = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: false,
        maxResolutionInMP: LIMITS.imagePixels / 1e6,
        // about 20 bytes per pixel (coefficients, lines and output of 3 components) at the pixel limit
        maxMemoryUsageInMB: Math.ceil((LIMITS.imagePixels * 20) / 2 ** 20),
      });
      width = jpg.width;
      height = jpg.height;
      source = jpg.data;
      sourceChannels = jpg.data.length / (width * height);
    }
  } catch (error) {
    throw new DecodeError({
      functionName: fn,
      argument: 'bytes',
      expected: `a valid ${isPng ? 'PNG' : 'JPEG'} image`,
      actual: `a corrupt file (${(error as Error).message})`,
      cause: error,
    });
  }
  if (!(width > 0 && height > 0) || source.length < width * height * sourceChannels) {
    throw new DecodeError({
      functionName: fn,
      argument: 'bytes',
      expected: `a valid ${isPng ? 'PNG' : 'JPEG'} image`,
      actual: `${source.length} values for ${width}×${height}`,
    });
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
