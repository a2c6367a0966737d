/**
 * Reads the width and height of a PNG (IHDR) or JPEG (SOFn marker) from its
 * first bytes, without decoding, so that sizes can be checked against `LIMITS`
 * before anything is allocated.
 */

/** The format and size an image file declares. */
export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

/** What {@link readImageHeader} found: a header, more bytes needed, or why the bytes are not an image. */
export type HeaderResult =
  | { kind: 'header'; header: ImageHeader }
  | { kind: 'incomplete'; format: 'png' | 'jpeg' }
  | { kind: 'invalid'; format: 'png' | 'jpeg' | null; reason: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether the bytes start like a PNG file. */
export const looksLikePng = (bytes: Uint8Array): boolean => bytes.length >= 4 && PNG_SIGNATURE.slice(0, 4).every((b, i) => bytes[i] === b);

/** Whether the bytes start like a JPEG file. */
export const looksLikeJpeg = (bytes: Uint8Array): boolean => bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

function pngHeader(bytes: Uint8Array): HeaderResult {
  if (bytes.length < 24) return { kind: 'incomplete', format: 'png' };
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return { kind: 'invalid', format: 'png', reason: 'a bad PNG signature' };
  const type = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (type !== 'IHDR' || u32(bytes, 8) !== 13) return { kind: 'invalid', format: 'png', reason: `a first chunk '${type}' instead of IHDR` };
  return { kind: 'header', header: { format: 'png', width: u32(bytes, 16), height: u32(bytes, 20) } };
}

/** SOFn markers (frame headers) that carry the image size: C0..CF except DHT (C4), JPG (C8) and DAC (CC). */
const isFrameMarker = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

function jpegHeader(bytes: Uint8Array): HeaderResult {
  let at = 2;
  for (;;) {
    while (at < bytes.length && bytes[at] !== 0xff) at++; // garbage between segments is tolerated by decoders
    while (at < bytes.length && bytes[at] === 0xff) at++; // fill bytes
    if (at >= bytes.length) return { kind: 'incomplete', format: 'jpeg' };
    const marker = bytes[at]!;
    at++;
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no payload
    if (marker === 0xd9 || marker === 0xda) return { kind: 'invalid', format: 'jpeg', reason: 'no frame header (SOF) before the image data' };
    if (at + 2 > bytes.length) return { kind: 'incomplete', format: 'jpeg' };
    const length = u16(bytes, at);
    if (length < 2) return { kind: 'invalid', format: 'jpeg', reason: `a segment length of ${length}` };
    if (isFrameMarker(marker)) {
      if (at + 7 > bytes.length) return { kind: 'incomplete', format: 'jpeg' };
      return { kind: 'header', header: { format: 'jpeg', height: u16(bytes, at + 3), width: u16(bytes, at + 5) } };
    }
    at += length;
  }
}

/**
 * The declared size of PNG or JPEG bytes (possibly only the start of a file);
 * `incomplete` when the size lies beyond the bytes given.
 */
export function readImageHeader(bytes: Uint8Array): HeaderResult {
  if (looksLikePng(bytes)) return pngHeader(bytes);
  if (looksLikeJpeg(bytes)) return jpegHeader(bytes);
  return { kind: 'invalid', format: null, reason: 'not a PNG or JPEG file' };
}
