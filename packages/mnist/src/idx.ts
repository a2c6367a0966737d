import { gzipSync } from 'fflate';
import { IdxFormatError } from './errors';
import { describe } from './internal/describe';
import { gunzip, isGzip } from './internal/gzip';

/** Element types of the IDX format. */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The typed array that holds each {@link IdxDtype}. */
export type IdxTypedArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

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

/** Options of {@link writeIdx}. */
export interface WriteIdxOptions {
  /** Gzip the output (as the `.gz` files of MNIST). Default `false`. */
  gzip?: boolean;
}

interface DtypeInfo {
  dtype: IdxDtype;
  code: number;
  bytes: number;
  Array: { new (length: number): IdxTypedArray; name: string };
}

const DTYPES: DtypeInfo[] = [
  { dtype: 'uint8', code: 0x08, bytes: 1, Array: Uint8Array },
  { dtype: 'int8', code: 0x09, bytes: 1, Array: Int8Array },
  { dtype: 'int16', code: 0x0b, bytes: 2, Array: Int16Array },
  { dtype: 'int32', code: 0x0c, bytes: 4, Array: Int32Array },
  { dtype: 'float32', code: 0x0d, bytes: 4, Array: Float32Array },
  { dtype: 'float64', code: 0x0e, bytes: 8, Array: Float64Array },
];
const BY_CODE = new Map(DTYPES.map((d) => [d.code, d]));
const BY_NAME = new Map(DTYPES.map((d) => [d.dtype, d]));
const CODES = DTYPES.map((d) => hex(d.code)).join(', ');

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Decodes IDX bytes (gzipped or not, recognised by the gzip magic bytes).
 * Every type code of the format is read: 0x08 uint8, 0x09 int8, 0x0B int16,
 * 0x0C int32, 0x0D float32, 0x0E float64, with any number of dimensions,
 * big-endian. The result never shares memory with `bytes`.
 *
 * @param bytes The content of an IDX file, e.g. `train-images-idx3-ubyte.gz`.
 * @returns `{ dtype, shape, data }`.
 * @throws {IdxFormatError} Wrong magic, unknown type code, dimensions that
 *   disagree with the byte length, truncated or corrupt gzip. Nothing is
 *   returned in part.
 *
 * @example
 * const bytes = writeIdx({ dtype: 'uint8', shape: [2, 2], data: Uint8Array.of(0, 64, 128, 255) });
 * readIdx(bytes); // { dtype: 'uint8', shape: [2, 2], data: Uint8Array [0, 64, 128, 255] }
 */
export function readIdx(bytes: Uint8Array): IdxArray {
  if (!(bytes instanceof Uint8Array)) {
    throw new IdxFormatError('readIdx', 'bytes', 'a Uint8Array', describe(bytes));
  }
  if (isGzip(bytes)) return parseIdx(gunzip(bytes, 'readIdx', 'bytes'), true, 'readIdx', 'bytes');
  return parseIdx(bytes, false, 'readIdx', 'bytes');
}

/**
 * Decodes uncompressed IDX bytes. With `owned`, 1-byte data is returned as a
 * view on `bytes` instead of a copy (the caller gives up `bytes`).
 * @internal
 */
export function parseIdx(bytes: Uint8Array, owned: boolean, fn: string, argument: string): IdxArray {
  const fail = (expected: string, actual: string) => new IdxFormatError(fn, argument, expected, actual);
  if (bytes.length < 4) {
    throw fail('at least the 4-byte IDX magic number', `${bytes.length} byte${bytes.length === 1 ? '' : 's'}`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw fail(
      'IDX data starting with the magic bytes 0x00 0x00 (or gzip data starting with 0x1F 0x8B)',
      `first bytes ${hex(bytes[0]!)} ${hex(bytes[1]!)}`,
    );
  }
  const info = BY_CODE.get(bytes[2]!);
  if (!info) throw fail(`IDX data with a type code among ${CODES}`, `type code ${hex(bytes[2]!)}`);
  const rank = bytes[3]!;
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw fail(`a ${headerBytes}-byte header holding ${rank} dimension sizes`, `${bytes.length} bytes in all`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    shape.push(d);
    count *= d;
  }
  const dataBytes = bytes.length - headerBytes;
  if (count * info.bytes !== dataBytes) {
    throw fail(
      `${count * info.bytes} data bytes after the header for shape [${shape.join(', ')}] of ${info.dtype}`,
      `${dataBytes}`,
    );
  }
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
 *   type or length.
 *
 * @example
 * const labels = writeIdx({ dtype: 'uint8', shape: [3], data: Uint8Array.of(7, 2, 1) }, { gzip: true });
 * // labels: a gzipped IDX1 file, as t10k-labels-idx1-ubyte.gz
 */
export function writeIdx(array: IdxArray, options: WriteIdxOptions = {}): Uint8Array {
  const gzip = options.gzip ?? false;
  const fail = (argument: string, expected: string, actual: string) =>
    new IdxFormatError('writeIdx', argument, expected, actual);
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
