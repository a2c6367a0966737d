/**
 * Errors thrown by `@ganforge/normalize`. Every error derives from the house
 * `GanforgeError` (so `isGanforgeError(error)` is true across ganforge
 * packages) and names the function, the argument, what was expected and what
 * came, both in its message and in the fields `functionName`, `argument`,
 * `expected` and `actual`:
 *
 * `standardize: stats.mean must be an array of 1 value (the images have 1 channel), got 3 values [0.5, 0.5, 0.5]`
 */
import { GanforgeError, type GanforgeErrorDetails } from '@ganforge/internal';

/** Fields shared by every error of this package (the house `GanforgeErrorDetails`). */
export type NormalizeErrorDetails = GanforgeErrorDetails;

/**
 * Base class of every error thrown by `@ganforge/normalize`; catch it to
 * handle all of them. The message reads
 * `<functionName>: <argument> must be <expected>, got <actual>`.
 *
 * @example
 * try {
 *   scaleRange(images, { from: [1, 0], to: 'symmetric' });
 * } catch (error) {
 *   if (error instanceof NormalizeError) console.error(error.argument, error.expected, error.actual);
 * }
 */
export class NormalizeError extends GanforgeError {
  override name = 'NormalizeError';
}

/**
 * An unknown option key (with a did-you-mean), or an option outside its
 * domain, such as a batch size that is not a positive integer or a seed that
 * is not an integer.
 *
 * @example
 * batches(images, { batchSize: 0 });
 * // OptionError: batches: options.batchSize must be a positive integer <= 16777216 (LIMITS.batch), got 0
 * batches(images, { dropRemainer: true });
 * // OptionError: batches: options.dropRemainer must be a known option (did you mean 'dropRemainder'?): ...
 */
export class OptionError extends NormalizeError {
  override name = 'OptionError';
}

/**
 * `null`, `undefined`, a non-tensor, or a disposed tensor where a tensor goes
 * (also a tensor disposed while {@link batches} iterates over it).
 *
 * @example
 * scaleRange(null, { from: 'unit', to: 'symmetric' });
 * // TensorError: scaleRange: images must be a tf.Tensor, got null
 */
export class TensorError extends NormalizeError {
  override name = 'TensorError';
}

/**
 * A tensor of the wrong rank or shape (for example not NHWC rank 4, or labels
 * whose first dimension differs from the number of images).
 *
 * @example
 * assertNhwc(tf.zeros([28, 28, 1]));
 * // ShapeError: assertNhwc: images must be rank 4 [batch, height, width, channels], got rank 3 [28, 28, 1]
 */
export class ShapeError extends NormalizeError {
  override name = 'ShapeError';
}

/**
 * A tensor of a dtype the function cannot take (images must be `int32` or
 * `float32`).
 *
 * @example
 * scaleRange(tf.tensor4d([true], [1, 1, 1, 1], 'bool'), { from: 'unit', to: 'symmetric' });
 * // DtypeError: scaleRange: images must be of dtype int32 or float32, got bool
 */
export class DtypeError extends NormalizeError {
  override name = 'DtypeError';
}

/**
 * A size past a documented limit (`LIMITS` of the house package), checked
 * before anything is allocated: a batch size above 2^24, a permutation of
 * more than 2^31 - 1 indices.
 *
 * @example
 * shuffleIndices(1e10);
 * // LimitError: shuffleIndices: count must be a non-negative integer <= 2147483647 (LIMITS.tensorElements), got 10000000000
 */
export class LimitError extends NormalizeError {
  override name = 'LimitError';
}

/**
 * A pixel range that is not a known name or not a `[min, max]` pair of finite
 * numbers with `min < max`.
 *
 * @example
 * scaleRange(images, { from: [255, 0], to: 'unit' });
 * // RangeSpecError: scaleRange: options.from must be a pixel range: 'uint8' | 'unit' | 'symmetric' or [min, max] with finite min < max, got [255, 0]
 */
export class RangeSpecError extends NormalizeError {
  override name = 'RangeSpecError';
}

/**
 * Mean/std statistics that do not fit the images (one value or one per
 * channel), that are not finite, a negative std, or statistics fitted on no
 * data.
 *
 * @example
 * standardize(mnistImages, { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
 * // StatsError: standardize: stats.mean must be an array of 1 value (the images have 1 channel), got 3 values [0.5, 0.5, 0.5]
 */
export class StatsError extends NormalizeError {
  override name = 'StatsError';
}
