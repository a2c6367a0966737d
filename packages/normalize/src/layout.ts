import * as tf from '@tensorflow/tfjs-core';
import { describe } from '@ganforge/internal';
import { OptionError, ShapeError } from './errors';
import { checkNhwc, checkOptions, checkTensor } from './internal/checks';
import { describeShape } from './internal/describe';

/** Options of {@link assertNhwc}. */
export interface AssertNhwcOptions {
  /**
   * The channel counts allowed, e.g. `1` for MNIST or `[1, 3]`. When the
   * channel count is not allowed but dimension 1 is, the message says the
   * tensor looks NCHW. Default: any channel count.
   */
  channels?: number | readonly number[];
  /** The argument name used in the error message. Default `'images'`. */
  argument?: string;
}

/**
 * Asserts that `images` is a live rank-4 NHWC tensor `[batch, height, width,
 * channels]` (height, width and channels non-zero) of dtype int32 or
 * float32, optionally with an allowed channel count; narrows its type to
 * `tf.Tensor4D`. Reads no values and allocates nothing.
 *
 * @throws {TensorError} when `images` is null, not a tensor, or disposed.
 * @throws {ShapeError} when `images` is not rank 4, has an empty dimension other than the batch, or the wrong channel count.
 * @throws {DtypeError} when `images` is not int32 or float32.
 * @throws {OptionError} when `options` has an unknown key, or `options.channels` is not a positive integer or a non-empty array of them.
 *
 * @example
 * assertNhwc(tf.zeros([8, 28, 28, 1]), { channels: 1 }); // passes
 * assertNhwc(tf.zeros([8, 1, 28, 28]), { channels: 1 });
 * // ShapeError: assertNhwc: images must be NHWC [batch, height, width, channels] with 1 channel,
 * //   got rank 4 [8, 1, 28, 28] (this looks like NCHW; convert it with nchwToNhwc)
 */
export function assertNhwc(images: unknown, options: AssertNhwcOptions = {}): asserts images is tf.Tensor4D {
  const resolved = checkOptions<AssertNhwcOptions>('assertNhwc', options, ['channels', 'argument']);
  const channels = resolved.channels;
  if (
    channels !== undefined &&
    !(typeof channels === 'number' ? isCount(channels) : Array.isArray(channels) && channels.length > 0 && channels.every(isCount))
  ) {
    throw new OptionError({
      functionName: 'assertNhwc',
      argument: 'options.channels',
      expected: 'a positive integer or a non-empty array of them',
      actual: describe(channels),
    });
  }
  const argument = resolved.argument ?? 'images';
  if (typeof argument !== 'string') {
    throw new OptionError({ functionName: 'assertNhwc', argument: 'options.argument', expected: 'a string', actual: describe(argument) });
  }
  checkNhwc('assertNhwc', argument, images, channels === undefined ? {} : { channels });
}

/**
 * Converts a batch from NCHW `[batch, channels, height, width]` (PyTorch's
 * layout) to NHWC `[batch, height, width, channels]` (TensorFlow.js's). Any
 * dtype; returns a new tensor.
 *
 * @throws {TensorError} when `images` is null, not a tensor, or disposed.
 * @throws {ShapeError} when `images` is not rank 4.
 *
 * @example
 * const nchw = tf.zeros([8, 3, 32, 32]);
 * nchwToNhwc(nchw).shape; // [8, 32, 32, 3]
 */
export function nchwToNhwc(images: tf.Tensor4D): tf.Tensor4D {
  checkRank4('nchwToNhwc', images, '[batch, channels, height, width]');
  return tf.tidy(() => tf.transpose(images, [0, 2, 3, 1]));
}

/**
 * Converts a batch from NHWC `[batch, height, width, channels]` to NCHW
 * `[batch, channels, height, width]`, for example to compare with PyTorch.
 * Any dtype; returns a new tensor. Inverse of {@link nchwToNhwc}.
 *
 * @throws {TensorError} when `images` is null, not a tensor, or disposed.
 * @throws {ShapeError} when `images` is not rank 4.
 *
 * @example
 * nhwcToNchw(tf.zeros([8, 28, 28, 1])).shape; // [8, 1, 28, 28]
 */
export function nhwcToNchw(images: tf.Tensor4D): tf.Tensor4D {
  checkRank4('nhwcToNchw', images, '[batch, height, width, channels]');
  return tf.tidy(() => tf.transpose(images, [0, 3, 1, 2]));
}

function checkRank4(functionName: string, images: unknown, layout: string): asserts images is tf.Tensor4D {
  checkTensor(functionName, 'images', images);
  if (images.rank !== 4) {
    throw new ShapeError({ functionName, argument: 'images', expected: `rank 4 ${layout}`, actual: describeShape(images.shape) });
  }
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
