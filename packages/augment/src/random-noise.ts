import type { PixelRangeName } from '@ganforge/internal';
import { type AugmentParams, paramArray, paramFlags, type RandomOptions, RandomAugmentation } from './augmentation';
import { describe } from '@ganforge/internal';
import { OptionError, ParamsError } from './errors';
import { noiseOp, resolveClip } from './gaussian-noise';
import type { Prng } from '@ganforge/internal';
import { selectApplied } from './internal/select';
import type { Stage } from './internal/stages';
import { checkNumber, checkRange, type Shape4 } from './internal/validate';

/** Options of {@link randomNoise}. */
export interface RandomNoiseOptions extends RandomOptions {
  /** Noise standard deviation, or a range [low, high] drawn per image. Default 0.1. */
  std?: number | readonly [number, number];
  /** Noise mean. Default 0. */
  mean?: number;
  /** Clamp the result to [low, high], or to a pixel range by name (`'unit'`, `'symmetric'`, `'uint8'`). Default none. */
  clip?: readonly [number, number] | PixelRangeName;
}

/**
 * Random Gaussian noise; see {@link randomNoise}.
 *
 * @example
 * const aug = new RandomNoise({ std: 0.05 }); // same as randomNoise(...)
 */
export class RandomNoise extends RandomAugmentation {
  readonly type = 'randomNoise';
  readonly std: [number, number];
  readonly mean: number;
  readonly clip: [number, number] | undefined;

  constructor(options: RandomNoiseOptions = {}) {
    const fn = 'randomNoise';
    super(fn, options, 1, ['std', 'mean', 'clip']);
    options ??= {};
    this.std = checkRange(fn, 'std', options.std ?? 0.1, { min: 0 });
    this.mean = checkNumber(fn, 'mean', options.mean ?? 0);
    this.clip = resolveClip(fn, options.clip);
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    const batch = shape[0];
    const applied = this.drawApplied(batch, rng);
    const std = this.perImage(batch, rng, (g) => g.uniform(this.std[0], this.std[1]));
    return { type: this.type, batch, applied, std, noiseSeed: rng.nextSeed() };
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = 'randomNoise.replay';
    const batch = shape[0];
    const applied = paramFlags(fn, params, 'applied', batch);
    const std = Float64Array.from(paramArray(fn, params, 'std', batch));
    const seed = params.noiseSeed;
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 1) throw new ParamsError({ functionName: fn, argument: 'params.noiseSeed', expected: 'a positive integer', actual: describe(seed) });
    if (std.some((s) => s < 0)) throw new OptionError({ functionName: fn, argument: 'params.std', expected: 'numbers >= 0', actual: describe(Array.from(std)) });
    if (!applied.some(Boolean)) return [];
    const mean = new Float64Array(batch).fill(this.mean);
    return [{ kind: 'tensor', run: (images) => selectApplied(applied, noiseOp(images, std, mean, seed, this.clip), images) }];
  }

  protected options(): Record<string, unknown> {
    return { std: this.std, mean: this.mean, ...(this.clip ? { clip: this.clip } : {}) };
  }
}

/**
 * Adds Gaussian noise to NHWC images (any channel count or range), with a
 * standard deviation drawn per image from `std` and the noise seeded from the
 * augmentation's stream, so replays and seeds reproduce it on every backend.
 *
 * @example
 * const noise = randomNoise({ std: [0, 0.1], clip: [0, 1], seed: 1 });
 * const out = noise.apply(images);
 */
export function randomNoise(options: RandomNoiseOptions = {}): RandomNoise {
  return new RandomNoise(options);
}
