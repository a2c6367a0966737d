/**
 * Base class of every error thrown by `@ganforge/gan-layers`. The message names
 * the function (or layer), the argument, what was expected and what came.
 *
 * @example
 * try {
 *   createDcganGenerator({ imageShape: [30, 30, 1], depth: 2 });
 * } catch (error) {
 *   if (error instanceof GanLayersError) console.log(error.argument); // 'imageShape'
 * }
 */
export class GanLayersError extends Error {
  /** The offending argument or option, e.g. `'imageShape'` or `'options.width'`. */
  readonly argument: string;
  /** What was expected, in words. */
  readonly expected: string;
  /** What came, in words. */
  readonly actual: string;

  constructor(where: string, argument: string, expected: string, actual: string) {
    super(`${where}: ${argument} must be ${expected}, got ${actual}`);
    this.name = 'GanLayersError';
    this.argument = argument;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * An option has a value outside its domain: a zero or fractional width, an unknown
 * normalization or activation name, a wrapped layer type that is not supported.
 *
 * @example
 * expect(() => createDcganGenerator({ width: 0 })).toThrow(OptionError);
 */
export class OptionError extends GanLayersError {
  constructor(where: string, argument: string, expected: string, actual: string) {
    super(where, argument, expected, actual);
    this.name = 'OptionError';
  }
}

/**
 * The requested image shape cannot be produced (generator) or reduced (discriminator) by
 * the stride-2 path: each spatial side must be a multiple of `2 ** depth`.
 *
 * @example
 * expect(() => createDcganGenerator({ imageShape: [30, 30, 1], depth: 2 })).toThrow(ImageShapeError);
 */
export class ImageShapeError extends GanLayersError {
  constructor(where: string, argument: string, expected: string, actual: string) {
    super(where, argument, expected, actual);
    this.name = 'ImageShapeError';
  }
}

/**
 * A layer received an input of the wrong rank or size, e.g. a `SubPixelUpsampling` input
 * whose channel count is not a multiple of `blockSize²`.
 *
 * @example
 * expect(() => new SubPixelUpsampling({ blockSize: 2 }).apply(tf.zeros([1, 2, 2, 3]))).toThrow(LayerInputError);
 */
export class LayerInputError extends GanLayersError {
  constructor(where: string, argument: string, expected: string, actual: string) {
    super(where, argument, expected, actual);
    this.name = 'LayerInputError';
  }
}

