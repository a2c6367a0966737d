import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isGanforgeError } from '@ganforge/internal';
import { FormatError, IdxFormatError, LimitError, MnistError, OptionError } from './errors';
import { type IdxArray, readIdx, writeIdx } from './idx';

const fixtures: IdxArray[] = [
  { dtype: 'uint8', shape: [2, 3], data: Uint8Array.of(0, 1, 127, 128, 254, 255) },
  { dtype: 'int8', shape: [4], data: Int8Array.of(-128, -1, 0, 127) },
  { dtype: 'int16', shape: [2, 1, 2], data: Int16Array.of(-32768, -2, 1, 32767) },
  { dtype: 'int32', shape: [3], data: Int32Array.of(-2147483648, 16909060, 2147483647) },
  { dtype: 'float32', shape: [1, 3], data: Float32Array.of(-1.5, 0.1, 3.4028234663852886e38) },
  { dtype: 'float64', shape: [2], data: Float64Array.of(Math.PI, -1e-300) },
  { dtype: 'uint8', shape: [], data: Uint8Array.of(42) },
  { dtype: 'uint8', shape: [2, 2, 2, 2, 1], data: Uint8Array.from({ length: 16 }, (_, i) => i * 16) },
  { dtype: 'float32', shape: [0, 5], data: new Float32Array(0) },
];

function bytesOf(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

function expectIdxError(fn: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(IdxFormatError);
  expect(caught).toBeInstanceOf(MnistError);
  expect((caught as IdxFormatError).name).toBe('IdxFormatError');
  expect((caught as Error).message).toMatch(message);
}

describe('writeIdx', () => {
  it('writes the big-endian header and data computed by hand', () => {
    expect(writeIdx({ dtype: 'uint8', shape: [3], data: Uint8Array.of(7, 2, 1) })).toEqual(
      bytesOf(0, 0, 0x08, 1, 0, 0, 0, 3, 7, 2, 1),
    );
    expect(writeIdx({ dtype: 'int16', shape: [1, 2], data: Int16Array.of(1, -2) })).toEqual(
      bytesOf(0, 0, 0x0b, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x00, 0x01, 0xff, 0xfe),
    );
    expect(writeIdx({ dtype: 'int32', shape: [1], data: Int32Array.of(0x01020304) })).toEqual(
      bytesOf(0, 0, 0x0c, 1, 0, 0, 0, 1, 1, 2, 3, 4),
    );
    // 1.0f is 0x3F800000; -2.0 (double) is 0xC000000000000000.
    expect(writeIdx({ dtype: 'float32', shape: [1], data: Float32Array.of(1) })).toEqual(
      bytesOf(0, 0, 0x0d, 1, 0, 0, 0, 1, 0x3f, 0x80, 0, 0),
    );
    expect(writeIdx({ dtype: 'float64', shape: [1], data: Float64Array.of(-2) })).toEqual(
      bytesOf(0, 0, 0x0e, 1, 0, 0, 0, 1, 0xc0, 0, 0, 0, 0, 0, 0, 0),
    );
    expect(writeIdx({ dtype: 'int8', shape: [2], data: Int8Array.of(-1, 5) })).toEqual(
      bytesOf(0, 0, 0x09, 1, 0, 0, 0, 2, 0xff, 5),
    );
  });

  it('gzips when asked, and the output starts with the gzip magic', () => {
    const gz = writeIdx(fixtures[0]!, { gzip: true });
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(readIdx(gz)).toEqual(fixtures[0]);
  });

  it('rejects arrays it cannot write, naming the argument', () => {
    expectIdxError(
      () => writeIdx({ dtype: 'uint16' as never, shape: [1], data: Uint8Array.of(1) }),
      /^writeIdx: array\.dtype must be one of 'uint8', 'int8', 'int16', 'int32', 'float32', 'float64', got 'uint16'$/,
    );
    expectIdxError(
      () => writeIdx({ dtype: 'int16', shape: [2], data: Int32Array.of(1, 2) }),
      /^writeIdx: array\.data must be a Int16Array for dtype 'int16', got Int32Array \[1, 2\]$/,
    );
    expectIdxError(
      () => writeIdx({ dtype: 'uint8', shape: [2, 2], data: Uint8Array.of(1, 2, 3) }),
      /^writeIdx: array\.data must be 4 elements for shape \[2, 2\], got 3$/,
    );
    expectIdxError(
      () => writeIdx({ dtype: 'uint8', shape: [1.5], data: Uint8Array.of(1) }),
      /array\.shape must be integers in \[0, 2\^32\), got \[1\.5\]/,
    );
    expectIdxError(
      () => writeIdx({ dtype: 'uint8', shape: new Array(256).fill(1), data: Uint8Array.of(1) }),
      /array\.shape must be an array of at most 255 dimension sizes, got \[1, 1, 1, 1, 1, 1, 1, 1, \.\.\. \(256 items\)\]/,
    );
  });
});

describe('readIdx', () => {
  for (const fixture of fixtures) {
    for (const gzip of [false, true]) {
      it(`round-trips ${fixture.dtype} [${fixture.shape.join(', ')}] ${gzip ? 'gzipped' : 'raw'}`, () => {
        const out = readIdx(writeIdx(fixture, { gzip }));
        expect(out.dtype).toBe(fixture.dtype);
        expect(out.shape).toEqual(fixture.shape);
        expect(out.data.constructor).toBe(fixture.data.constructor);
        expect(Array.from(out.data)).toEqual(Array.from(fixture.data));
      });
    }
  }

  it('reads hand-written bytes, including a re-gzipped copy (any compression level)', () => {
    const raw = bytesOf(0, 0, 0x0b, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x12, 0x34, 0x80, 0x00);
    const expected = { dtype: 'int16', shape: [1, 2], data: Int16Array.of(0x1234, -32768) };
    expect(readIdx(raw)).toEqual(expected);
    expect(readIdx(gzipSync(raw, { level: 1 }))).toEqual(expected);
    expect(readIdx(gzipSync(raw, { level: 9, mtime: 123456789 }))).toEqual(expected);
  });

  it('returns data that never shares memory with the input', () => {
    const bytes = writeIdx({ dtype: 'uint8', shape: [2], data: Uint8Array.of(5, 6) });
    const out = readIdx(bytes);
    bytes[8] = 99;
    expect(Array.from(out.data)).toEqual([5, 6]);
    const int8 = readIdx(writeIdx({ dtype: 'int8', shape: [1], data: Int8Array.of(-3) }));
    expect(int8.data.buffer.byteLength).toBe(1);
  });

  it('rejects a wrong magic number', () => {
    expectIdxError(
      () => readIdx(bytesOf(1, 0, 0x08, 1, 0, 0, 0, 1, 9)),
      /^readIdx: bytes must be IDX data starting with the magic bytes 0x00 0x00 \(or gzip data starting with 0x1F 0x8B\), got first bytes 0x01 0x00$/,
    );
    expectIdxError(() => readIdx(bytesOf(0, 0)), /^readIdx: bytes must be at least the 4-byte IDX magic number, got 2 bytes$/);
    expectIdxError(() => readIdx(new Uint8Array(0)), /got 0 bytes/);
  });

  it('rejects an unknown type code', () => {
    expectIdxError(
      () => readIdx(bytesOf(0, 0, 0x0a, 1, 0, 0, 0, 1, 9)),
      /^readIdx: bytes must be IDX data with a type code among 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, got type code 0x0A$/,
    );
  });

  it('rejects dimensions that disagree with the byte length', () => {
    // shape [2, 2] of int16 needs 8 data bytes.
    const good = writeIdx({ dtype: 'int16', shape: [2, 2], data: Int16Array.of(1, 2, 3, 4) });
    expectIdxError(
      () => readIdx(good.subarray(0, good.length - 1)),
      /^readIdx: bytes must be 8 data bytes after the header for shape \[2, 2\] of int16, got 7$/,
    );
    const longer = new Uint8Array(good.length + 2);
    longer.set(good);
    expectIdxError(() => readIdx(longer), /8 data bytes after the header for shape \[2, 2\] of int16, got 10$/);
    // The header announces 3 dimensions but holds only 2.
    expectIdxError(
      () => readIdx(bytesOf(0, 0, 0x08, 3, 0, 0, 0, 1, 0, 0, 0, 1)),
      /^readIdx: bytes must be a 16-byte header holding 3 dimension sizes, got 12 bytes in all$/,
    );
  });

  it('rejects truncated gzip', () => {
    const gz = writeIdx(fixtures[7]!, { gzip: true });
    expectIdxError(() => readIdx(gz.subarray(0, gz.length - 5)), /^readIdx: bytes must be complete, uncorrupted gzip data, got/);
    expectIdxError(() => readIdx(gz.subarray(0, 12)), /shorter than the smallest gzip member/);
  });

  it('rejects corrupt gzip: a flipped data byte fails the CRC-32, a bad length fails the trailer', () => {
    const raw = writeIdx({ dtype: 'uint8', shape: [64], data: Uint8Array.from({ length: 64 }, (_, i) => i) });
    const gz = gzipSync(raw, { level: 0 }); // stored blocks: a flipped byte still inflates
    const flipped = gz.slice();
    flipped[gz.length - 20]! ^= 0x01;
    expectIdxError(() => readIdx(flipped), /CRC-32 0x[0-9a-f]{8} where the gzip trailer records 0x[0-9a-f]{8}$/);
    const badSize = gz.slice();
    badSize[gz.length - 4]! ^= 0x01;
    expectIdxError(() => readIdx(badSize), /inflated bytes where the gzip trailer records/);
    const garbage = gz.slice();
    garbage[10] = 0xff; // an invalid deflate block type
    expectIdxError(() => readIdx(garbage), /fails to inflate/);
  });

  it('rejects input that is not a Uint8Array', () => {
    expectIdxError(() => readIdx([0, 0, 8, 0] as never), /^readIdx: bytes must be a Uint8Array, got \[0, 0, 8, 0\]$/);
  });

  it('is a FormatError and a GanforgeError', () => {
    let caught: unknown;
    try {
      readIdx(bytesOf(1, 2, 3, 4));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FormatError);
    expect(isGanforgeError(caught)).toBe(true);
    expect((caught as IdxFormatError).functionName).toBe('readIdx');
  });

  it('rejects a misspelled option and a bad maxBytes with OptionError', () => {
    const bytes = writeIdx(fixtures[0]!);
    expect(() => readIdx(bytes, { maxBytess: 1 } as never)).toThrow(OptionError);
    expect(() => readIdx(bytes, { maxBytess: 1 } as never)).toThrow(
      "readIdx: options.maxBytess must be a known option (did you mean 'maxBytes'?): maxBytes, got the unknown key 'maxBytess'",
    );
    expect(() => readIdx(bytes, { maxBytes: 0 })).toThrow('readIdx: options.maxBytes must be an integer >= 1, got 0');
    expect(() => writeIdx(fixtures[0]!, { gzp: true } as never)).toThrow("writeIdx: options.gzp must be a known option (did you mean 'gzip'?)");
    expect(() => writeIdx(fixtures[0]!, { gzip: 'yes' } as never)).toThrow("writeIdx: options.gzip must be true or false, got 'yes'");
  });
});

/** A gzip member of `raw` whose trailer records `isize` as the length. */
function withIsize(raw: Uint8Array, isize: number): Uint8Array {
  const gz = gzipSync(raw, { mtime: 0 });
  new DataView(gz.buffer, gz.byteOffset, gz.byteLength).setUint32(gz.length - 4, isize, true);
  return gz;
}

/** The header of an IDX file of `dtype` code and `shape`, without data. */
function headerOf(code: number, shape: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length);
  out[2] = code;
  out[3] = shape.length;
  const view = new DataView(out.buffer);
  for (const [i, d] of shape.entries()) view.setUint32(4 + 4 * i, d, false);
  return out;
}

describe('readIdx limits and gzip streams', () => {
  it('never sizes anything by the trailer: a small file whose trailer claims 4 GiB fails as corrupt', () => {
    const raw = writeIdx({ dtype: 'uint8', shape: [3, 2, 2], data: Uint8Array.from({ length: 12 }, (_, i) => i * 20) });
    const gz = withIsize(raw, 0xffffffff);
    expect(gz.length).toBeLessThan(60);
    expectIdxError(() => readIdx(gz), /^readIdx: bytes must be complete, uncorrupted gzip data, got 28 inflated bytes where the gzip trailer records 4294967295$/);
  });

  it('checks the size declared by the header against maxBytes before inflating the rest', () => {
    // A header declaring 4 GiB of uint8, followed by a few zeros: rejected after the first inflated bytes.
    const claim = gzipSync(Uint8Array.from([...headerOf(0x08, [65536, 65536]), 0, 0, 0]), { mtime: 0 });
    let caught: unknown;
    try {
      readIdx(claim);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LimitError);
    expect((caught as Error).message).toBe(
      'readIdx: bytes must be IDX data of at most 2147483647 bytes (options.maxBytes), got a header declaring 4294967308 bytes (uint8 [65536, 65536])',
    );
    const small = writeIdx({ dtype: 'int16', shape: [4], data: Int16Array.of(1, 2, 3, 4) });
    expect(() => readIdx(small, { maxBytes: 15 })).toThrow(
      'readIdx: bytes must be IDX data of at most 15 bytes (options.maxBytes), got a header declaring 16 bytes (int16 [4])',
    );
    expect(() => readIdx(gzipSync(small), { maxBytes: 15 })).toThrow(LimitError);
    expect(readIdx(gzipSync(small), { maxBytes: 16 }).shape).toEqual([4]);
  });

  it('stops inflating as soon as more bytes come than the header declares', () => {
    // 1 MiB of zeros after a header that declares 4 bytes: deflate packs it in ~1 KiB.
    const raw = new Uint8Array(12 + 2 ** 20);
    raw.set(headerOf(0x08, [4]));
    expectIdxError(() => readIdx(gzipSync(raw)), /^readIdx: bytes must be 12 bytes in all, as its IDX header declares, got more data after them$/);
  });

  it('reads every member of a multi-member gzip, concatenated like gzip -d', () => {
    const raw = writeIdx({ dtype: 'uint8', shape: [3, 2, 2], data: Uint8Array.from({ length: 12 }, (_, i) => i) });
    // Header in the first member, data split over the next two.
    const parts = [raw.subarray(0, 10), raw.subarray(10, 20), raw.subarray(20)].map((part) => gzipSync(part, { mtime: 0 }));
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    expect(readIdx(joined)).toEqual({ dtype: 'uint8', shape: [3, 2, 2], data: Uint8Array.from({ length: 12 }, (_, i) => i) });
    // A complete file followed by a member of extra bytes is one file with trailing data.
    const extra = Uint8Array.from([...gzipSync(raw, { mtime: 0 }), ...gzipSync(Uint8Array.of(1, 2), { mtime: 0 })]);
    expectIdxError(() => readIdx(extra), /^readIdx: bytes must be 28 bytes in all, as its IDX header declares, got more data after them$/);
    // Each member's CRC is checked: flip a data byte of the (stored) first member.
    const stored = [gzipSync(raw.subarray(0, 10), { level: 0, mtime: 0 }), gzipSync(raw.subarray(10), { mtime: 0 })];
    const bad = Uint8Array.from([...stored[0]!, ...stored[1]!]);
    bad[stored[0]!.length - 9]! ^= 0x01; // last data byte of member 1 (byte 9 of the header: a dimension size)
    expectIdxError(() => readIdx(bad), /CRC-32 0x[0-9a-f]{8} where the gzip trailer records 0x[0-9a-f]{8}$/);
  });

  it('rejects trailing bytes after the last member', () => {
    const gz = writeIdx(fixtures[0]!, { gzip: true });
    expectIdxError(() => readIdx(Uint8Array.from([...gz, 0, 0, 0, 0])), /^readIdx: bytes must be complete, uncorrupted gzip data, got gzip data that fails to inflate/);
    expectIdxError(() => readIdx(Uint8Array.from([...gz, 7])), /^readIdx: bytes must be complete, uncorrupted gzip data, got/);
  });
});
