import {
  checkAllocation,
  type CheckOptionsSettings,
  checkOneOf,
  checkOptions,
  checkSeed as checkSeedValue,
  checkSize as checkSizeValue,
  checkTensor,
  describe,
  LIMITS,
} from '@ganforge/internal';
import type * as tf from '@tensorflow/tfjs-core';
import { ChannelError, DtypeError, LimitError, OptionError, ShapeError, TensorError } from '../errors';

/** [batch, height, width, channels]. */
export type Shape4 = [number, number, number, number];

/**
 * Checks that `images` is a live float32 rank-4 NHWC tensor; returns its shape.
 * Null, non-tensors and disposed tensors give a TensorError, another rank a
 * ShapeError, another dtype a DtypeError.
 */
export function checkImages(fn: string, images: unknown, argument = 'images'): Shape4 {
  const tensor = checkTensor<tf.Tensor>(fn, argument, images, TensorError);
  if (tensor.rank !== 4) {
    throw new ShapeError({ functionName: fn, argument, expected: 'rank 4 [batch, h, w, c]', actual: `rank ${tensor.rank} ${describe(tensor.shape)}` });
  }
  if (tensor.dtype !== 'float32') {
    throw new DtypeError({ functionName: fn, argument, expected: 'a float32 tensor', actual: `dtype ${tensor.dtype}` });
  }
  return tensor.shape as Shape4;
}

/**
 * Checks an options object: `undefined` or a plain object whose keys are all
 * in `known` (a misspelled key is an OptionError with a did-you-mean).
 * Deprecated spellings move to their new names with a one-time warning.
 */
export function checkKeys<T extends object>(fn: string, options: T | undefined, known: readonly string[], settings: CheckOptionsSettings = {}): T {
  return checkOptions(fn, options, known, OptionError, settings);
}

/**
 * Checks that an output of `shape` [batch, h, w, c] is within the limits
 * (each side <= LIMITS.imageSide, at most LIMITS.tensorElements elements)
 * before anything is allocated; else a LimitError.
 */
export function checkOutputShape(fn: string, shape: readonly number[], argument = 'output'): void {
  checkAllocation(fn, argument, shape, LimitError, { imageAxes: [1, 2] });
}

/** A side length in pixels: a positive integer <= LIMITS.imageSide (LimitError past it, OptionError if not a size). */
export function checkSide(fn: string, argument: string, value: unknown): number {
  return checkSizeValue(fn, argument, value, LIMITS.imageSide, LimitError, OptionError);
}

/** Checks a shape given to `sample`: four positive integers, the batch <= LIMITS.batch and the sides <= LIMITS.imageSide. */
export function checkShape(fn: string, shape: unknown, argument = 'shape'): Shape4 {
  if (!Array.isArray(shape) || shape.length !== 4) {
    throw new ShapeError({ functionName: fn, argument, expected: 'an NHWC shape [batch, h, w, c]', actual: describe(shape) });
  }
  checkSizeValue(fn, `${argument}[0]`, shape[0], LIMITS.batch, LimitError, ShapeError);
  checkSizeValue(fn, `${argument}[1]`, shape[1], LIMITS.imageSide, LimitError, ShapeError);
  checkSizeValue(fn, `${argument}[2]`, shape[2], LIMITS.imageSide, LimitError, ShapeError);
  checkSizeValue(fn, `${argument}[3]`, shape[3], LIMITS.tensorElements, LimitError, ShapeError);
  return shape as Shape4;
}

/** Checks the channel count is one of `allowed`. */
export function checkChannels(fn: string, shape: Shape4, allowed: number[]): void {
  const c = shape[3];
  if (!allowed.includes(c)) {
    const expected = `${allowed.join(' or ')} channel${allowed.length === 1 && allowed[0] === 1 ? '' : 's'}`;
    throw new ChannelError({ functionName: fn, argument: 'images', expected: `images with ${expected}`, actual: `${c} channel${c === 1 ? '' : 's'} ${describe(shape)}`, message: `${fn}: images must have ${expected}, got ${c} channel${c === 1 ? '' : 's'}` });
  }
}

/** A finite number, optionally bounded. */
export function checkNumber(fn: string, argument: string, value: unknown, options: { min?: number; max?: number; integer?: boolean; minExclusive?: boolean } = {}): number {
  const { min, max, integer, minExclusive } = options;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || value <= max);
  if (!ok) {
    let expected = integer ? 'an integer' : 'a finite number';
    if (min !== undefined && max !== undefined) expected += ` in ${minExclusive ? '(' : '['}${min}, ${max}]`;
    else if (min !== undefined) expected += minExclusive ? ` > ${min}` : ` >= ${min}`;
    else if (max !== undefined) expected += ` <= ${max}`;
    throw new OptionError({ functionName: fn, argument: argument, expected: expected, actual: describe(value) });
  }
  return value as number;
}

/** A probability in [0, 1]. */
export function checkProbability(fn: string, value: unknown, argument = 'p'): number {
  return checkNumber(fn, argument, value, { min: 0, max: 1 });
}

/**
 * A per-sample parameter: a number (shared) or an array of length `batch`.
 * Returns a Float64Array of length `batch`.
 */
export function perSample(
  fn: string,
  argument: string,
  value: unknown,
  batch: number,
  options: { min?: number; max?: number; integer?: boolean; minExclusive?: boolean } = {},
): Float64Array {
  const out = new Float64Array(batch);
  if (typeof value === 'number') {
    out.fill(checkNumber(fn, argument, value, options));
    return out;
  }
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
    throw new OptionError({ functionName: fn, argument: argument, expected: `a number or an array of ${batch} numbers`, actual: describe(value) });
  }
  const arr = Array.from(value as ArrayLike<number>);
  if (arr.length !== batch) {
    throw new OptionError({ functionName: fn, argument: argument, expected: `a number or an array of ${batch} numbers (one per image)`, actual: `an array of length ${arr.length}` });
  }
  arr.forEach((v, i) => {
    out[i] = checkNumber(fn, `${argument}[${i}]`, v, options);
  });
  return out;
}

/** A pair [a, b] from a number (a = b) or an array of 2 numbers. */
export function checkPair(fn: string, argument: string, value: unknown, options: { min?: number; max?: number; integer?: boolean } = {}): [number, number] {
  if (typeof value === 'number') {
    const v = checkNumber(fn, argument, value, options);
    return [v, v];
  }
  if (!Array.isArray(value) || value.length !== 2) {
    throw new OptionError({ functionName: fn, argument: argument, expected: 'a number or an array of 2 numbers', actual: describe(value) });
  }
  return [checkNumber(fn, `${argument}[0]`, value[0], options), checkNumber(fn, `${argument}[1]`, value[1], options)];
}

/** A range [low, high] with low <= high. */
export function checkRange(fn: string, argument: string, value: unknown, options: { min?: number; max?: number } = {}): [number, number] {
  const [low, high] = checkPair(fn, argument, value, options);
  if (low > high) throw new OptionError({ functionName: fn, argument: argument, expected: 'a range [low, high] with low <= high', actual: describe(value) });
  return [low, high];
}

/** A fill value: a number or one number per channel. Returns a Float32Array of length `channels`. */
export function checkFill(fn: string, value: unknown, channels: number, argument = 'fill'): Float32Array {
  const out = new Float32Array(channels);
  if (typeof value === 'number') {
    out.fill(checkNumber(fn, argument, value));
    return out;
  }
  if (!Array.isArray(value) || (value.length !== channels && value.length !== 1)) {
    throw new OptionError({ functionName: fn, argument: argument, expected: `a number or an array of ${channels} numbers (one per channel)`, actual: describe(value) });
  }
  for (let c = 0; c < channels; c++) out[c] = checkNumber(fn, `${argument}[${c}]`, value.length === 1 ? value[0] : value[c]);
  return out;
}

/** One of the allowed strings (a misspelled value gets a did-you-mean). */
export function checkEnum<T extends string>(fn: string, argument: string, value: unknown, allowed: readonly T[]): T {
  return checkOneOf(fn, argument, value, allowed, OptionError);
}

/** A boolean. */
export function checkBoolean(fn: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new OptionError({ functionName: fn, argument: argument, expected: 'a boolean', actual: describe(value) });
  return value;
}

/** An optional seed: undefined or a safe integer. */
export function checkSeed(fn: string, value: unknown, argument = 'seed'): number | undefined {
  return checkSeedValue(fn, argument, value, OptionError);
}

/** An output size [h, w] from a number or a pair: positive integers <= LIMITS.imageSide (LimitError past it). */
export function checkSize(fn: string, argument: string, value: unknown): [number, number] {
  if (typeof value === 'number') {
    const side = checkSide(fn, argument, value);
    return [side, side];
  }
  if (!Array.isArray(value) || value.length !== 2) {
    throw new OptionError({ functionName: fn, argument, expected: 'a positive integer or [height, width]', actual: describe(value) });
  }
  return [checkSide(fn, `${argument}[0]`, value[0]), checkSide(fn, `${argument}[1]`, value[1])];
}
