/**
 * Test images (never built into the package): PNG bytes whose header claims a
 * size the data does not hold, to check that limits are enforced before decoding.
 */
import { encode } from 'fast-png';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A valid 8-bit gray PNG of `width`×`height` when both are 1; otherwise the same
 * bytes (a 1×1 image's data) with an IHDR that claims `width`×`height` and a
 * correct CRC: what a malicious or broken file looks like (about 70 bytes).
 */
export function hugePng(width: number, height: number): Uint8Array {
  const png = encode({ width: 1, height: 1, data: new Uint8Array([200]), channels: 1, depth: 8 });
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  view.setUint32(16, width);
  view.setUint32(20, height);
  view.setUint32(29, crc32(png.subarray(12, 29)));
  return png;
}
