/**
 * Seed stream for layer initializers: tfjs initializers given the same seed draw the
 * same numbers, and seed 0 means unseeded, so each layer gets a fresh positive seed
 * from this mulberry32 generator. Without a seed, every draw is `undefined` (unseeded).
 */
export interface SeedStream {
  /** The next positive 31-bit seed, or `undefined` when the stream is unseeded. */
  next(): number | undefined;
}

export function createSeedStream(seed: number | undefined): SeedStream {
  if (seed === undefined) return { next: () => undefined };
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const value = ((t ^ (t >>> 14)) >>> 0) & 0x7fffffff;
      return value === 0 ? 1 : value;
    },
  };
}
