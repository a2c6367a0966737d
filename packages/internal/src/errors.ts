/**
 * The one error base of every ganforge package. Each package derives its own
 * base (`AugmentError`, `MnistError`, ...) from {@link GanforgeError}, and under
 * it the same kinds by the same names: `OptionError`, `ShapeError`,
 * `DtypeError`, `LimitError`, `TensorError`, ... (see the README).
 *
 * The message always reads `<functionName>: <argument> must be <expected>, got <actual>`
 * unless a full `message` is given (for I/O and format errors that do not fit).
 */

/** Marks ganforge errors across copies of this code (each package bundles its own copy). */
export const GANFORGE_ERROR_MARKER: unique symbol = Symbol.for('ganforge.error') as never;

/** What every ganforge error says. */
export interface GanforgeErrorDetails {
  /** The public function (or `Class.method`) that rejected its input, e.g. `'affine'`. */
  functionName: string;
  /** The argument or option at fault, e.g. `'options.angle'` or `'images'`. */
  argument: string;
  /** What was expected, in words. */
  expected: string;
  /** What came, in words (see `describe`). */
  actual: string;
  /** The full message, when the standard sentence does not fit (for example an I/O failure). */
  message?: string;
  /** The error that caused this one. */
  cause?: unknown;
}

/**
 * Base class of every error that a ganforge package throws on purpose.
 *
 * @example
 * try {
 *   affine(images, { angel: 45 });
 * } catch (error) {
 *   if (isGanforgeError(error)) console.error(error.functionName, error.argument, error.expected, error.actual);
 * }
 */
export class GanforgeError extends Error implements GanforgeErrorDetails {
  override name = 'GanforgeError';
  readonly functionName: string;
  readonly argument: string;
  readonly expected: string;
  readonly actual: string;
  readonly [GANFORGE_ERROR_MARKER] = true;

  constructor(details: GanforgeErrorDetails) {
    super(
      details.message ?? `${details.functionName}: ${details.argument} must be ${details.expected}, got ${details.actual}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.functionName = details.functionName;
    this.argument = details.argument;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

/**
 * Whether `error` is a ganforge error, from this copy of the code or any other
 * (each published package bundles its own copy, so `instanceof GanforgeError`
 * only works within one package).
 *
 * @example
 * if (isGanforgeError(error)) console.error(error.argument);
 */
export function isGanforgeError(error: unknown): error is GanforgeError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[GANFORGE_ERROR_MARKER] === true;
}

/** A constructor of a package's error kind, as the shared checks take it. */
export type ErrorClass = new (details: GanforgeErrorDetails) => GanforgeError;
