import { OptionError } from './errors';
import { checkInteger, checkOptionsObject } from './internal/checks';
import { describe } from './internal/describe';
import { Xoshiro128 } from './internal/prng';

/** Options of {@link shuffleIndices}. */
export interface ShuffleIndicesOptions {
  /**
   * Seed of the shuffle: any safe integer. The same `seed`, `epoch` and
   * `count` give the same order on every platform and backend. Default: a
   * fresh random seed per call (not reproducible).
   */
  seed?: number;
  /** Epoch number (>= 0); each epoch of one seed has its own order. Default `0`. */
  epoch?: number;
}

/**
 * The order in which {@link batches} visits `count` examples in one epoch: a
 * uniformly random permutation of `0 … count - 1` (Fisher–Yates driven by
 * xoshiro128** keyed by `seed` and `epoch`, in plain JavaScript, so it is
 * identical on every backend). Use it to reproduce or check a training
 * order, or to shuffle things that are not tensors (file lists).
 *
 * @throws {OptionError} when `count`, `seed` or `epoch` is not an integer in its domain.
 *
 * @example
 * shuffleIndices(10, { seed: 42 }); // Int32Array [3, 6, 4, 1, 8, 7, 9, 2, 0, 5]
 * shuffleIndices(10, { seed: 42, epoch: 1 }); // another one, the same on every run
 */
export function shuffleIndices(count: number, options: ShuffleIndicesOptions = {}): Int32Array {
  const fn = 'shuffleIndices';
  checkInteger(fn, 'count', count, 0);
  if (count > 0x7fffffff) {
    throw new OptionError({ functionName: fn, argument: 'count', expected: 'at most 2^31 - 1', actual: describe(count) });
  }
  checkOptionsObject(fn, options);
  const seed = resolveSeed(fn, 'options.seed', options.seed);
  const epoch = checkInteger(fn, 'options.epoch', options.epoch ?? 0, 0);
  return permutation(count, seed, epoch);
}

/** Fisher–Yates permutation of 0 … count - 1 for (seed, epoch). */
export function permutation(count: number, seed: number, epoch: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const random = new Xoshiro128([seed, epoch]);
  for (let i = count - 1; i > 0; i--) {
    const j = random.nextBelow(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** A checked seed, or a fresh random one when undefined. */
export function resolveSeed(functionName: string, argument: string, seed: unknown): number {
  if (seed === undefined) return Math.floor(Math.random() * 0x100000000);
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new OptionError({ functionName, argument, expected: 'a safe integer', actual: describe(seed) });
  }
  return seed;
}
