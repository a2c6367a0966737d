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
 * Collects inflated IDX bytes into one buffer of the exact size that the IDX
 * header declares. The header is read from the first bytes and checked
 * against `context.maxBytes` (`LimitError`) and the reader's expectations
 * (`IdxFormatError`) before the buffer is allocated; more bytes than the
 * header declares are an error at once. Shared by the fflate stream
 * (`inflateIdx`) and the node:zlib stream (`inflateIdxNode`).
 */
class IdxCollector {
  private head: Uint8Array = new Uint8Array(0);
  private out: Uint8Array | undefined;
  private written = 0;
  private declared = 0;

  constructor(private readonly context: IdxReadContext) {}

  /** Whether the header has been read (and the output allocated). */
  get started(): boolean {
    return this.out !== undefined;
  }

  take(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.out === undefined) {
      const joined = new Uint8Array(this.head.length + chunk.length);
      joined.set(this.head);
      joined.set(chunk, this.head.length);
      const header = readHeader(joined, this.context, false);
      if (header === undefined) {
        this.head = joined;
        return;
      }
      checkHeader(header, this.context);
      this.declared = header.totalBytes;
      this.out = allocate(this.declared, this.context);
      chunk = joined;
    }
    if (this.written + chunk.length > this.declared) {
      throw new IdxFormatError({
        functionName: this.context.fn,
        argument: this.context.argument,
        expected: `${this.declared} bytes in all, as its IDX header declares`,
        actual: 'more data after them',
      });
    }
    this.out.set(chunk, this.written);
    this.written += chunk.length;
  }

  /** The whole file, once all bytes came; an error when fewer came than the header declares. */
  finish(): Uint8Array {
    if (this.out === undefined) {
      readHeader(this.head, this.context, true); // throws: too short for a header
      throw new IdxFormatError({ functionName: this.context.fn, argument: this.context.argument, expected: 'an IDX header', actual: 'none' });
    }
    if (this.written !== this.declared) {
      const header = readHeader(this.out, this.context, true)!;
      throw new IdxFormatError({
        functionName: this.context.fn,
        argument: this.context.argument,
        expected: `${header.count * header.info.bytes} data bytes after the header for shape [${header.shape.join(', ')}] of ${header.info.dtype}`,
        actual: `${this.written - header.headerBytes}`,
      });
    }
    return this.out;
  }
}

function corruptGzip(context: IdxReadContext, actual: string, cause?: unknown): IdxFormatError {
  return new IdxFormatError({ functionName: context.fn, argument: context.argument, expected: 'complete, uncorrupted gzip data', actual, cause });
}

/**
 * Inflates gzipped IDX data in a stream (fflate's `Gunzip`: synchronous, and
 * works in browsers) into one buffer of the exact size that the IDX header
 * declares:
 *
 * - the header is read from the first inflated bytes and checked against
 *   `context.maxBytes` (`LimitError`) and the reader's expectations of dtype
 *   and shape (`IdxFormatError`) before the rest is inflated, so an oversized
 *   or misshapen file fails after a few KiB of work;
 * - the gzip trailer's ISIZE is never used to size anything; the output
 *   buffer is allocated once, from the checked header, and inflating stops as
 *   soon as more bytes come than it declares;
 * - every gzip member is read, concatenated (as `gzip -d` does), and each
 *   member's CRC-32 and length are checked against its trailer; bytes after
 *   the last member are an error.
 *
 * Returns the whole IDX file (header and data). Throws `IdxFormatError` for
 * corrupt, truncated or inconsistent data, `LimitError` past `maxBytes`.
 */
export function inflateIdx(bytes: Uint8Array, context: IdxReadContext): Uint8Array {
  const corrupt = (actual: string, cause?: unknown) => corruptGzip(context, actual, cause);
  if (bytes.length < 18) throw corrupt(`${bytes.length} bytes, shorter than the smallest gzip member (18)`);
  const collector = new IdxCollector(context);
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
  const stream = new Gunzip((chunk) => {
    memberCrc = crc32(chunk, memberCrc);
    memberSize += chunk.length;
    collector.take(chunk);
  });
  stream.onmember = (offset) => checkMember(offset - 8);
  try {
    for (let start = 0; start < bytes.length; ) {
      const end = Math.min(bytes.length, start + (collector.started ? CHUNK : FIRST_CHUNK));
      stream.push(bytes.subarray(start, end), end === bytes.length);
      start = end;
    }
  } catch (error) {
    if (error instanceof IdxFormatError || error instanceof LimitError) throw error;
    throw corrupt(`gzip data that fails to inflate (${(error as Error).message})`, error);
  }
  checkMember(bytes.length - 8);
  return collector.finish();
}

/**
 * The same as {@link inflateIdx} with node:zlib's native gunzip stream (about
 * 3× faster than fflate), for `loadMnist` in Node: header checked from the
 * first inflated bytes, one exact-size buffer, every member read (zlib checks
 * each member's CRC-32 and length), bytes after the last member an error.
 */
export function inflateIdxNode(bytes: Uint8Array, context: IdxReadContext, zlib: typeof import('node:zlib')): Promise<Uint8Array> {
  if (bytes.length < 18) return Promise.reject(corruptGzip(context, `${bytes.length} bytes, shorter than the smallest gzip member (18)`));
  return new Promise((resolve, reject) => {
    const collector = new IdxCollector(context);
    const stream = zlib.createGunzip({ chunkSize: CHUNK });
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      stream.destroy();
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      try {
        collector.take(chunk);
      } catch (error) {
        fail(error);
      }
    });
    stream.on('error', (error) => fail(corruptGzip(context, `gzip data that fails to inflate (${error.message})`, error)));
    stream.on('end', () => {
      if (settled) return;
      try {
        if (stream.bytesWritten !== bytes.length) {
          throw corruptGzip(context, `gzip data that fails to inflate (${bytes.length - stream.bytesWritten} bytes after the last member)`);
        }
        const out = collector.finish();
        settled = true;
        resolve(out);
      } catch (error) {
        fail(error);
      }
    });
    stream.end(bytes);
  });
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
