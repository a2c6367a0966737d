/**
 * The one seedable PRNG family of ganforge: xoshiro128** (Blackman & Vigna),
 * seeded through splitmix32. Plain 32-bit integer arithmetic, so the same seed
 * gives the same numbers on every platform; the state is four uint32 words
 * (plus a cached normal) and round-trips through JSON for exact resume.
 * (`@ganforge/kernels` keeps its counter-based device RNG, which is mirrored in WGSL.)
 */

/** The saved state of a {@link Prng}: plain JSON. */
export interface PrngState {
  algorithm: 'xoshiro128**';
  state: [number, number, number, number];
  /** The second normal of the last Box-Muller pair, not yet returned. */
  spareNormal?: number | null;
}

const UINT32 = 0x1_0000_0000;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** MurmurHash3's 32-bit finalizer: a bijective avalanche mix. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < UINT32;
}

/** Thrown by {@link Prng} on a bad seed, bound or state; each package rethrows in its own error kind where it matters. */
export class PrngArgumentError extends RangeError {
  override name = 'PrngArgumentError';
}

/**
 * A seeded generator. `new Prng(seed)` takes any safe integer; `Prng.fromKey([seed, epoch])`
 * derives unrelated streams from a list of integers.
 *
 * @example
 * const random = new Prng(7);
 * random.nextFloat(); // uniform in [0, 1)
 * tf.randomUniform([4], 0, 1, 'float32', random.nextSeed());
 * const saved = random.getState(); // JSON; Prng.fromState(saved) continues identically
 */
export class Prng {
  private readonly words = new Uint32Array(4);
  private spare: number | null = null;

  /** @param seed any safe integer (default 0); both halves of 53-bit seeds are used. */
  constructor(seed = 0) {
    if (!Number.isSafeInteger(seed)) throw new PrngArgumentError(`Prng: seed must be a safe integer, got ${seed}`);
    const high = Math.floor(Math.abs(seed) / UINT32);
    let a = ((seed >>> 0) ^ Math.imul(high, 0x27d4eb2f) ^ (seed < 0 ? 0xdeadbeef : 0)) >>> 0;
    for (let i = 0; i < 4; i++) {
      a = (a + 0x9e3779b9) >>> 0;
      this.words[i] = fmix32(a);
    }
    if (this.words.every((w) => w === 0)) this.words[0] = 1;
  }

  /**
   * A generator keyed by a list of safe integers (for example `[seed, epoch]`);
   * distinct keys give unrelated streams.
   *
   * @example
   * const epochRandom = Prng.fromKey([seed, epoch]);
   */
  static fromKey(key: readonly number[]): Prng {
    let h = 0x9e3779b9;
    for (const part of key) {
      if (!Number.isSafeInteger(part)) throw new PrngArgumentError(`Prng.fromKey: key must hold safe integers, got ${part}`);
      const lo = part >>> 0;
      const hi = Math.floor(part / UINT32) >>> 0;
      for (const w of [lo, hi]) h = fmix32((h ^ w) + Math.imul(h, 0x2545f491));
    }
    const random = new Prng(0);
    let x = h;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      random.words[i] = fmix32(x);
    }
    if (random.words.every((w) => w === 0)) random.words[0] = 1;
    return random;
  }

  /**
   * A generator that continues from a saved state.
   *
   * @example
   * const copy = Prng.fromState(new Prng(1).getState());
   */
  static fromState(state: PrngState): Prng {
    const random = new Prng(0);
    random.setState(state);
    return random;
  }

  /**
   * A seed drawn from `Math.random`, for calls made without a seed.
   *
   * @example
   * const random = new Prng(options.seed ?? Prng.randomSeed());
   */
  static randomSeed(): number {
    return Math.floor(Math.random() * 0x7fff_fffe) + 1;
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    const s = this.words;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** A uniform float in [0, 1) with 53 random bits (two draws). */
  nextFloat(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** A uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.nextFloat();
  }

  /** A uniform integer in [0, bound), without modulo bias; bound in [1, 2^32]. */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > UINT32) {
      throw new PrngArgumentError(`Prng.nextInt: bound must be an integer in [1, 2**32], got ${bound}`);
    }
    const limit = UINT32 - (UINT32 % bound);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % bound;
    }
  }

  /** A uniform integer in [low, high], both included. */
  int(low: number, high: number): number {
    return low + this.nextInt(high - low + 1);
  }

  /** `true` with probability `p`. */
  bernoulli(p: number): boolean {
    return this.nextFloat() < p;
  }

  /** A standard normal draw (Box-Muller; the pair's second value is kept in the state). */
  normal(): number {
    if (this.spare !== null) {
      const value = this.spare;
      this.spare = null;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A fresh seed for a tfjs random op: an integer in [1, 2^31 - 1] (never 0, which tfjs treats as unseeded). */
  nextSeed(): number {
    return 1 + this.nextInt(0x7fff_fffe);
  }

  /** A random permutation of `0 .. n-1` (Fisher-Yates). */
  permutation(n: number): number[] {
    if (!Number.isInteger(n) || n < 0) throw new PrngArgumentError(`Prng.permutation: n must be a non-negative integer, got ${n}`);
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }

  /** An independent copy at the same point of the stream. */
  clone(): Prng {
    return Prng.fromState(this.getState());
  }

  /** The state, as plain JSON. */
  getState(): PrngState {
    return { algorithm: 'xoshiro128**', state: [this.words[0]!, this.words[1]!, this.words[2]!, this.words[3]!], spareNormal: this.spare };
  }

  /** Replaces the state with a saved one. */
  setState(state: PrngState): void {
    const words = state?.state;
    const spare = state?.spareNormal ?? null;
    if (
      state?.algorithm !== 'xoshiro128**' ||
      !Array.isArray(words) ||
      words.length !== 4 ||
      !words.every(isUint32) ||
      words.every((w) => w === 0) ||
      (spare !== null && (typeof spare !== 'number' || !Number.isFinite(spare)))
    ) {
      throw new PrngArgumentError(
        `Prng.setState: state must be { algorithm: 'xoshiro128**', state: four uint32 words not all 0, spareNormal?: finite number | null }, got ${JSON.stringify(state)}`,
      );
    }
    this.words.set(words);
    this.spare = spare;
  }
}
