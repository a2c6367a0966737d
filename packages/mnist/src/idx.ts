import { checkNumber, checkOptions, describe, LIMITS } from '@ganforge/internal';
import { gzipSync } from 'fflate';
import { IdxFormatError, OptionError } from './errors';
import { inflateIdx, isGzip } from './internal/gzip';
import {
  BY_NAME,
  checkHeader,
  DTYPES,
  type IdxDtype,
  type IdxReadContext,
  type IdxTypedArray,
  readHeader,
} from './internal/idx-format';

export type { IdxDtype, IdxTypedArray };

/**
 * A decoded IDX file: an n-dimensional array in row-major (C) order.
 * `data.length` equals the product of `shape` (1 for `shape: []`).
 */
export interface IdxArray {
  /** Element type. */
  dtype: IdxDtype;
  /** Size of each dimension, outermost first, e.g. `[60000, 28, 28]`. */
  shape: number[];
  /** The elements in row-major order, in the typed array of `dtype`. */
  data: IdxTypedArray;
}

/** Options of {@link readIdx}. */
export interface ReadIdxOptions {
  /**
   * Most bytes the IDX file (header and data, after inflating) may declare;
   * checked against the header before anything of that size is allocated or
   * inflated. Default `LIMITS.idxBytes` (2 GiB - 1).
   */
  maxBytes?: number;
}

/** Options of {@link writeIdx}. */
export interface WriteIdxOptions {
  /** Gzip the output (as the `.gz` files of MNIST). Default `false`. */
  gzip?: boolean;
}

/** Checks a `maxBytes` option: a positive integer, default `LIMITS.idxBytes`. */
export function resolveMaxBytes(fn: string, value: unknown): number {
  return checkNumber(fn, 'options.maxBytes', value ?? LIMITS.idxBytes, { integer: true, min: 1 }, OptionError);
}

/**
 * Decodes IDX bytes (gzipped or not, recognised by the gzip magic bytes).
 * Every type code of the format is read: 0x08 uint8, 0x09 int8, 0x0B int16,
 * 0x0C int32, 0x0D float32, 0x0E float64, with any number of dimensions,
 * big-endian. The result never shares memory with `bytes`.
 *
 * Gzipped data is inflated as a stream: the IDX header is read from the
 * first inflated bytes and its declared size checked against
 * `options.maxBytes` before the rest is inflated (the gzip trailer's length
 * is never trusted), and every gzip member is read, concatenated, as
 * `gzip -d` does.
 *
 * @param bytes The content of an IDX file, e.g. `train-images-idx3-ubyte.gz`.
 * @param options `{ maxBytes }`, see {@link ReadIdxOptions}.
 * @returns `{ dtype, shape, data }`.
 * @throws {IdxFormatError} Wrong magic, unknown type code, dimensions that
 *   disagree with the byte length, truncated or corrupt gzip (each member's
 *   CRC-32 and length are checked). Nothing is returned in part.
 * @throws {LimitError} A header that declares more than `options.maxBytes`.
 * @throws {OptionError} An unknown option key, or `maxBytes` not a positive integer.
 *
 * @example
 * const bytes = writeIdx({ dtype: 'uint8', shape: [2, 2], data: Uint8Array.of(0, 64, 128, 255) });
 * readIdx(bytes); // { dtype: 'uint8', shape: [2, 2], data: Uint8Array [0, 64, 128, 255] }
 */
export function readIdx(bytes: Uint8Array, options: ReadIdxOptions = {}): IdxArray {
  const fn = 'readIdx';
  const resolved = checkOptions<ReadIdxOptions>(fn, options, ['maxBytes'], OptionError);
  const maxBytes = resolveMaxBytes(fn, resolved.maxBytes);
  if (!(bytes instanceof Uint8Array)) {
    throw new IdxFormatError({ functionName: fn, argument: 'bytes', expected: 'a Uint8Array', actual: describe(bytes) });
  }
  const context: IdxReadContext = { fn, argument: 'bytes', maxBytes };
  if (isGzip(bytes)) return parseIdx(inflateIdx(bytes, context), true, context);
  return parseIdx(bytes, false, context);
}

/**
 * Decodes uncompressed IDX bytes, checking the header against the context's
 * limit and expectations. With `owned`, 1-byte data is returned as a view on
 * `bytes` instead of a copy (the caller gives up `bytes`).
 * @internal
 */
export function parseIdx(bytes: Uint8Array, owned: boolean, context: IdxReadContext): IdxArray {
  const header = readHeader(bytes, context, true)!;
  checkHeader(header, context);
  const { info, shape, count, headerBytes } = header;
  const dataBytes = bytes.length - headerBytes;
  if (count * info.bytes !== dataBytes) {
    throw new IdxFormatError({
      functionName: context.fn,
      argument: context.argument,
      expected: `${count * info.bytes} data bytes after the header for shape [${shape.join(', ')}] of ${info.dtype}`,
      actual: `${dataBytes}`,
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let data: IdxTypedArray;
  if (info.bytes === 1) {
    const body = bytes.subarray(headerBytes);
    if (info.dtype === 'uint8') data = owned ? body : body.slice();
    else data = owned ? new Int8Array(body.buffer, body.byteOffset, count) : new Int8Array(body.slice().buffer);
  } else {
    data = new info.Array(count);
    let offset = headerBytes;
    if (data instanceof Int16Array) for (let i = 0; i < count; i++, offset += 2) data[i] = view.getInt16(offset, false);
    else if (data instanceof Int32Array)
      for (let i = 0; i < count; i++, offset += 4) data[i] = view.getInt32(offset, false);
    else if (data instanceof Float32Array)
      for (let i = 0; i < count; i++, offset += 4) data[i] = view.getFloat32(offset, false);
    else for (let i = 0; i < count; i++, offset += 8) data[i] = view.getFloat64(offset, false);
  }
  return { dtype: info.dtype, shape, data };
}

/**
 * Encodes an array as IDX bytes (big-endian), optionally gzipped. The inverse
 * of {@link readIdx}: `readIdx(writeIdx(a))` equals `a`.
 *
 * @param array `{ dtype, shape, data }`; `data` must be the typed array of
 *   `dtype` (e.g. `Int16Array` for `'int16'`) with as many elements as `shape`
 *   holds. At most 255 dimensions, each below 2^32.
 * @param options `{ gzip }`, see {@link WriteIdxOptions}.
 * @returns The file's bytes.
 * @throws {IdxFormatError} An unknown dtype, a bad shape, or data of the wrong
 *   type or length (checked before the output is allocated).
 * @throws {OptionError} An unknown option key, or `gzip` not a boolean.
 *
 * @example
 * const labels = writeIdx({ dtype: 'uint8', shape: [3], data: Uint8Array.of(7, 2, 1) }, { gzip: true });
 * // labels: a gzipped IDX1 file, as t10k-labels-idx1-ubyte.gz
 */
export function writeIdx(array: IdxArray, options: WriteIdxOptions = {}): Uint8Array {
  const fn = 'writeIdx';
  const resolved = checkOptions<WriteIdxOptions>(fn, options, ['gzip'], OptionError);
  const gzip = resolved.gzip ?? false;
  if (typeof gzip !== 'boolean') {
    throw new OptionError({ functionName: fn, argument: 'options.gzip', expected: 'true or false', actual: describe(gzip) });
  }
  const fail = (argument: string, expected: string, actual: string) =>
    new IdxFormatError({ functionName: fn, argument, expected, actual });
  if (array == null || typeof array !== 'object') throw fail('array', 'an object { dtype, shape, data }', describe(array));
  const info = BY_NAME.get(array.dtype);
  if (!info) {
    throw fail('array.dtype', `one of ${DTYPES.map((d) => `'${d.dtype}'`).join(', ')}`, describe(array.dtype));
  }
  const { shape, data } = array;
  if (!Array.isArray(shape) || shape.length > 255) {
    throw fail('array.shape', 'an array of at most 255 dimension sizes', describe(shape));
  }
  let count = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0 || d >= 2 ** 32) {
      throw fail('array.shape', 'integers in [0, 2^32)', `[${shape.join(', ')}]`);
    }
    count *= d;
  }
  if (!(data instanceof info.Array)) throw fail('array.data', `a ${info.Array.name} for dtype '${info.dtype}'`, describe(data));
  if (data.length !== count) {
    throw fail('array.data', `${count} elements for shape [${shape.join(', ')}]`, `${data.length}`);
  }
  const headerBytes = 4 + 4 * shape.length;
  const out = new Uint8Array(headerBytes + count * info.bytes);
  const view = new DataView(out.buffer);
  out[2] = info.code;
  out[3] = shape.length;
  for (let i = 0; i < shape.length; i++) view.setUint32(4 + 4 * i, shape[i]!, false);
  let offset = headerBytes;
  if (data instanceof Uint8Array) out.set(data, offset);
  else if (data instanceof Int8Array) out.set(new Uint8Array(data.buffer, data.byteOffset, data.length), offset);
  else if (data instanceof Int16Array) for (let i = 0; i < count; i++, offset += 2) view.setInt16(offset, data[i]!, false);
  else if (data instanceof Int32Array) for (let i = 0; i < count; i++, offset += 4) view.setInt32(offset, data[i]!, false);
  else if (data instanceof Float32Array)
    for (let i = 0; i < count; i++, offset += 4) view.setFloat32(offset, data[i]!, false);
  else for (let i = 0; i < count; i++, offset += 8) view.setFloat64(offset, data[i]!, false);
  return gzip ? gzipSync(out, { mtime: 0 }) : out;
}
