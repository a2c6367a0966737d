import * as tf from '@tensorflow/tfjs-core';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeImage, FormatError, LimitError, OptionError } from './index';
import { hugePng } from './testing/images';
import { expectClose } from '@ganforge/test-utils';

describe('decodeImage', () => {
  it('decodes gray, RGBA and 16-bit PNGs into [0, 1]', () => {
    const gray = encodePng({ width: 2, height: 1, data: new Uint8Array([0, 255]), channels: 1, depth: 8 });
    const g = decodeImage(gray);
    expect(g.shape).toEqual([1, 2, 3]);
    expect(g.dtype).toBe('float32');
    expect(Array.from(g.dataSync())).toEqual([0, 0, 0, 1, 1, 1]);
    const rgba = encodePng({ width: 1, height: 1, data: new Uint8Array([255, 0, 51, 7]), channels: 4, depth: 8 });
    expectClose(decodeImage(rgba), tf.tensor3d([1, 0, 0.2], [1, 1, 3]));
    expectClose(decodeImage(rgba, { channels: 1 }), tf.tensor3d([0.299 + 0.114 * 0.2], [1, 1, 1]));
    const deep = encodePng({ width: 1, height: 1, data: new Uint16Array([65535]), channels: 1, depth: 16 });
    expect(Array.from(decodeImage(deep, { channels: 1 }).dataSync())).toEqual([1]);
  });

  it('decodes JPEG', () => {
    const rgba = new Uint8Array(8 * 8 * 4);
    for (let i = 0; i < 64; i++) rgba.set([200, 200, 200, 255], i * 4);
    const bytes = jpeg.encode({ width: 8, height: 8, data: rgba }, 95).data;
    const image = decodeImage(new Uint8Array(bytes));
    expect(image.shape).toEqual([8, 8, 3]);
    expectClose(image, tf.fill([8, 8, 3], 200 / 255), { atol: 3 / 255 });
  });

  it('rejects what is not a PNG or JPEG with DecodeError', () => {
    expect(() => decodeImage(new Uint8Array([1, 2, 3]))).toThrow(DecodeError);
    expect(() => decodeImage(new Uint8Array([1, 2, 3]))).toThrow('decodeImage: bytes must be a PNG or JPEG image, got 3 bytes starting 01 02 03');
    const truncated = encodePng({ width: 4, height: 4, data: new Uint8Array(16), channels: 1, depth: 8 }).slice(0, 30);
    expect(() => decodeImage(truncated)).toThrow(/decodeImage: bytes must be a valid PNG image, got a corrupt file/);
    expect(() => decodeImage(new Uint8Array([0xff, 0xd8, 0xff, 0, 0]))).toThrow(/must be a valid JPEG image/);
    expect(() => decodeImage(new Uint8Array([1]), { channels: 2 as never })).toThrow(OptionError);
    expect(() => decodeImage(new Uint8Array([1, 2, 3]))).toThrow(FormatError);
    expect(() => decodeImage(null as never)).toThrow('decodeImage: bytes must be a Uint8Array of a PNG or JPEG file, got null');
    expect(() => decodeImage(new Uint8Array([1]), { channel: 1 } as never)).toThrow(/decodeImage: options.channel must be a known option \(did you mean 'channels'\?\)/);
  });

  it('checks the size in the header against the limits before decoding', () => {
    expect(Array.from(decodeImage(hugePng(1, 1), { channels: 1 }).dataSync())).toEqual([200 / 255].map(Math.fround));
    const png = hugePng(60000, 60000);
    expect(png.length).toBeLessThan(100);
    expect(() => decodeImage(png)).toThrow(LimitError);
    expect(() => decodeImage(png)).toThrow('decodeImage: bytes must be an image with sides <= 16384 (LIMITS.imageSide), got a PNG header declaring 60000×60000 pixels');
    expect(() => decodeImage(hugePng(16384, 16385))).toThrow(LimitError);
    // The header's size disagrees with the data: a format error, after the size check.
    expect(() => decodeImage(hugePng(2, 2))).toThrow(DecodeError);
    // A JPEG whose frame header (SOF0) claims 60000×60000.
    const jpg = new Uint8Array(jpeg.encode({ width: 8, height: 8, data: new Uint8Array(256).fill(128) }, 90).data);
    let sof = 2;
    while (!(jpg[sof] === 0xff && jpg[sof + 1] === 0xc0)) sof++;
    jpg.set([0xea, 0x60, 0xea, 0x60], sof + 5);
    expect(() => decodeImage(jpg)).toThrow('decodeImage: bytes must be an image with sides <= 16384 (LIMITS.imageSide), got a JPEG header declaring 60000×60000 pixels');
  });
});
