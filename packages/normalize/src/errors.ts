/**
 * Errors thrown by `@ganforge/normalize`. Every error names the function, the
 * argument, what was expected and what came, both in its message and in the
 * fields `functionName`, `argument`, `expected` and `actual`:
 *
 * `standardize: stats.mean must be an array of 1 value (the images have 1 channel), got 3 values [0.5, 0.5, 0.5]`
 */

/** Fields shared by every error of this package. */
export interface NormalizeErrorDetails {
  /** The public function that rejected its input, e.g. `'scaleRange'`. */
  functionName: string;
  /** The argument or option at fault, e.g. `'options.from'` or `'images'`. */
  argument: string;
  /** What was expected, in words. */
  expected: string;
  /** What came, in words. */
  actual: string;
}

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
export class NormalizeError extends Error implements NormalizeErrorDetails {
  override name = 'NormalizeError';
  readonly functionName: string;
  readonly argument: string;
  readonly expected: string;
  readonly actual: string;

  constructor(details: NormalizeErrorDetails) {
    super(`${details.functionName}: ${details.argument} must be ${details.expected}, got ${details.actual}`);
    this.functionName = details.functionName;
    this.argument = details.argument;
    this.expected = details.expected;
    this.actual = details.actual;
  }
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
 * A tensor of the wrong rank or shape (for example not NHWC rank 4, or labels
 * whose first dimension differs from the number of images), or not a tensor.
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

/**
 * An option outside its domain, such as a batch size that is not a positive
 * integer or a seed that is not an integer.
 *
 * @example
 * batches(images, { batchSize: 0 });
 * // OptionError: batches: options.batchSize must be a positive integer, got 0
 */
export class OptionError extends NormalizeError {
  override name = 'OptionError';
}
