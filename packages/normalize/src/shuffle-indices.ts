import { checkSeed, Prng } from '@ganforge/internal';
import { OptionError } from './errors';
import { checkCount, checkInteger, checkOptions } from './internal/checks';

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
 * @throws {OptionError} when `options` has an unknown key, or `count`, `seed` or `epoch` is not an integer in its domain.
 * @throws {LimitError} when `count` is above `LIMITS.tensorElements` (2^31 - 1): the order is allocated as an `Int32Array`.
 *
 * @example
 * shuffleIndices(10, { seed: 42 }); // Int32Array [3, 6, 4, 1, 8, 7, 9, 2, 0, 5]
 * shuffleIndices(10, { seed: 42, epoch: 1 }); // another one, the same on every run
 */
export function shuffleIndices(count: number, options: ShuffleIndicesOptions = {}): Int32Array {
  const fn = 'shuffleIndices';
  checkCount(fn, 'count', count);
  const resolved = checkOptions<ShuffleIndicesOptions>(fn, options, ['seed', 'epoch']);
  const seed = resolveSeed(fn, 'options.seed', resolved.seed);
  const epoch = checkInteger(fn, 'options.epoch', resolved.epoch ?? 0, 0);
  return permutation(count, seed, epoch);
}

/** Fisher–Yates permutation of 0 … count - 1 for (seed, epoch), drawn from the house `Prng.fromKey([seed, epoch])`. */
export function permutation(count: number, seed: number, epoch: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const random = Prng.fromKey([seed, epoch]);
  for (let i = count - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** A checked seed, or a fresh random one when undefined. */
export function resolveSeed(functionName: string, argument: string, seed: unknown): number {
  return checkSeed(functionName, argument, seed, OptionError) ?? Math.floor(Math.random() * 0x100000000);
}
