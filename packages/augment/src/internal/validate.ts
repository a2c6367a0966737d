import * as tf from '@tensorflow/tfjs-core';
import { ChannelError, describe, OptionError, ShapeError } from '../errors';

/** [batch, height, width, channels]. */
export type Shape4 = [number, number, number, number];

/** Checks that `images` is a float rank-4 NHWC tensor; returns its shape. */
export function checkImages(fn: string, images: unknown, argument = 'images'): Shape4 {
  if (!(images instanceof tf.Tensor)) {
    throw new ShapeError(fn, argument, 'a rank 4 tf.Tensor [batch, h, w, c]', describe(images === null ? null : typeof images));
  }
  if (images.rank !== 4) {
    throw new ShapeError(fn, argument, 'rank 4 [batch, h, w, c]', `rank ${images.rank} ${describe(images.shape)}`);
  }
  if (images.dtype !== 'float32') {
    throw new ShapeError(fn, argument, 'a float32 tensor', `dtype ${images.dtype}`);
  }
  return images.shape as Shape4;
}

/** Checks the channel count is one of `allowed`. */
export function checkChannels(fn: string, shape: Shape4, allowed: number[]): void {
  const c = shape[3];
  if (!allowed.includes(c)) {
    const expected = `${allowed.join(' or ')} channel${allowed.length === 1 && allowed[0] === 1 ? '' : 's'}`;
    throw new ChannelError(fn, 'images', `images with ${expected}`, `${c} channel${c === 1 ? '' : 's'} ${describe(shape)}`, `${fn}: images must have ${expected}, got ${c} channel${c === 1 ? '' : 's'}`);
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
    throw new OptionError(fn, argument, expected, describe(value));
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
    throw new OptionError(fn, argument, `a number or an array of ${batch} numbers`, describe(value));
  }
  const arr = Array.from(value as ArrayLike<number>);
  if (arr.length !== batch) {
    throw new OptionError(fn, argument, `a number or an array of ${batch} numbers (one per image)`, `an array of length ${arr.length}`);
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
    throw new OptionError(fn, argument, 'a number or an array of 2 numbers', describe(value));
  }
  return [checkNumber(fn, `${argument}[0]`, value[0], options), checkNumber(fn, `${argument}[1]`, value[1], options)];
}

/** A range [low, high] with low <= high. */
export function checkRange(fn: string, argument: string, value: unknown, options: { min?: number; max?: number } = {}): [number, number] {
  const [low, high] = checkPair(fn, argument, value, options);
  if (low > high) throw new OptionError(fn, argument, 'a range [low, high] with low <= high', describe(value));
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
    throw new OptionError(fn, argument, `a number or an array of ${channels} numbers (one per channel)`, describe(value));
  }
  for (let c = 0; c < channels; c++) out[c] = checkNumber(fn, `${argument}[${c}]`, value.length === 1 ? value[0] : value[c]);
  return out;
}

/** One of the allowed strings. */
export function checkEnum<T extends string>(fn: string, argument: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new OptionError(fn, argument, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, describe(value));
  }
  return value as T;
}

/** A boolean. */
export function checkBoolean(fn: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new OptionError(fn, argument, 'a boolean', describe(value));
  return value;
}

/** An optional seed: undefined or an integer. */
export function checkSeed(fn: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  return checkNumber(fn, 'seed', value, { integer: true });
}

/** An output size [h, w] from a number or a pair; positive integers. */
export function checkSize(fn: string, argument: string, value: unknown): [number, number] {
  return checkPair(fn, argument, value, { min: 1, integer: true });
}
