import { describe } from './describe';
import type { ErrorClass } from './errors';

/**
 * Names of the usual pixel ranges: `'uint8'` is `[0, 255]`, `'unit'` is `[0, 1]`,
 * `'symmetric'` is `[-1, 1]` (the range of a `tanh` generator).
 */
export type PixelRangeName = 'uint8' | 'unit' | 'symmetric';

/** A pixel range: a name or `[min, max]` with finite `min < max`. The one spelling across ganforge (option `pixelRange`). */
export type PixelRange = PixelRangeName | readonly [min: number, max: number];

/** The `[min, max]` of each named range. */
export const PIXEL_RANGES: Readonly<Record<PixelRangeName, readonly [number, number]>> = {
  uint8: [0, 255],
  unit: [0, 1],
  symmetric: [-1, 1],
};

/**
 * Resolves a {@link PixelRange} to `[min, max]`, or throws `ErrorKind`.
 *
 * @example
 * resolvePixelRange('toUint8', 'options.pixelRange', 'symmetric', OptionError); // [-1, 1]
 */
export function resolvePixelRange(functionName: string, argument: string, value: unknown, ErrorKind: ErrorClass): [number, number] {
  if (typeof value === 'string' && Object.hasOwn(PIXEL_RANGES, value)) {
    const [min, max] = PIXEL_RANGES[value as PixelRangeName];
    return [min, max];
  }
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1]) &&
    value[0] < value[1]
  ) {
    return [value[0], value[1]];
  }
  throw new ErrorKind({
    functionName,
    argument,
    expected: `a pixel range: 'uint8' | 'unit' | 'symmetric' or [min, max] with finite min < max`,
    actual: describe(value),
  });
}
