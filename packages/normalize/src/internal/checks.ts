import * as tf from '@tensorflow/tfjs-core';
import { DtypeError, OptionError, ShapeError } from '../errors';
import { describe, describeShape } from './describe';

const NHWC = '[batch, height, width, channels]';

/** Throws `ShapeError` unless `value` is a `tf.Tensor` that has not been disposed. */
export function checkTensor(functionName: string, argument: string, value: unknown): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor)) {
    throw new ShapeError({ functionName, argument, expected: 'a tf.Tensor', actual: describe(value) });
  }
  if (value.isDisposed) {
    throw new ShapeError({ functionName, argument, expected: 'a live tf.Tensor', actual: 'a disposed tensor' });
  }
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

/** Throws `OptionError` unless the options argument is undefined or a plain object. */
export function checkOptionsObject(functionName: string, options: unknown): void {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new OptionError({ functionName, argument: 'options', expected: 'an options object or undefined', actual: describe(options) });
  }
}

/** Throws `OptionError` unless `value` is an integer >= `min`. */
export function checkInteger(functionName: string, argument: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const expected = min === 1 ? 'a positive integer' : min === 0 ? 'a non-negative integer' : `an integer >= ${min}`;
    throw new OptionError({ functionName, argument, expected, actual: describe(value) });
  }
  return value;
}

/** Throws `OptionError` unless `value` is a boolean. */
export function checkBoolean(functionName: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new OptionError({ functionName, argument, expected: 'true or false', actual: describe(value) });
  }
  return value;
}
