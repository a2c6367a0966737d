import * as tf from '@tensorflow/tfjs-core';
import type { PerSample } from './affine';
import { factorTensor } from './adjust-color';
import { describe, type PixelRangeName, resolvePixelRange } from '@ganforge/internal';
import { OptionError } from './errors';
import { Prng } from '@ganforge/internal';
import { checkImages, checkKeys, checkNumber, checkSeed, perSample } from './internal/validate';

/** Options of {@link gaussianNoise}. */
export interface GaussianNoiseOptions {
  /** Noise standard deviation (>= 0), shared or one per image. Default 0.1. */
  std?: PerSample;
  /** Noise mean, shared or one per image. Default 0. */
  mean?: PerSample;
  /** Clamp the result to [low, high], or to a pixel range by name (`'unit'`, `'symmetric'`, `'uint8'`); none when omitted. Default none. */
  clip?: readonly [number, number] | PixelRangeName;
  /** Seed of the noise: same seed, same noise, on every backend. Default: a fresh random seed. */
  seed?: number;
}

/** @internal Noise op: images + mean + std * N(0, 1) drawn with a positive tfjs seed. */
export function noiseOp(images: tf.Tensor4D, std: Float64Array, mean: Float64Array, tfSeed: number, clip?: readonly [number, number]): tf.Tensor4D {
  const noise = tf.randomNormal(images.shape, 0, 1, 'float32', tfSeed);
  let out = tf.add(images, tf.add(tf.mul(noise, factorTensor(std)), factorTensor(mean)));
  if (clip) out = tf.clipByValue(out, clip[0], clip[1]);
  return out as tf.Tensor4D;
}

/** @internal */
export function resolveClip(fn: string, clip: unknown): [number, number] | undefined {
  if (clip === undefined) return undefined;
  if (typeof clip === 'string') return resolvePixelRange(fn, 'clip', clip, OptionError);
  if (!Array.isArray(clip) || clip.length !== 2) throw new OptionError({ functionName: fn, argument: 'clip', expected: 'an array [low, high]', actual: describe(clip) });
  const low = checkNumber(fn, 'clip[0]', clip[0]);
  const high = checkNumber(fn, 'clip[1]', clip[1]);
  if (low > high) throw new OptionError({ functionName: fn, argument: 'clip', expected: 'an array [low, high] with low <= high', actual: describe(clip) });
  return [low, high];
}

/**
 * Adds Gaussian noise to NHWC images (any channel count, any range):
 * x + mean + std * N(0, 1), optionally clamped. Seeded: the same `seed` gives
 * the same noise on every backend.
 *
 * @example
 * const noisy = gaussianNoise(images, { std: 0.05, clip: [0, 1], seed: 1 });
 */
export function gaussianNoise(images: tf.Tensor4D, options: GaussianNoiseOptions = {}): tf.Tensor4D {
  const shape = checkImages('gaussianNoise', images);
  options = checkKeys('gaussianNoise', options, ['std', 'mean', 'clip', 'seed']);
  const std = perSample('gaussianNoise', 'std', options.std ?? 0.1, shape[0], { min: 0 });
  const mean = perSample('gaussianNoise', 'mean', options.mean ?? 0, shape[0]);
  const clip = resolveClip('gaussianNoise', options.clip);
  const seed = checkSeed('gaussianNoise', options.seed);
  const rng = seed === undefined ? new Prng(Prng.randomSeed()) : new Prng(seed);
  return tf.tidy(() => noiseOp(images, std, mean, rng.nextSeed(), clip));
}
