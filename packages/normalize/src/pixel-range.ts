import { RangeSpecError } from './errors';
import { describe } from './internal/describe';

/**
 * Names of the usual pixel ranges: `'uint8'` is `[0, 255]`, `'unit'` is
 * `[0, 1]`, `'symmetric'` is `[-1, 1]` (the range of a `tanh` generator).
 */
export type PixelRangeName = 'uint8' | 'unit' | 'symmetric';

/**
 * A declared pixel range: a name from {@link PIXEL_RANGES} or a `[min, max]`
 * pair of finite numbers with `min < max`.
 */
export type PixelRange = PixelRangeName | readonly [min: number, max: number];

/**
 * The named pixel ranges and their bounds.
 *
 * @example
 * PIXEL_RANGES.symmetric; // [-1, 1]
 * scaleRange(images, { from: PIXEL_RANGES.uint8, to: [-1, 1] });
 */
export const PIXEL_RANGES: { readonly [K in PixelRangeName]: readonly [min: number, max: number] } = Object.freeze({
  uint8: Object.freeze([0, 255] as const),
  unit: Object.freeze([0, 1] as const),
  symmetric: Object.freeze([-1, 1] as const),
});

const EXPECTED = `a pixel range: 'uint8' | 'unit' | 'symmetric' or [min, max] with finite min < max`;

/** Resolves a range name or pair to `[min, max]`, or throws `RangeSpecError`. */
export function resolvePixelRange(range: unknown, functionName: string, argument: string): readonly [number, number] {
  if (typeof range === 'string' && Object.hasOwn(PIXEL_RANGES, range)) {
    return PIXEL_RANGES[range as PixelRangeName];
  }
  if (
    Array.isArray(range) &&
    range.length === 2 &&
    typeof range[0] === 'number' &&
    typeof range[1] === 'number' &&
    Number.isFinite(range[0]) &&
    Number.isFinite(range[1]) &&
    range[0] < range[1]
  ) {
    return [range[0], range[1]];
  }
  throw new RangeSpecError({ functionName, argument, expected: EXPECTED, actual: describe(range) });
}
