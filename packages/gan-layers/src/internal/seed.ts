import { Prng } from '@ganforge/internal';

/**
 * Seed stream for layer initializers: tfjs initializers given the same seed draw the
 * same numbers, and seed 0 means unseeded, so each layer gets a fresh positive seed
 * from the house `Prng` (xoshiro128**). Without a seed, every draw is `undefined` (unseeded).
 */
export interface SeedStream {
  /** The next positive 31-bit seed, or `undefined` when the stream is unseeded. */
  next(): number | undefined;
}

export function createSeedStream(seed: number | undefined): SeedStream {
  if (seed === undefined) return { next: () => undefined };
  const random = new Prng(seed);
  return { next: () => random.nextSeed() };
}
