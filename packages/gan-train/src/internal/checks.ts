import * as tf from '@tensorflow/tfjs-core';
import { checkOptions, type CheckOptionsSettings } from '@ganforge/internal';
import { OptionError, ShapeError, TensorError } from '../errors';

/** `[4,1]`, for messages. */
export function describeShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/** Describes any value in a few words for error messages. */
export function describeValue(value: unknown): string {
  if (value instanceof tf.Tensor) return `a ${value.dtype} tensor of shape ${describeShape(value.shape)}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export function checkTensor(functionName: string, argument: string, value: unknown): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor)) {
    throw new TensorError({ functionName, argument, expected: 'a tf.Tensor', actual: describeValue(value) });
  }
  if (value.isDisposed) {
    throw new TensorError({ functionName, argument, expected: 'a tf.Tensor that is not disposed', actual: `a disposed ${value.dtype} tensor` });
  }
}

/** Logits: a float tensor of rank >= 1 with at least one element. */
export function checkLogits(
  functionName: string,
  argument: string,
  value: unknown,
  like?: tf.Tensor,
  likeName = 'realLogits',
): asserts value is tf.Tensor {
  checkTensor(functionName, argument, value);
  if (value.dtype !== 'float32' || value.rank < 1 || value.size === 0) {
    throw new ShapeError({
      functionName,
      argument,
      expected: 'float32 logits of rank >= 1 [batch, ...] with at least one element',
      actual: `a ${value.dtype} tensor of shape ${describeShape(value.shape)}`,
    });
  }
  if (like && !tf.util.arraysEqual(like.shape, value.shape)) {
    throw new ShapeError({
      functionName,
      argument,
      expected: `logits with the same shape as ${likeName} ${describeShape(like.shape)}`,
      actual: describeShape(value.shape),
    });
  }
}

export function checkNumber(
  functionName: string,
  argument: string,
  value: unknown,
  test: (x: number) => boolean,
  expected: string,
): number {
  if (typeof value !== 'number' || !test(value)) {
    throw new OptionError({ functionName, argument, expected, actual: describeValue(value) });
  }
  return value;
}

export const isPositiveInteger = (x: number) => Number.isInteger(x) && x >= 1;
export const isNonNegative = (x: number) => Number.isFinite(x) && x >= 0;
export const isPositive = (x: number) => Number.isFinite(x) && x > 0;
export const isFiniteNumber = (x: number) => Number.isFinite(x);

/**
 * Rejects unknown keys of an options object with a did-you-mean (`OptionError`),
 * and returns it (`{}` for undefined).
 */
export function checkKeys<T extends object>(functionName: string, options: T | undefined, known: readonly (keyof T & string)[], settings?: CheckOptionsSettings): T {
  return checkOptions(functionName, options, known, OptionError, settings);
}
