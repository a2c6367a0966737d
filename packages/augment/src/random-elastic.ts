import * as tf from '@tensorflow/tfjs-core';
import type { Interpolation } from './affine';
import { type AugmentParams, paramFlags, type RandomOptions, RandomAugmentation } from './augmentation';
import { elasticOp } from './elastic-transform';
import { describe, LIMITS } from '@ganforge/internal';
import { LimitError, ParamsError } from './errors';
import { blurOp } from './gaussian-blur';
import type { Prng } from '@ganforge/internal';
import type { Stage } from './internal/stages';
import { checkEnum, checkFill, checkNumber, type Shape4 } from './internal/validate';

/** Options of {@link randomElastic}. */
export interface RandomElasticOptions extends RandomOptions {
  /** Displacement magnitude (torchvision's `alpha`). Default 50. */
  alpha?: number;
  /** Smoothness: the standard deviation of the Gaussian blur of the field, in pixels. Default 5. */
  sigma?: number;
  /** Interpolation. Default 'bilinear'. */
  interpolation?: Interpolation;
  /** Value for pixels from outside: a number or one per channel. Default 0. */
  fill?: number | readonly number[];
}

/**
 * @internal torchvision's `ElasticTransform.get_params` in pixels: uniform
 * noise in [-1, 1] per image (or one for the batch), blurred with a
 * (8 sigma + 1)-tap Gaussian, scaled to dx * alpha * W / (2H), dy * alpha * H / (2W).
 */
export function elasticField(batch: number, h: number, w: number, alpha: number, sigma: number, seed: number): tf.Tensor4D {
  const noise = tf.randomUniform([batch, h, w, 2], -1, 1, 'float32', seed) as tf.Tensor4D;
  let field: tf.Tensor4D = noise;
  if (sigma > 0) {
    let k = Math.trunc(8 * sigma + 1);
    if (k % 2 === 0) k += 1;
    const s = new Float64Array(batch).fill(sigma);
    field = blurOp(noise, k, k, s, s);
  }
  return tf.mul(field, tf.tensor1d([(alpha * w) / (2 * h), (alpha * h) / (2 * w)])) as tf.Tensor4D;
}

/**
 * Random elastic warps; see {@link randomElastic}.
 *
 * @example
 * const aug = new RandomElastic({ alpha: 20 }); // same as randomElastic(...)
 */
export class RandomElastic extends RandomAugmentation {
  readonly type = 'randomElastic';
  readonly alpha: number;
  readonly sigma: number;
  readonly interpolation: Interpolation;
  private readonly fill: number | readonly number[];

  constructor(options: RandomElasticOptions = {}) {
    const fn = 'randomElastic';
    super(fn, options, 1, ['alpha', 'sigma', 'interpolation', 'fill']);
    options ??= {};
    this.alpha = checkNumber(fn, 'alpha', options.alpha ?? 50, { min: 0 });
    this.sigma = checkNumber(fn, 'sigma', options.sigma ?? 5, { min: 0 });
    if (Math.trunc(8 * this.sigma + 1) > LIMITS.imageSide) {
      // the field is blurred with an (8 sigma + 1)-tap kernel
      throw new LimitError({ functionName: fn, argument: 'sigma', expected: `at most ${(LIMITS.imageSide - 1) / 8} (a blur kernel of 8 sigma + 1 <= ${LIMITS.imageSide} taps, LIMITS.imageSide)`, actual: describe(this.sigma) });
    }
    this.interpolation = checkEnum(fn, 'interpolation', options.interpolation ?? 'bilinear', ['bilinear', 'nearest'] as const);
    this.fill = options.fill ?? 0;
    checkFill(fn, this.fill, Array.isArray(this.fill) ? this.fill.length : 1);
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    const applied = this.drawApplied(shape[0], rng);
    return { type: this.type, batch: shape[0], applied, fieldSeed: rng.nextSeed(), sameOnBatch: this.sameOnBatch };
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = 'randomElastic.replay';
    const [batch, h, w, c] = shape;
    const applied = paramFlags(fn, params, 'applied', batch);
    const seed = params.fieldSeed;
    if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 1) throw new ParamsError({ functionName: fn, argument: 'params.fieldSeed', expected: 'a positive integer', actual: describe(seed) });
    if (!applied.some(Boolean)) return [];
    const fill = checkFill(fn, this.fill, c);
    const shared = params.sameOnBatch === true;
    return [
      {
        kind: 'tensor',
        run: (images) => {
          let field = elasticField(shared ? 1 : batch, h, w, this.alpha, this.sigma, seed);
          const mask = tf.tensor4d(applied.map((a) => (a ? 1 : 0)), [batch, 1, 1, 1]);
          field = tf.mul(field, mask) as tf.Tensor4D;
          const warped = elasticOp(images, field, this.interpolation, fill);
          if (applied.every(Boolean)) return warped;
          const condition = tf.cast(mask, 'bool');
          return tf.where(condition, warped, images) as tf.Tensor4D;
        },
      },
    ];
  }

  protected options(): Record<string, unknown> {
    return { alpha: this.alpha, sigma: this.sigma, interpolation: this.interpolation, fill: this.fill };
  }
}

/**
 * Random elastic distortions of NHWC images (any channel count): a smooth
 * random displacement field per image (torchvision's `ElasticTransform`
 * draw: uniform noise blurred by `sigma`, scaled by `alpha`), applied with
 * probability `p` (default 1).
 *
 * @example
 * const elastic = randomElastic({ alpha: 20, sigma: 4, seed: 1 });
 * const out = elastic.apply(images);
 */
export function randomElastic(options: RandomElasticOptions = {}): RandomElastic {
  return new RandomElastic(options);
}
