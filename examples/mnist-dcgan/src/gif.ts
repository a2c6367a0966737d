import * as gifenc from 'gifenc';

// gifenc is CommonJS under Node and ESM under bundlers: take GIFEncoder from either shape.
const GIFEncoder = gifenc.GIFEncoder ?? gifenc.default.GIFEncoder;
import { writeFileAtomic } from '@ganforge/internal/node';

/** One grayscale frame: `width * height` bytes, row-major, 0 = black. */
export interface GrayFrame {
  pixels: Uint8Array;
  width: number;
  height: number;
}

const grayPalette: number[][] = Array.from({ length: 256 }, (_, v) => [v, v, v]);

/**
 * Encodes grayscale frames as an animated GIF (256-level gray palette, loops
 * forever). All frames must have the first frame's size.
 */
export function encodeGrayGif(frames: GrayFrame[], options: { delayMs?: number; lastDelayMs?: number } = {}): Uint8Array {
  if (frames.length === 0) throw new Error('encodeGrayGif: frames must hold at least one frame, got 0');
  const { width, height } = frames[0]!;
  const gif = GIFEncoder();
  frames.forEach((frame, i) => {
    if (frame.width !== width || frame.height !== height || frame.pixels.length !== width * height) {
      throw new Error(`encodeGrayGif: frame ${i} must be ${width}x${height}, got ${frame.width}x${frame.height} with ${frame.pixels.length} pixels`);
    }
    const last = i === frames.length - 1;
    gif.writeFrame(frame.pixels, width, height, {
      palette: i === 0 ? grayPalette : undefined,
      delay: last ? (options.lastDelayMs ?? 2000) : (options.delayMs ?? 500),
      repeat: i === 0 ? 0 : undefined,
    } as never);
  });
  gif.finish();
  return gif.bytes();
}

export async function writeGrayGif(path: string, frames: GrayFrame[], options?: { delayMs?: number }): Promise<void> {
  await writeFileAtomic(path, encodeGrayGif(frames, options));
}
