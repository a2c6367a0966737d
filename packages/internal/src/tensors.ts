import { describe, isTensorLike, type TensorLike } from './describe';
import type { ErrorClass } from './errors';

/**
 * Checks that `value` is a live tfjs tensor (not null, not some other value,
 * not disposed) and returns it typed; else throws `ErrorKind` (the package's
 * `TensorError`). Shape and dtype checks come after this one.
 *
 * @example
 * const images = checkTensor('randomFlip', 'images', input, TensorError);
 * // randomFlip(null) -> TensorError: randomFlip: images must be a tf.Tensor, got null
 * // randomFlip(disposed) -> TensorError: randomFlip: images must be a tf.Tensor that is not disposed, got disposed float32 tensor [1, 2, 2, 1]
 */
export function checkTensor<T = TensorLike>(functionName: string, argument: string, value: unknown, ErrorKind: ErrorClass): T {
  if (!isTensorLike(value)) {
    throw new ErrorKind({ functionName, argument, expected: 'a tf.Tensor', actual: describe(value) });
  }
  if (value.isDisposed) {
    throw new ErrorKind({ functionName, argument, expected: 'a tf.Tensor that is not disposed', actual: describe(value) });
  }
  return value as T;
}

/**
 * Runs `fn` and rethrows any error that is not already a ganforge error as
 * `ErrorKind` with the function named and the original as `cause`. Use it
 * around tfjs-layers calls whose `ValueError`s would otherwise reach users raw.
 *
 * @example
 * const output = wrapErrors('predictImages', 'images', () => model.predict(images), ShapeError);
 */
export function wrapErrors<T>(functionName: string, argument: string, fn: () => T, ErrorKind: ErrorClass, expected = 'input that the model accepts'): T {
  try {
    return fn();
  } catch (error) {
    if (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[Symbol.for('ganforge.error')] === true) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ErrorKind({
      functionName,
      argument,
      expected,
      actual: message,
      message: `${functionName}: ${argument} was rejected: ${message}`,
      cause: error,
    });
  }
}
