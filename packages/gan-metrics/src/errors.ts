import { GanforgeError } from '@ganforge/internal';

/**
 * Base class of every error thrown by `@ganforge/gan-metrics`; catch it to handle all of them.
 * The message reads `<function>: <argument> must be <expected>, got <actual>`.
 *
 * @example
 * try {
 *   run(input);
 * } catch (error) {
 *   if (error instanceof GanMetricsError) console.error(error.argument, error.expected, error.actual);
 * }
 */
export class GanMetricsError extends GanforgeError {
  override name = 'GanMetricsError';
}

/**
 * An unknown option key, or an option value outside its domain.
 *
 * @example
 * if (error instanceof OptionError) console.error(error.message);
 */
export class OptionError extends GanMetricsError {
  override name = 'OptionError';
}

/**
 * `null`, `undefined`, a non-tensor, or a disposed tensor where a tensor goes.
 *
 * @example
 * if (error instanceof TensorError) console.error(error.message);
 */
export class TensorError extends GanMetricsError {
  override name = 'TensorError';
}

/**
 * A tensor of the wrong rank or shape, or shapes that disagree.
 *
 * @example
 * if (error instanceof ShapeError) console.error(error.message);
 */
export class ShapeError extends GanMetricsError {
  override name = 'ShapeError';
}

/**
 * A tensor of a dtype the function cannot take.
 *
 * @example
 * if (error instanceof DtypeError) console.error(error.message);
 */
export class DtypeError extends GanMetricsError {
  override name = 'DtypeError';
}

/**
 * A size past a documented limit (`LIMITS`), checked before allocating.
 *
 * @example
 * if (error instanceof LimitError) console.error(error.message);
 */
export class LimitError extends GanMetricsError {
  override name = 'LimitError';
}

/**
 * Bytes that are not the format they claim.
 *
 * @example
 * if (error instanceof FormatError) console.error(error.message);
 */
export class FormatError extends GanMetricsError {
  override name = 'FormatError';
}

/**
 * An object used in the wrong state (e.g. after `dispose()`).
 *
 * @example
 * if (error instanceof StateError) console.error(error.message);
 */
export class StateError extends GanMetricsError {
  override name = 'StateError';
}

/**
 * Features, probabilities or images holding NaN or ±Infinity, or images
 * outside the declared pixel range.
 *
 * @example
 * await kernelInceptionDistance(tf.tensor2d([[NaN, 1], [0, 1]]), real);
 * // ValueError: kernelInceptionDistance: fake must be finite numbers, got NaN at row 0, column 0
 */
export class ValueError extends GanMetricsError {
  override name = 'ValueError';
}
