/** 32-bit words of hashes and bit strings used by the duplicate checks. */

const NAN_BITS = 0x7fc00000;

/**
 * A 64-bit content hash (two uint32 words written at `out[at]`, `out[at + 1]`) of
 * `length` values of `data` from `offset`, seeded with a string (e.g. the
 * image shape). For float data, -0 hashes as 0 and every NaN as one NaN.
 */
export function contentHash(
  data: Float32Array | Int32Array | Uint8Array,
  offset: number,
  length: number,
  seed: string,
  out: Uint32Array,
  at: number,
): void {
  let h1 = 0x9e3779b9;
  let h2 = 0x85ebca6b;
  for (let i = 0; i < seed.length; i++) {
    h1 = Math.imul(h1 ^ seed.charCodeAt(i), 0xcc9e2d51);
    h2 = Math.imul(h2 ^ seed.charCodeAt(i), 0x1b873593);
  }
  const isFloat = data instanceof Float32Array;
  const words = isFloat ? new Uint32Array(data.buffer, data.byteOffset, data.length) : null;
  for (let i = offset, end = offset + length; i < end; i++) {
    let w: number;
    if (words) {
      const v = data[i]!;
      w = v === 0 ? 0 : Number.isNaN(v) ? NAN_BITS : words[i]!;
    } else {
      w = data[i]! | 0;
    }
    let k = Math.imul(w, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = Math.imul(h2 ^ w, 0x27d4eb2f);
    h2 ^= h2 >>> 15;
    h2 = (h2 + h1) | 0;
  }
  h1 ^= length;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x2c1b3c6d);
  h2 = Math.imul(h2 ^ (h2 >>> 12), 0x297a2d39);
  h2 ^= h2 >>> 15;
  out[at] = h1 >>> 0;
  out[at + 1] = h2 >>> 0;
}

/** Packs 64 0/1 values (`bits[offset..offset+63]`, first bit most significant) into two words at `out[at]`. */
export function packBits(bits: ArrayLike<number>, offset: number, out: Uint32Array, at: number): void {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < 32; i++) hi = (hi << 1) | (bits[offset + i]! ? 1 : 0);
  for (let i = 32; i < 64; i++) lo = (lo << 1) | (bits[offset + i]! ? 1 : 0);
  out[at] = hi >>> 0;
  out[at + 1] = lo >>> 0;
}

/** Number of set bits of a 32-bit word. */
export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance between the 64-bit hashes at word `a` of `ha` and word `b` of `hb`. */
export function hamming(ha: Uint32Array, a: number, hb: Uint32Array, b: number): number {
  return popcount((ha[a]! ^ hb[b]!) >>> 0) + popcount((ha[a + 1]! ^ hb[b + 1]!) >>> 0);
}

/** Value of bits [start, end) (end − start ≤ 32) of the 64-bit hash at word `at`. */
function block(hashes: Uint32Array, at: number, start: number, end: number): number {
  let value = 0;
  for (let bit = start; bit < end; bit++) {
    const word = bit < 32 ? hashes[at]! : hashes[at + 1]!;
    const shift = 31 - (bit % 32);
    value = value * 2 + ((word >>> shift) & 1);
  }
  return value;
}

/**
 * Every pair of 64-bit hashes within `maxDistance` bits, found by multi-index
 * hashing: split the hash into `maxDistance + 1` blocks; two hashes within the
 * distance agree exactly on at least one block (pigeonhole). `stride` is the
 * number of words per item (hash at word `item * stride + word`). With `hb`,
 * pairs go across the two sets; without, within `ha` (a < b). Items with
 * `use[i] === 0` are skipped. Calls `onPair(a, b, distance)` once per pair.
 * Buckets holding more than `maxBucket` items (a block value shared by a large
 * part of the set, e.g. all-flat regions) are skipped: they carry no signal,
 * would cost quadratic time, and the caller gets such pairs from nearest
 * neighbours instead.
 */
export function hashPairs(
  maxDistance: number,
  ha: { hashes: Uint32Array; stride: number; word: number; use: Uint8Array },
  hb: { hashes: Uint32Array; stride: number; word: number; use: Uint8Array } | null,
  onPair: (a: number, b: number, distance: number) => void,
  maxBucket = 1000,
): void {
  const blocks = Math.min(64, Math.floor(maxDistance) + 1);
  const na = ha.use.length;
  const seen = new Set<number>();
  const nb = hb ? hb.use.length : na;
  for (let blockIndex = 0; blockIndex < blocks; blockIndex++) {
    const start = Math.floor((blockIndex * 64) / blocks);
    const end = Math.floor(((blockIndex + 1) * 64) / blocks);
    const keyOf = (set: typeof ha, item: number): string | number => {
      const at = item * set.stride + set.word;
      if (end - start <= 32) return block(set.hashes, at, start, end);
      return `${block(set.hashes, at, start, start + 32)}:${block(set.hashes, at, start + 32, end)}`;
    };
    const buckets = new Map<string | number, number[]>();
    for (let a = 0; a < na; a++) {
      if (!ha.use[a]) continue;
      const key = keyOf(ha, a);
      const bucket = buckets.get(key);
      if (bucket) bucket.push(a);
      else buckets.set(key, [a]);
    }
    const check = (a: number, b: number, setB: typeof ha) => {
      const id = a * nb + b;
      if (seen.has(id)) return;
      const distance = hamming(ha.hashes, a * ha.stride + ha.word, setB.hashes, b * setB.stride + setB.word);
      if (distance <= maxDistance) {
        seen.add(id);
        onPair(a, b, distance);
      }
    };
    if (hb) {
      for (let b = 0; b < nb; b++) {
        if (!hb.use[b]) continue;
        const bucket = buckets.get(keyOf(hb, b));
        if (bucket && bucket.length <= maxBucket) for (const a of bucket) check(a, b, hb);
      }
    } else {
      for (const bucket of buckets.values()) {
        if (bucket.length > maxBucket) continue;
        for (let i = 0; i < bucket.length; i++) {
          for (let j = i + 1; j < bucket.length; j++) check(bucket[i]!, bucket[j]!, ha);
        }
      }
    }
  }
}
