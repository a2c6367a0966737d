/**
 * Errors thrown by `@ganforge/augment`. Every error is an {@link AugmentError};
 * the message names the function, the argument, what was expected and what came.
 */

/** Formats a value for an error message: shapes as `[a, b]`, numbers and strings as is. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}

/**
 * Base class of every error this package throws.
 *
 * @example
 * try { horizontalFlip(tf.zeros([28, 28, 1]) as tf.Tensor4D); }
 * catch (e) { if (e instanceof AugmentError) console.log(e.argument, e.expected, e.actual); }
 */
export class AugmentError extends Error {
  override name = 'AugmentError';
  /** The function that threw, e.g. `randomFlip`. */
  readonly fn: string;
  /** The argument or option at fault, e.g. `images` or `p`. */
  readonly argument: string;
  /** What was expected, in words. */
  readonly expected: string;
  /** What came, in words. */
  readonly actual: string;

  constructor(fn: string, argument: string, expected: string, actual: string, message?: string) {
    super(message ?? `${fn}: ${argument} must be ${expected}, got ${actual}`);
    this.fn = fn;
    this.argument = argument;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Images of the wrong rank, shape or dtype.
 *
 * @example
 * horizontalFlip(tf.zeros([28, 28, 1]) as tf.Tensor4D);
 * // ShapeError: horizontalFlip: images must be rank 4 [batch, h, w, c], got rank 3 [28, 28, 1]
 */
export class ShapeError extends AugmentError {
  override name = 'ShapeError';
}

/**
 * A channel count the transform cannot take (e.g. `adjustSaturation` on 1-channel images).
 *
 * @example
 * adjustSaturation(tf.zeros([1, 4, 4, 1]) as tf.Tensor4D, 0.5);
 * // ChannelError: adjustSaturation: images must have 3 channels, got 1 channel
 */
export class ChannelError extends AugmentError {
  override name = 'ChannelError';
}

/**
 * An option or parameter out of range: `p` outside [0, 1], negative sizes,
 * non-finite numbers, a vector of the wrong length, an unknown mode.
 *
 * @example
 * randomFlip({ p: 2 });
 * // OptionError: randomFlip: p must be a finite number in [0, 1], got 2
 */
export class OptionError extends AugmentError {
  override name = 'OptionError';
}

/**
 * `replay` given parameters that do not belong to the augmentation or the batch.
 *
 * @example
 * const { params } = randomFlip().applyWithParams(x);
 * randomCrop({ size: 24 }).replay(x, params);
 * // ParamsError: randomCrop.replay: params.type must be "randomCrop", got "randomFlip"
 */
export class ParamsError extends AugmentError {
  override name = 'ParamsError';
}

/**
 * A pipeline JSON config that cannot be read back.
 *
 * @example
 * augmentationFromJSON({ type: 'nope' });
 * // ConfigError: augmentationFromJSON: config.type must be a known augmentation type, got "nope"
 */
export class ConfigError extends AugmentError {
  override name = 'ConfigError';
}
