import { describe, expect, it } from 'vitest';
import { contentHash, hamming, hashPairs, packBits, popcount } from './hash';

describe('hash helpers', () => {
  it('packs bits most significant first and counts them', () => {
    const bits = new Array(64).fill(0);
    bits[0] = 1;
    bits[63] = 1;
    bits[40] = 1;
    const out = new Uint32Array(2);
    packBits(bits, 0, out, 0);
    expect(out[0]).toBe(0x80000000);
    expect(out[1]).toBe((1 << 23) + 1);
    expect(popcount(0xffffffff)).toBe(32);
    expect(popcount(0b1011)).toBe(3);
    const other = new Uint32Array([0, 1]);
    expect(hamming(out, 0, other, 0)).toBe(2);
  });

  it('hashes content: -0 as 0, every NaN alike, the seed counts', () => {
    const hash = (values: number[], seed = 's') => {
      const out = new Uint32Array(2);
      contentHash(Float32Array.from(values), 0, values.length, seed, out, 0);
      return Array.from(out);
    };
    expect(hash([0, 1])).toEqual(hash([-0, 1]));
    const quiet = new Float32Array(new Uint32Array([0x7fc00001]).buffer)[0]!;
    expect(hash([Number.NaN, 2])).toEqual(hash([quiet, 2]));
    expect(hash([1, 2])).not.toEqual(hash([2, 1]));
    expect(hash([1, 2], 'a')).not.toEqual(hash([1, 2], 'b'));
  });

  it('finds exactly the pairs a brute force finds (within and across sets)', () => {
    let seed = 1;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const n = 200;
    const a = new Uint32Array(n * 2);
    for (let i = 0; i < n; i++) {
      if (i > 0 && i % 3 === 0) {
        // a copy of an earlier hash with a few bits flipped
        a[2 * i] = a[2 * (i - 1)]! ^ (1 << (i % 32));
        a[2 * i + 1] = a[2 * (i - 1) + 1]! ^ (i % 2 ? 0b101 : 0);
      } else {
        a[2 * i] = random();
        a[2 * i + 1] = random();
      }
    }
    const use = new Uint8Array(n).fill(1);
    use[7] = 0;
    for (const limit of [0, 3, 6]) {
      const found: string[] = [];
      hashPairs(limit, { hashes: a, stride: 2, word: 0, use }, null, (i, j, d) => found.push(`${i}-${j}-${d}`));
      const brute: string[] = [];
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const d = hamming(a, 2 * i, a, 2 * j);
          if (use[i] && use[j] && d <= limit) brute.push(`${i}-${j}-${d}`);
        }
      }
      expect(found.sort()).toEqual(brute.sort());
      expect(brute.length).toBeGreaterThan(limit === 0 ? -1 : 10);
    }
    const b = a.slice(0, 20);
    const across: string[] = [];
    hashPairs(3, { hashes: a, stride: 2, word: 0, use }, { hashes: b, stride: 2, word: 0, use: new Uint8Array(10).fill(1) }, (i, j) =>
      across.push(`${i}-${j}`),
    );
    for (let j = 0; j < 10; j++) if (j !== 7) expect(across).toContain(`${j}-${j}`);
  });

  it('skips buckets larger than maxBucket (pairs left to nearest neighbours)', () => {
    const same = new Uint32Array(40).fill(0xabcdef);
    const use = new Uint8Array(20).fill(1);
    let count = 0;
    hashPairs(0, { hashes: same, stride: 2, word: 0, use }, null, () => count++, 1000);
    expect(count).toBe(190);
    count = 0;
    hashPairs(0, { hashes: same, stride: 2, word: 0, use }, null, () => count++, 10);
    expect(count).toBe(0);
  });
});
