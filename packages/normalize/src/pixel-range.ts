import { resolvePixelRange as houseResolvePixelRange } from '@ganforge/internal';
import { RangeSpecError } from './errors';

/**
 * Names of the usual pixel ranges: `'uint8'` is `[0, 255]`, `'unit'` is
 * `[0, 1]`, `'symmetric'` is `[-1, 1]` (the range of a `tanh` generator).
 * The house spelling shared by every ganforge package.
 */
export type { PixelRangeName } from '@ganforge/internal';

/**
 * A declared pixel range: a name from {@link PIXEL_RANGES} or a `[min, max]`
 * pair of finite numbers with `min < max`. The house spelling shared by every
 * ganforge package (option `pixelRange`).
 */
export type { PixelRange } from '@ganforge/internal';

/**
 * The named pixel ranges and their bounds.
 *
 * @example
 * PIXEL_RANGES.symmetric; // [-1, 1]
 * scaleRange(images, { from: PIXEL_RANGES.uint8, to: [-1, 1] });
 */
export { PIXEL_RANGES } from '@ganforge/internal';

/** Resolves a range name or pair to `[min, max]`, or throws `RangeSpecError`. */
export function resolvePixelRange(range: unknown, functionName: string, argument: string): readonly [number, number] {
  return houseResolvePixelRange(functionName, argument, range, RangeSpecError);
}
