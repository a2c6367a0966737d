/**
 * Base class of every error thrown by `@ganforge/data-clean`. Each error names
 * the function, the argument, what was expected and what came.
 *
 * @example
 * try {
 *   await audit(images);
 * } catch (error) {
 *   if (error instanceof DataCleanError) console.error(error.argument, error.expected, error.actual);
 * }
 */
export class DataCleanError extends Error {
  /** The function's argument (or option path) at fault, e.g. `images` or `options.thresholds.outlier`. */
  readonly argument: string;
  /** What the function expected, in words. */
  readonly expected: string;
  /** What it got, in words. */
  readonly actual: string;

  constructor(fn: string, argument: string, expected: string, actual: string) {
    super(`${fn}: ${argument} must be ${expected}, got ${actual}`);
    this.name = 'DataCleanError';
    this.argument = argument;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * An image tensor or list of images has the wrong rank, dtype, shape or channel count.
 *
 * @example
 * await audit(tf.zeros([28, 28, 1])); // ShapeError: audit: images must be rank 4 [batch, h, w, c], got rank 3 [28, 28, 1]
 */
export class ShapeError extends DataCleanError {
  constructor(fn: string, argument: string, expected: string, actual: string) {
    super(fn, argument, expected, actual);
    this.name = 'ShapeError';
  }
}

/**
 * An option has an invalid value (unknown check, negative threshold, bad range...).
 *
 * @example
 * await audit(images, { range: [1, 0] }); // OptionError: audit: options.range must be [low, high] with low < high, got [1, 0]
 */
export class OptionError extends DataCleanError {
  constructor(fn: string, argument: string, expected: string, actual: string) {
    super(fn, argument, expected, actual);
    this.name = 'OptionError';
  }
}

/**
 * Labels do not match the images (wrong count, not finite, wrong rank).
 *
 * @example
 * await audit(images, { labels: [1, 2] }); // LabelError: audit: options.labels must be one label per image (100), got 2
 */
export class LabelError extends DataCleanError {
  constructor(fn: string, argument: string, expected: string, actual: string) {
    super(fn, argument, expected, actual);
    this.name = 'LabelError';
  }
}

/**
 * A report does not fit the images or set it is used with (e.g. `clean` with a
 * report made for a different number of images).
 *
 * @example
 * clean(otherImages, report); // ReportError: clean: report must describe 64 images, got a report of 100 images
 */
export class ReportError extends DataCleanError {
  constructor(fn: string, argument: string, expected: string, actual: string) {
    super(fn, argument, expected, actual);
    this.name = 'ReportError';
  }
}

/**
 * Bytes could not be decoded as a PNG or JPEG image. `auditFolder` records
 * these per file instead of throwing.
 *
 * @example
 * decodeImage(new Uint8Array([1, 2, 3])); // DecodeError: decodeImage: bytes must be a PNG or JPEG image, got 3 bytes starting 01 02 03
 */
export class DecodeError extends DataCleanError {
  constructor(fn: string, argument: string, expected: string, actual: string) {
    super(fn, argument, expected, actual);
    this.name = 'DecodeError';
  }
}
