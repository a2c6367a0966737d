import { OptionError } from './errors';

/**
 * Serializable state of a {@link RandomStream}: the algorithm name and four unsigned 32-bit words.
 *
 * @example
 * RandomStream.fromState({ algorithm: 'xoshiro128**', state: [1, 2, 3, 4] });
 */
export interface RandomStreamState {
  algorithm: 'xoshiro128**';
  state: [number, number, number, number];
}

const UINT32 = 0x1_0000_0000;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** splitmix32: spreads a small seed over 32 bits so that nearby seeds give unrelated streams. */
function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < UINT32;
}

/**
 * The one seeded random stream of a training run (xoshiro128**, 32-bit words,
 * pure JS: identical on every backend and platform). It draws the seeds of
 * latent noise, data shuffling, dropout and augmentation, and its state is
 * saved in every checkpoint so that a resumed run continues the same stream.
 *
 * tfjs random ops repeat their numbers for a fixed seed and treat seed 0 as
 * unseeded, so draw a fresh positive seed for every call with {@link RandomStream.nextSeed}.
 *
 * @example
 * const random = new RandomStream(42);
 * const z = tf.randomNormal([8, 16], 0, 1, 'float32', random.nextSeed());
 * const saved = random.getState();
 * const again = RandomStream.fromState(saved); // continues exactly where `random` is now
 */
export class RandomStream {
  private readonly words: Uint32Array = new Uint32Array(4);

  /**
   * @param seed Any safe integer (default 0). Both halves of 53-bit seeds are used.
   */
  constructor(seed = 0) {
    if (!Number.isSafeInteger(seed)) {
      throw new OptionError({ functionName: 'RandomStream', argument: 'seed', expected: 'a safe integer', actual: String(seed) });
    }
    const high = Math.floor(Math.abs(seed) / UINT32);
    const mix = splitmix32((seed >>> 0) ^ Math.imul(high, 0x27d4eb2f) ^ (seed < 0 ? 0xdeadbeef : 0));
    for (let i = 0; i < 4; i++) this.words[i] = mix();
    if (this.words.every((w) => w === 0)) this.words[0] = 1;
  }

  /**
   * A stream that continues from a state returned by {@link RandomStream.getState}.
   *
   * @example
   * const copy = RandomStream.fromState(new RandomStream(1).getState());
   */
  static fromState(state: RandomStreamState): RandomStream {
    const stream = new RandomStream(0);
    stream.setState(state);
    return stream;
  }

  /**
   * The next unsigned 32-bit integer.
   *
   * @example
   * new RandomStream(1).nextUint32(); // an integer in [0, 2**32)
   */
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

  /**
   * A uniform float in [0, 1) with 53 random bits (two draws).
   *
   * @example
   * const u = new RandomStream(1).nextFloat();
   */
  nextFloat(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * A uniform integer in [0, bound), without modulo bias.
   *
   * @example
   * const index = new RandomStream(1).nextInt(10);
   */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > UINT32) {
      throw new OptionError({ functionName: 'RandomStream.nextInt', argument: 'bound', expected: 'an integer in [1, 2**32]', actual: String(bound) });
    }
    const limit = UINT32 - (UINT32 % bound);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % bound;
    }
  }

  /**
   * A fresh seed for a tfjs random op: an integer in [1, 2**31 - 1] (never 0, which tfjs treats as unseeded).
   *
   * @example
   * tf.randomUniform([4], 0, 1, 'float32', random.nextSeed());
   */
  nextSeed(): number {
    return 1 + this.nextInt(0x7fff_fffe);
  }

  /**
   * A random permutation of `0 .. n-1` (Fisher-Yates).
   *
   * @example
   * new RandomStream(3).permutation(5); // e.g. [3, 0, 4, 1, 2]
   */
  permutation(n: number): number[] {
    if (!Number.isInteger(n) || n < 0) {
      throw new OptionError({ functionName: 'RandomStream.permutation', argument: 'n', expected: 'a non-negative integer', actual: String(n) });
    }
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }

  /**
   * The state, as plain JSON; `RandomStream.fromState(getState())` continues identically.
   *
   * @example
   * JSON.stringify(random.getState()); // '{"algorithm":"xoshiro128**","state":[...]}'
   */
  getState(): RandomStreamState {
    return { algorithm: 'xoshiro128**', state: [this.words[0]!, this.words[1]!, this.words[2]!, this.words[3]!] };
  }

  /**
   * Replaces the state with one from {@link RandomStream.getState}.
   *
   * @example
   * random.setState(savedState);
   */
  setState(state: RandomStreamState): void {
    const words = state?.state;
    if (state?.algorithm !== 'xoshiro128**' || !Array.isArray(words) || words.length !== 4 || !words.every(isUint32) || words.every((w) => w === 0)) {
      throw new OptionError({
        functionName: 'RandomStream.setState',
        argument: 'state',
        expected: "{ algorithm: 'xoshiro128**', state: four uint32 words, not all 0 }",
        actual: JSON.stringify(state),
      });
    }
    this.words.set(words);
  }
}
