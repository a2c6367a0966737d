/**
 * Errors thrown by `@ganforge/augment`. Every error is an {@link AugmentError},
 * itself a `GanforgeError` of the house package: it carries `functionName`,
 * `argument`, `expected`, `actual` and `cause`, and its message reads
 * `<function>: <argument> must be <expected>, got <actual>`.
 */
import { GanforgeError } from '@ganforge/internal';

/**
 * Base class of every error this package throws.
 *
 * @example
 * try { horizontalFlip(tf.zeros([28, 28, 1]) as tf.Tensor4D); }
 * catch (e) { if (e instanceof AugmentError) console.log(e.functionName, e.argument, e.expected, e.actual); }
 */
export class AugmentError extends GanforgeError {
  override name = 'AugmentError';

  /**
   * The function that threw, e.g. `randomFlip`.
   * @deprecated Use `functionName` (the house field); `fn` goes in the next minor version.
   */
  get fn(): string {
    return this.functionName;
  }
}

/**
 * Options that are not what the function takes: an unknown (misspelled) key,
 * `p` outside [0, 1], negative sizes, non-finite numbers, a vector of the wrong
 * length, an unknown mode.
 *
 * @example
 * affine(images, { angel: 45 });
 * // OptionError: affine: options.angel must be a known option (did you mean 'angle'?): ..., got the unknown key 'angel'
 */
export class OptionError extends AugmentError {
  override name = 'OptionError';
}

/**
 * `null`, `undefined`, a non-tensor or a disposed tensor where images go.
 *
 * @example
 * horizontalFlip(null as never);
 * // TensorError: horizontalFlip: images must be a tf.Tensor, got null
 */
export class TensorError extends AugmentError {
  override name = 'TensorError';
}

/**
 * Images of the wrong rank or shape, or shapes that disagree.
 *
 * @example
 * horizontalFlip(tf.zeros([28, 28, 1]) as tf.Tensor4D);
 * // ShapeError: horizontalFlip: images must be rank 4 [batch, h, w, c], got rank 3 [28, 28, 1]
 */
export class ShapeError extends AugmentError {
  override name = 'ShapeError';
}

/**
 * A channel count the transform cannot take (e.g. `adjustSaturation` on
 * 1-channel images). A kind of {@link ShapeError}.
 *
 * @example
 * adjustSaturation(tf.zeros([1, 4, 4, 1]) as tf.Tensor4D, 0.5);
 * // ChannelError: adjustSaturation: images must have 3 channels, got 1 channel
 */
export class ChannelError extends ShapeError {
  override name = 'ChannelError';
}

/**
 * Images of a dtype the transforms cannot take (they take `float32`).
 *
 * @example
 * horizontalFlip(tf.zeros([1, 4, 4, 1], 'int32') as tf.Tensor4D);
 * // DtypeError: horizontalFlip: images must be a float32 tensor, got dtype int32
 */
export class DtypeError extends AugmentError {
  override name = 'DtypeError';
}

/**
 * A size past a documented limit (`LIMITS.imageSide`: 16,384 px per side;
 * `LIMITS.tensorElements`: 2^31 - 1 elements per output; `LIMITS.batch`),
 * thrown before anything is allocated.
 *
 * @example
 * resize(images, [1e6, 1e6]);
 * // LimitError: resize: size[0] must be a positive integer <= 16384 (LIMITS.imageSide), got 1000000
 */
export class LimitError extends AugmentError {
  override name = 'LimitError';
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
 * A pipeline JSON config that cannot be read back (its `cause` holds the
 * underlying error, e.g. the {@link OptionError} of a misspelled option).
 *
 * @example
 * augmentationFromJSON({ type: 'nope', options: {} });
 * // ConfigError: augmentationFromJSON: config.type must be a known augmentation type, got 'nope'
 */
export class ConfigError extends AugmentError {
  override name = 'ConfigError';
}
