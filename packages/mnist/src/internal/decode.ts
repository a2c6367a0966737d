import { inflateIdx, inflateIdxNode, isGzip } from './gzip';
import type { IdxReadContext } from './idx-format';
import type { NodeModules } from './node';

/**
 * The uncompressed bytes of an IDX file that may be gzipped, inflated as a
 * stream with the header checked first: node:zlib in Node, fflate elsewhere,
 * with the same checks and results (see `inflateIdx`). Uncompressed bytes are
 * returned as they are (their header is checked when parsed).
 */
export async function decompress(bytes: Uint8Array, context: IdxReadContext, node: NodeModules | null): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  return node ? inflateIdxNode(bytes, context, node.zlib) : inflateIdx(bytes, context);
}

/** SHA-256 of `bytes` as lowercase hex (Web Crypto: Node 20 and browsers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
