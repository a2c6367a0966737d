import { Gunzip } from 'fflate';
import { IdxFormatError, LimitError } from '../errors';
import { crc32 } from './crc32';
import { checkHeader, type IdxReadContext, readHeader } from './idx-format';

/** True when `bytes` start with the gzip magic 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Compressed bytes pushed before the IDX header is known: at most ~4 MiB inflate from them. */
const FIRST_CHUNK = 4096;
/** Compressed bytes pushed per step afterwards: at most ~66 MiB inflate from them (deflate's ratio is at most 1032:1). */
const CHUNK = 65536;

/**
 * Inflates gzipped IDX data in a stream (fflate's `Gunzip`, in browsers and
 * Node alike) into one buffer of the exact size that the IDX header declares:
 *
 * - the header is read from the first inflated bytes and checked against
 *   `context.maxBytes` (`LimitError`) and the reader's expectations of dtype
 *   and shape (`IdxFormatError`) before the rest is inflated, so an oversized
 *   or misshapen file fails after a few KiB of work;
 * - the gzip trailer's ISIZE is never used to size anything; the output
 *   buffer is allocated once, from the checked header, and inflating stops as
 *   soon as more bytes come than it declares;
 * - every gzip member is read, concatenated (as `gzip -d` does), and each
 *   member's CRC-32 and length are checked against its trailer.
 *
 * Returns the whole IDX file (header and data). Throws `IdxFormatError` for
 * corrupt, truncated or inconsistent data, `LimitError` past `maxBytes`.
 */
export function inflateIdx(bytes: Uint8Array, context: IdxReadContext): Uint8Array {
  const { fn, argument } = context;
  const corrupt = (actual: string, cause?: unknown) =>
    new IdxFormatError({ functionName: fn, argument, expected: 'complete, uncorrupted gzip data', actual, cause });
  if (bytes.length < 18) throw corrupt(`${bytes.length} bytes, shorter than the smallest gzip member (18)`);

  let head: Uint8Array = new Uint8Array(0); // inflated bytes while the header is incomplete
  let out: Uint8Array | undefined; // the whole file, once the header is known
  let written = 0;
  let declared = 0;
  let memberCrc = 0;
  let memberSize = 0;
  const checkMember = (trailerAt: number) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset + trailerAt, 8);
    const expectedCrc = view.getUint32(0, true);
    const expectedSize = view.getUint32(4, true);
    if (memberSize % 2 ** 32 !== expectedSize) {
      throw corrupt(`${memberSize} inflated bytes where the gzip trailer records ${expectedSize}`);
    }
    if (memberCrc !== expectedCrc) {
      throw corrupt(
        `CRC-32 0x${memberCrc.toString(16).padStart(8, '0')} where the gzip trailer records 0x${expectedCrc.toString(16).padStart(8, '0')}`,
      );
    }
    memberCrc = 0;
    memberSize = 0;
  };
  const take = (chunk: Uint8Array) => {
    if (chunk.length === 0) return;
    memberCrc = crc32(chunk, memberCrc);
    memberSize += chunk.length;
    if (out === undefined) {
      const joined = new Uint8Array(head.length + chunk.length);
      joined.set(head);
      joined.set(chunk, head.length);
      const header = readHeader(joined, context, false);
      if (header === undefined) {
        head = joined;
        return;
      }
      checkHeader(header, context);
      declared = header.totalBytes;
      out = allocate(declared, context);
      chunk = joined;
    }
    if (written + chunk.length > declared) {
      throw new IdxFormatError({
        functionName: fn,
        argument,
        expected: `${declared} bytes in all, as its IDX header declares`,
        actual: 'more data after them',
      });
    }
    out.set(chunk, written);
    written += chunk.length;
  };

  const stream = new Gunzip((chunk) => take(chunk));
  stream.onmember = (offset) => checkMember(offset - 8);
  try {
    for (let start = 0; start < bytes.length; ) {
      const end = Math.min(bytes.length, start + (out === undefined ? FIRST_CHUNK : CHUNK));
      stream.push(bytes.subarray(start, end), end === bytes.length);
      start = end;
    }
  } catch (error) {
    if (error instanceof IdxFormatError || error instanceof LimitError) throw error;
    throw corrupt(`gzip data that fails to inflate (${(error as Error).message})`, error);
  }
  checkMember(bytes.length - 8);
  if (out === undefined) {
    readHeader(head, context, true); // throws: the data is too short for a header
    throw corrupt('no IDX header'); // unreachable
  }
  if (written !== declared) {
    const header = readHeader(out, context, true)!;
    throw new IdxFormatError({
      functionName: fn,
      argument,
      expected: `${header.count * header.info.bytes} data bytes after the header for shape [${header.shape.join(', ')}] of ${header.info.dtype}`,
      actual: `${written - header.headerBytes}`,
    });
  }
  return out;
}

/** A zeroed buffer of `size` bytes; an allocation failure becomes a `LimitError` naming the size. */
export function allocate(size: number, context: IdxReadContext): Uint8Array {
  try {
    return new Uint8Array(size);
  } catch (error) {
    throw new LimitError({
      functionName: context.fn,
      argument: context.argument,
      expected: 'IDX data that fits in memory',
      actual: `a header declaring ${size} bytes, which could not be allocated`,
      cause: error,
    });
  }
}
