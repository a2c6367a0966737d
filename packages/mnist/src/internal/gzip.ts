import { gunzipSync } from 'fflate';
import { IdxFormatError } from '../errors';
import { crc32 } from './crc32';

/** True when `bytes` start with the gzip magic 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates one gzip member with fflate (works in browsers) and checks the
 * trailer's CRC-32 and length, which fflate does not. Throws IdxFormatError
 * for truncated or corrupt data.
 */
export function gunzip(bytes: Uint8Array, fn: string, argument: string): Uint8Array {
  const corrupt = (actual: string, cause?: unknown) =>
    new IdxFormatError(fn, argument, 'complete, uncorrupted gzip data', actual, { cause });
  if (bytes.length < 18) throw corrupt(`${bytes.length} bytes, shorter than the smallest gzip member (18)`);
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes);
  } catch (error) {
    throw corrupt(`gzip data that fails to inflate (${(error as Error).message})`, error);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const expectedCrc = view.getUint32(bytes.length - 8, true);
  const expectedSize = view.getUint32(bytes.length - 4, true);
  if (out.length % 2 ** 32 !== expectedSize) {
    throw corrupt(`${out.length} inflated bytes where the gzip trailer records ${expectedSize}`);
  }
  const actualCrc = crc32(out);
  if (actualCrc !== expectedCrc) {
    throw corrupt(
      `CRC-32 0x${actualCrc.toString(16).padStart(8, '0')} where the gzip trailer records 0x${expectedCrc.toString(16).padStart(8, '0')}`,
    );
  }
  return out;
}
