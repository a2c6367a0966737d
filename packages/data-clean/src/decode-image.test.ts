import * as tf from '@tensorflow/tfjs-core';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeImage, OptionError } from './index';
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
  });
});
