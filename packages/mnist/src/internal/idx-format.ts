import { IdxFormatError, LimitError } from '../errors';

/** Element types of the IDX format. */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The typed array that holds each {@link IdxDtype}. */
export type IdxTypedArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface DtypeInfo {
  dtype: IdxDtype;
  code: number;
  bytes: number;
  Array: { new (length: number): IdxTypedArray; name: string };
}

export const DTYPES: DtypeInfo[] = [
  { dtype: 'uint8', code: 0x08, bytes: 1, Array: Uint8Array },
  { dtype: 'int8', code: 0x09, bytes: 1, Array: Int8Array },
  { dtype: 'int16', code: 0x0b, bytes: 2, Array: Int16Array },
  { dtype: 'int32', code: 0x0c, bytes: 4, Array: Int32Array },
  { dtype: 'float32', code: 0x0d, bytes: 4, Array: Float32Array },
  { dtype: 'float64', code: 0x0e, bytes: 8, Array: Float64Array },
];
export const BY_CODE = new Map(DTYPES.map((d) => [d.code, d]));
export const BY_NAME = new Map(DTYPES.map((d) => [d.dtype, d]));
const CODES = DTYPES.map((d) => hex(d.code)).join(', ');

export function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** What an IDX header declares. */
export interface IdxHeader {
  info: DtypeInfo;
  shape: number[];
  /** Elements: the product of `shape`. */
  count: number;
  /** Bytes of the header: 4 + 4 × rank. */
  headerBytes: number;
  /** Bytes of the whole file the header declares: header + count × element size. */
  totalBytes: number;
}

/** What a reader expects of a file (MNIST images are uint8 `[count, rows, cols]`). */
export interface IdxExpectation {
  /** In words, for the message: `'uint8 images of shape [count, rows, cols]'`. */
  expected: string;
  /** Whether a header of this dtype and shape is acceptable. */
  accepts: (dtype: IdxDtype, shape: readonly number[]) => boolean;
}

/** Where and how an IDX file is read: names for messages, the size limit, expectations. */
export interface IdxReadContext {
  fn: string;
  argument: string;
  /** Most bytes the whole (decompressed) file may declare. */
  maxBytes: number;
  /** The name of the limit in messages. Default `'options.maxBytes'`. */
  maxBytesName?: string;
  expect?: IdxExpectation;
}

/**
 * Reads the IDX header at the start of `bytes`: `undefined` while `bytes` is
 * too short to hold it (unless `complete`, then an error), an
 * `IdxFormatError` for a wrong magic number or type code.
 */
export function readHeader(bytes: Uint8Array, context: IdxReadContext, complete: boolean): IdxHeader | undefined {
  const fail = (expected: string, actual: string) =>
    new IdxFormatError({ functionName: context.fn, argument: context.argument, expected, actual });
  if (bytes.length < 4) {
    if (!complete) return undefined;
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
    if (!complete) return undefined;
    throw fail(`a ${headerBytes}-byte header holding ${rank} dimension sizes`, `${bytes.length} bytes in all`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    shape.push(d);
    count *= d;
  }
  return { info, shape, count, headerBytes, totalBytes: headerBytes + count * info.bytes };
}

/**
 * Checks a header against the size limit (`LimitError`) and the reader's
 * expectations (`IdxFormatError`), before anything of its size is allocated.
 */
export function checkHeader(header: IdxHeader, context: IdxReadContext): void {
  const { info, shape, totalBytes } = header;
  if (context.expect && !context.expect.accepts(info.dtype, shape)) {
    throw new IdxFormatError({
      functionName: context.fn,
      argument: context.argument,
      expected: context.expect.expected,
      actual: `${info.dtype} of shape [${shape.join(', ')}]`,
    });
  }
  if (totalBytes > context.maxBytes) {
    throw new LimitError({
      functionName: context.fn,
      argument: context.argument,
      expected: `IDX data of at most ${context.maxBytes} bytes (${context.maxBytesName ?? 'options.maxBytes'})`,
      actual: `a header declaring ${totalBytes} bytes (${info.dtype} [${shape.join(', ')}])`,
    });
  }
}
