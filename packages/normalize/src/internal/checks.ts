import { checkOptions as houseCheckOptions, checkTensor as houseCheckTensor, checkSize, describe, LIMITS } from '@ganforge/internal';
import type * as tf from '@tensorflow/tfjs-core';
import { DtypeError, LimitError, OptionError, ShapeError, TensorError } from '../errors';
import { describeShape } from './describe';

const NHWC = '[batch, height, width, channels]';

/** Throws `TensorError` unless `value` is a `tf.Tensor` that has not been disposed. */
export function checkTensor(functionName: string, argument: string, value: unknown): asserts value is tf.Tensor {
  houseCheckTensor(functionName, argument, value, TensorError);
}

/** Throws `DtypeError` unless the tensor is int32 or float32 (pixel data). */
export function checkPixelDtype(functionName: string, argument: string, value: tf.Tensor): void {
  if (value.dtype !== 'int32' && value.dtype !== 'float32') {
    throw new DtypeError({ functionName, argument, expected: 'of dtype int32 or float32', actual: value.dtype });
  }
}

/**
 * Throws unless `value` is a live rank-4 NHWC tensor of pixel dtype. When the
 * shape looks like NCHW (channels larger than 4 while dimension 1 is 1, 3 or
 * 4), the message says so.
 */
export function checkNhwc(
  functionName: string,
  argument: string,
  value: unknown,
  options: { dtype?: boolean; channels?: number | readonly number[] } = {},
): asserts value is tf.Tensor4D {
  checkTensor(functionName, argument, value);
  if (value.rank !== 4) {
    throw new ShapeError({ functionName, argument, expected: `rank 4 ${NHWC}`, actual: describeShape(value.shape) });
  }
  if (value.shape.some((d) => d === 0) && value.shape[0] !== 0) {
    throw new ShapeError({
      functionName,
      argument,
      expected: `NHWC with non-empty height, width and channels ${NHWC}`,
      actual: describeShape(value.shape),
    });
  }
  if (options.channels !== undefined) {
    const allowed = typeof options.channels === 'number' ? [options.channels] : options.channels;
    const c = value.shape[3]!;
    if (!allowed.includes(c)) {
      const looksNchw = allowed.includes(value.shape[1]!);
      throw new ShapeError({
        functionName,
        argument,
        expected: `NHWC ${NHWC} with ${allowed.join(' or ')} channel${allowed.length === 1 && allowed[0] === 1 ? '' : 's'}`,
        actual: `${describeShape(value.shape)}${looksNchw ? ' (this looks like NCHW; convert it with nchwToNhwc)' : ''}`,
      });
    }
  }
  if (options.dtype !== false) checkPixelDtype(functionName, argument, value);
}

/**
 * The house options check: `undefined` or a plain object whose keys are all
 * in `known` (an unknown key is an `OptionError` with a did-you-mean).
 */
export function checkOptions<T extends object>(
  functionName: string,
  options: T | undefined,
  known: readonly (keyof T & string)[],
  deprecated?: Readonly<Record<string, keyof T & string>>,
): T {
  return houseCheckOptions(functionName, options, known, OptionError, deprecated ? { deprecated } : {});
}

/** Throws `OptionError` unless `value` is a safe integer >= `min`. */
export function checkInteger(functionName: string, argument: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const expected = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer >= ${min}`;
    throw new OptionError({ functionName, argument, expected, actual: describe(value) });
  }
  return value;
}

/**
 * A size: a positive integer up to `limit` (`OptionError` when it is not a
 * positive integer, `LimitError` past the limit).
 */
export function checkSizeOption(functionName: string, argument: string, value: unknown, limit: number = LIMITS.batch): number {
  return checkSize(functionName, argument, value, limit, LimitError, OptionError);
}

/** A count of examples that is allocated as indices: a non-negative integer up to `LIMITS.tensorElements` (`LimitError` past it). */
export function checkCount(functionName: string, argument: string, value: unknown): number {
  const limit = LIMITS.tensorElements;
  const expected = `a non-negative integer <= ${limit} (LIMITS.tensorElements)`;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new OptionError({ functionName, argument, expected, actual: describe(value) });
  }
  if (value > limit) throw new LimitError({ functionName, argument, expected, actual: describe(value) });
  return value;
}

/** Throws `OptionError` unless `value` is a boolean. */
export function checkBoolean(functionName: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new OptionError({ functionName, argument, expected: 'true or false', actual: describe(value) });
  }
  return value;
}
