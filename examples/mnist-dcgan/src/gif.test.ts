import { describe, expect, it } from 'vitest';
import { encodeGrayGif } from './gif';

describe('encodeGrayGif', () => {
  it('writes an animated GIF89a of the frames size', () => {
    const frame = (v: number) => ({ pixels: new Uint8Array(6).fill(v), width: 3, height: 2 });
    const gif = encodeGrayGif([frame(0), frame(128), frame(255)]);
    expect(new TextDecoder().decode(gif.subarray(0, 6))).toBe('GIF89a');
    // logical screen width and height, little-endian
    expect([gif[6]! | (gif[7]! << 8), gif[8]! | (gif[9]! << 8)]).toEqual([3, 2]);
    expect(new TextDecoder().decode(gif)).toContain('NETSCAPE2.0');
    expect(gif.at(-1)).toBe(0x3b);
  });

  it('refuses no frames and frames of another size', () => {
    expect(() => encodeGrayGif([])).toThrow('encodeGrayGif: frames must hold at least one frame, got 0');
    expect(() =>
      encodeGrayGif([
        { pixels: new Uint8Array(4), width: 2, height: 2 },
        { pixels: new Uint8Array(6), width: 3, height: 2 },
      ]),
    ).toThrow('encodeGrayGif: frame 1 must be 2x2, got 3x2 with 6 pixels');
  });
});
