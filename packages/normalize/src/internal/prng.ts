/**
 * Small seeded generators in plain 32-bit integer arithmetic, so that the
 * same seed gives the same numbers on every platform and backend.
 */

/** MurmurHash3's 32-bit finalizer: a bijective avalanche mix. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Splits a safe integer (possibly negative or above 2^32) into two 32-bit words. */
function words(value: number): [number, number] {
  const lo = value >>> 0;
  const hi = Math.floor(value / 0x100000000) >>> 0;
  return [lo, hi];
}

/**
 * xoshiro128** (Blackman & Vigna), seeded through splitmix32 from a list of
 * safe integers (for example `[seed, epoch]`); distinct keys give unrelated
 * streams.
 */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(key: readonly number[]) {
    let h = 0x9e3779b9;
    for (const part of key) {
      for (const w of words(part)) h = fmix32((h ^ w) + Math.imul(h, 0x2545f491));
    }
    // splitmix32 stream from the hashed key fills the state (never all zero).
    let x = h;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      return fmix32(x);
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator with the given raw state (for checks against reference outputs). */
  static fromState(state: readonly [number, number, number, number]): Xoshiro128 {
    const random = new Xoshiro128([]);
    [random.s0, random.s1, random.s2, random.s3] = state;
    return random;
  }

  /** Next uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform integer in [0, bound), without modulo bias (rejection sampling); bound in [1, 2^32]. */
  nextBelow(bound: number): number {
    const limit = 0x100000000 - (0x100000000 % bound);
    let r = this.nextUint32();
    while (r >= limit) r = this.nextUint32();
    return r % bound;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
