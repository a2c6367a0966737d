import { IdxFormatError } from '../errors';
import { gunzip, isGzip } from './gzip';
import type { NodeModules } from './node';

/**
 * The uncompressed bytes of an IDX file that may be gzipped: node:zlib in
 * Node (native, checks the CRC), fflate plus our CRC check elsewhere. Errors
 * are IdxFormatError naming `file`.
 */
export async function decompress(bytes: Uint8Array, file: string, node: NodeModules | null): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  if (!node) return gunzip(bytes, 'loadMnist', file);
  const zlib = node.zlib;
  // The trailer's ISIZE (size mod 2^32) lets zlib inflate into one buffer instead of 16 KiB
  // chunks joined at the end: half the fresh memory, which is what costs most on big files.
  const isize =
    bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true) : 0;
  const options = isize >= 1024 && isize <= 2 ** 30 ? { chunkSize: isize + 1024 } : {};
  return new Promise((resolve, reject) => {
    zlib.gunzip(bytes, options, (error, result) => {
      if (error) {
        reject(
          new IdxFormatError('loadMnist', file, 'complete, uncorrupted gzip data', `gzip data that fails to inflate (${error.message})`, {
            cause: error,
          }),
        );
      } else {
        resolve(new Uint8Array(result.buffer, result.byteOffset, result.byteLength));
      }
    });
  });
}

/** SHA-256 of `bytes` as lowercase hex (Web Crypto: Node 20 and browsers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
