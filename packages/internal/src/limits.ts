import { describe } from './describe';
import type { ErrorClass } from './errors';

/**
 * The documented size limits of every ganforge package. Each is checked before
 * anything is allocated, so an oversized request fails at once with the
 * package's `LimitError` instead of a `RangeError` deep inside an allocation.
 */
export const LIMITS = {
  /** Largest image side in pixels (height or width) that any function makes or decodes: 16,384 (the common GPU texture limit). */
  imageSide: 16_384,
  /** Most pixels in one decoded image (PNG): 2^28 (16,384 x 16,384). */
  imagePixels: 2 ** 28,
  /** Most elements in one tensor that a function allocates: 2^31 - 1 (tfjs's int32 indexing). */
  tensorElements: 2 ** 31 - 1,
  /** Largest batch (first dimension) that a function makes: 2^24 (16,777,216). */
  batch: 2 ** 24,
  /** Most decompressed bytes that an IDX reader inflates by default: 2 GiB - 1. */
  idxBytes: 2 ** 31 - 1,
} as const;

/**
 * Checks that `value` is a positive integer no larger than `limit`, else throws
 * `ErrorKind` (the package's `LimitError` for sizes past the limit, its
 * `OptionError` for values that are not sizes at all).
 *
 * @example
 * checkSize('resize', 'options.size[0]', 1e6, LIMITS.imageSide, LimitError, OptionError);
 * // LimitError: resize: options.size[0] must be a positive integer <= 16384 (LIMITS.imageSide), got 1000000
 */
export function checkSize(
  functionName: string,
  argument: string,
  value: unknown,
  limit: number,
  LimitKind: ErrorClass,
  OptionKind: ErrorClass = LimitKind,
  limitName = limitNameOf(limit),
): number {
  const expected = `a positive integer <= ${limit}${limitName ? ` (${limitName})` : ''}`;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new OptionKind({ functionName, argument, expected, actual: describe(value) });
  }
  if (value > limit) throw new LimitKind({ functionName, argument, expected, actual: describe(value) });
  return value;
}

/**
 * Checks that a shape about to be allocated has at most `LIMITS.tensorElements`
 * elements (and each side of an image at most `LIMITS.imageSide` when `imageAxes` are given).
 *
 * @example
 * checkAllocation('pad', 'output', [8, 1e6, 1e6, 1], LimitError, { imageAxes: [1, 2] });
 */
export function checkAllocation(
  functionName: string,
  argument: string,
  shape: readonly number[],
  LimitKind: ErrorClass,
  settings: { imageAxes?: readonly number[] } = {},
): void {
  for (const axis of settings.imageAxes ?? []) {
    const side = shape[axis] ?? 0;
    if (side > LIMITS.imageSide) {
      throw new LimitKind({
        functionName,
        argument,
        expected: `an image side <= ${LIMITS.imageSide} (LIMITS.imageSide)`,
        actual: `shape [${shape.join(', ')}]`,
      });
    }
  }
  const elements = shape.reduce((a, b) => a * b, 1);
  if (elements > LIMITS.tensorElements) {
    throw new LimitKind({
      functionName,
      argument,
      expected: `at most ${LIMITS.tensorElements} elements (LIMITS.tensorElements)`,
      actual: `shape [${shape.join(', ')}] (${elements} elements)`,
    });
  }
}

function limitNameOf(limit: number): string | undefined {
  for (const [name, value] of Object.entries(LIMITS)) if (value === limit) return `LIMITS.${name}`;
  return undefined;
}
