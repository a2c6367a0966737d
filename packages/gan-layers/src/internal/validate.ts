/**
 * The house checks (`@ganforge/internal`) bound to this package's error kinds.
 */
import {
  checkNumber as houseCheckNumber,
  checkOneOf as houseCheckOneOf,
  checkOptions as houseCheckOptions,
  checkSeed as houseCheckSeed,
  checkSize,
  checkTensor,
  describe,
  LIMITS,
} from '@ganforge/internal';
import { ImageShapeError, LimitError, OptionError, TensorError } from '../errors';

/**
 * Keys of tfjs-layers' `LayerArgs` (and what `Layer.getConfig` writes, plus the `customObjects`
 * that `tf.loadLayersModel` adds), accepted by every layer constructor next to its own keys.
 */
export const LAYER_ARG_KEYS = ['name', 'trainable', 'inputShape', 'batchInputShape', 'batchSize', 'dtype', 'weights', 'inputDType', 'customObjects'] as const;

/** Rejects unknown option keys (did-you-mean) with `OptionError`; returns the options (`{}` for undefined). */
export function checkOptions<T extends object>(where: string, options: T | undefined, known: readonly string[], argument = 'options'): T {
  return houseCheckOptions(where, options, known, OptionError, { argument });
}

/** Throws `OptionError` unless `value` is an integer ≥ `min`. */
export function checkInteger(where: string, argument: string, value: unknown, min: number): number {
  return houseCheckNumber(where, argument, value, { integer: true, min }, OptionError);
}

/**
 * Throws `OptionError` unless `value` is an integer ≥ 1, and `LimitError` when it is above
 * `limit` (a size of something allocated).
 */
export function checkCount(where: string, argument: string, value: unknown, limit: number): number {
  return checkSize(where, argument, value, limit, LimitError, OptionError);
}

/** Throws `OptionError` unless `value` is a finite number in [min, max] (or [min, max)). */
export function checkNumber(where: string, argument: string, value: unknown, min: number, max: number, maxExclusive = false): number {
  const bounds = Number.isFinite(max) ? (maxExclusive ? { min, below: max } : { min, max }) : { min };
  return houseCheckNumber(where, argument, value, bounds, OptionError);
}

/** Throws `OptionError` unless `value` is one of `allowed` (did-you-mean for near misses). */
export function checkOneOf<T extends string>(where: string, argument: string, value: unknown, allowed: readonly T[]): T {
  return houseCheckOneOf(where, argument, value, allowed, OptionError);
}

/** Throws `OptionError` unless `value` is a boolean. */
export function checkBoolean(where: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new OptionError({ functionName: where, argument, expected: 'a boolean', actual: describe(value) });
  return value;
}

/** Throws `OptionError` unless `value` is undefined (or null, as `getConfig` writes it) or a safe integer. */
export function checkSeed(where: string, value: unknown, argument = 'options.seed'): number | undefined {
  return houseCheckSeed(where, argument, value ?? undefined, OptionError);
}

/** Throws `OptionError` unless `value` is a string. */
export function checkString(where: string, argument: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new OptionError({ functionName: where, argument, expected: 'a non-empty string', actual: describe(value) });
  }
  return value;
}

/**
 * Validates an `[height, width, channels]` image shape of positive integers: `ImageShapeError`
 * for anything else, `LimitError` for a side above `LIMITS.imageSide` (16,384).
 */
export function checkImageShape(where: string, argument: string, value: unknown): [number, number, number] {
  const ok = Array.isArray(value) && value.length === 3 && value.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 1);
  if (!ok) {
    throw new ImageShapeError({ functionName: where, argument, expected: '[height, width, channels] of positive integers', actual: describe(value) });
  }
  checkSize(where, `${argument}[0]`, value[0], LIMITS.imageSide, LimitError);
  checkSize(where, `${argument}[1]`, value[1], LIMITS.imageSide, LimitError);
  return value as [number, number, number];
}

/**
 * Most weights (scalars) in one model that the builders make: 2^28, 1 GiB of float32.
 * Checked from the options before any layer is built.
 */
export const MAX_MODEL_WEIGHTS = 2 ** 28;

/** A weight tensor a builder is about to make: what it is (`'Dense kernel'`) and its shape. */
export interface PlannedWeight {
  what: string;
  shape: readonly number[];
}

/**
 * Checks the weight tensors a builder is about to make, before any is allocated: each at
 * most `LIMITS.tensorElements`, all together at most {@link MAX_MODEL_WEIGHTS}.
 */
export function checkWeights(where: string, argument: string, weights: readonly PlannedWeight[]): void {
  let total = 0;
  for (const { what, shape } of weights) {
    const elements = shape.reduce((a, b) => a * b, 1);
    if (!(elements <= LIMITS.tensorElements)) {
      throw new LimitError({
        functionName: where,
        argument,
        expected: `weight tensors of at most ${LIMITS.tensorElements} elements (LIMITS.tensorElements)`,
        actual: `a ${what} of shape [${shape.join(', ')}] (${elements} elements)`,
      });
    }
    total += elements;
  }
  if (total > MAX_MODEL_WEIGHTS) {
    throw new LimitError({
      functionName: where,
      argument,
      expected: `at most ${MAX_MODEL_WEIGHTS} weights in all (2^28, 1 GiB of float32)`,
      actual: `${total} weights`,
    });
  }
}

/** A live tensor (not null, not disposed) or `TensorError`. */
export function checkLiveTensor(where: string, argument: string, value: unknown): void {
  checkTensor(where, argument, value, TensorError);
}
