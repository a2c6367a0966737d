import { ImageShapeError, OptionError } from '../errors';
import { formatValue } from './format';

/** Throws `OptionError` unless `value` is an integer ≥ `min`. */
export function checkInteger(where: string, argument: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new OptionError(where, argument, `an integer >= ${min}`, formatValue(value));
  }
  return value;
}

/** Throws `OptionError` unless `value` is a finite number in [min, max] (or [min, max)). */
export function checkNumber(
  where: string,
  argument: string,
  value: unknown,
  min: number,
  max: number,
  maxExclusive = false,
): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && (maxExclusive ? value < max : value <= max);
  if (!ok) {
    throw new OptionError(where, argument, `a number in [${min}, ${max}${maxExclusive ? ')' : ']'}`, formatValue(value));
  }
  return value as number;
}

/** Throws `OptionError` unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(where: string, argument: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new OptionError(where, argument, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, formatValue(value));
  }
  return value as T;
}

/** Throws `OptionError` unless `value` is a boolean. */
export function checkBoolean(where: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new OptionError(where, argument, 'a boolean', formatValue(value));
  return value;
}

/** Throws `OptionError` unless `value` is undefined or an integer seed. */
export function checkSeed(where: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new OptionError(where, 'options.seed', 'an integer or undefined', formatValue(value));
  }
  return value;
}

/** Validates an `[height, width, channels]` image shape of positive integers. */
export function checkImageShape(where: string, argument: string, value: unknown): [number, number, number] {
  const ok =
    Array.isArray(value) && value.length === 3 && value.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1);
  if (!ok) {
    throw new ImageShapeError(where, argument, '[height, width, channels] of positive integers', formatValue(value));
  }
  return value as [number, number, number];
}
