import { LIMITS, Prng, type PrngState } from '@ganforge/internal';
import { LimitError, OptionError } from './errors';

/**
 * Serializable state of a {@link RandomStream}: the house `PrngState` (algorithm name,
 * four unsigned 32-bit words, and the cached normal). States saved by earlier versions
 * (without `spareNormal`) load unchanged.
 *
 * @example
 * RandomStream.fromState({ algorithm: 'xoshiro128**', state: [1, 2, 3, 4] });
 */
export type RandomStreamState = PrngState;

function rethrow(functionName: string, argument: string, expected: string, actual: unknown, run: () => void): void {
  try {
    run();
  } catch (error) {
    throw new OptionError({ functionName, argument, expected, actual: JSON.stringify(actual) ?? String(actual), cause: error });
  }
}

/**
 * The one seeded random stream of a training run: the house `Prng` (xoshiro128**,
 * seeded through splitmix32, pure 32-bit JS arithmetic, identical on every backend),
 * with this package's typed errors. It draws the seeds of latent noise, data
 * shuffling and augmentation, and its state is saved in every checkpoint so that a
 * resumed run continues the same stream. The same seed gives the same numbers as
 * earlier versions of `RandomStream`, so old checkpoints resume identically.
 *
 * tfjs random ops repeat their numbers for a fixed seed and treat seed 0 as
 * unseeded, so draw a fresh positive seed for every call with `nextSeed()`.
 *
 * @example
 * const random = new RandomStream(42);
 * const z = tf.randomNormal([8, 16], 0, 1, 'float32', random.nextSeed());
 * const saved = random.getState();
 * const again = RandomStream.fromState(saved); // continues exactly where `random` is now
 */
export class RandomStream extends Prng {
  /** @param seed Any safe integer (default 0). Both halves of 53-bit seeds are used. */
  constructor(seed = 0) {
    if (!Number.isSafeInteger(seed)) {
      throw new OptionError({ functionName: 'RandomStream', argument: 'seed', expected: 'a safe integer', actual: String(seed) });
    }
    super(seed);
  }

  /**
   * A stream that continues from a state returned by `getState()`.
   *
   * @example
   * const copy = RandomStream.fromState(new RandomStream(1).getState());
   */
  static override fromState(state: RandomStreamState): RandomStream {
    const stream = new RandomStream(0);
    stream.setState(state);
    return stream;
  }

  override nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > 0x1_0000_0000) {
      throw new OptionError({ functionName: 'RandomStream.nextInt', argument: 'bound', expected: 'an integer in [1, 2**32]', actual: String(bound) });
    }
    return super.nextInt(bound);
  }

  override permutation(n: number): number[] {
    if (!Number.isInteger(n) || n < 0) {
      throw new OptionError({ functionName: 'RandomStream.permutation', argument: 'n', expected: 'a non-negative integer', actual: String(n) });
    }
    if (n > LIMITS.batch) {
      throw new LimitError({ functionName: 'RandomStream.permutation', argument: 'n', expected: `an integer <= ${LIMITS.batch} (LIMITS.batch)`, actual: String(n) });
    }
    return super.permutation(n);
  }

  override setState(state: RandomStreamState): void {
    rethrow('RandomStream.setState', 'state', "{ algorithm: 'xoshiro128**', state: four uint32 words, not all 0 }", state, () => super.setState(state));
  }
}
