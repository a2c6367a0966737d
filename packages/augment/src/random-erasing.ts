import * as tf from '@tensorflow/tfjs-core';
import { type AugmentParams, paramArray, type RandomOptions, RandomAugmentation } from './augmentation';
import { boxMask, eraseOp } from './erase';
import { describe } from '@ganforge/internal';
import { OptionError, ParamsError } from './errors';
import type { Prng } from '@ganforge/internal';
import type { Stage } from './internal/stages';
import { checkFill, checkRange, type Shape4 } from './internal/validate';

/** Options of {@link randomErasing}. */
export interface RandomErasingOptions extends RandomOptions {
  /** Range of the erased area as a fraction of the image. Default [0.02, 0.33]. */
  scale?: readonly [number, number];
  /** Range of the box aspect ratio (height / width, torchvision's draw), log-uniform. Default [0.3, 3.3]. */
  ratio?: readonly [number, number];
  /** Value written: a number, one per channel, or 'random' (standard normal noise). Default 0. */
  value?: number | readonly number[] | 'random';
}

/**
 * Random erasing (cutout); see {@link randomErasing}.
 *
 * @example
 * const aug = new RandomErasing({ p: 0.5 }); // same as randomErasing(...)
 */
export class RandomErasing extends RandomAugmentation {
  readonly type = 'randomErasing';
  readonly scale: [number, number];
  readonly ratio: [number, number];
  readonly value: number | readonly number[] | 'random';

  constructor(options: RandomErasingOptions = {}) {
    const fn = 'randomErasing';
    super(fn, options, 0.5, ['scale', 'ratio', 'value']);
    options ??= {};
    this.scale = checkRange(fn, 'scale', options.scale ?? [0.02, 0.33], { min: 0, max: 1 });
    this.ratio = checkRange(fn, 'ratio', options.ratio ?? [0.3, 3.3], { min: Number.MIN_VALUE });
    this.value = options.value ?? 0;
    if (this.value !== 'random') checkFill(fn, this.value, Array.isArray(this.value) ? this.value.length : 1, 'value');
  }

  /** torchvision's `RandomErasing.get_params` box, or an empty box. */
  private box(h: number, w: number, rng: Prng): [number, number, number, number] {
    const area = h * w;
    for (let attempt = 0; attempt < 10; attempt++) {
      const target = area * rng.uniform(this.scale[0], this.scale[1]);
      const aspect = Math.exp(rng.uniform(Math.log(this.ratio[0]), Math.log(this.ratio[1])));
      const bh = Math.round(Math.sqrt(target * aspect));
      const bw = Math.round(Math.sqrt(target / aspect));
      if (!(bh < h && bw < w)) continue;
      return [rng.int(0, h - bh), rng.int(0, w - bw), bh, bw];
    }
    return [0, 0, 0, 0];
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    const [batch, h, w] = shape;
    const applied = this.drawApplied(batch, rng);
    const boxes = this.perImage(batch, rng, (g) => this.box(h, w, g));
    const pick = (k: number) => boxes.map((b, n) => (applied[n] ? b[k]! : 0));
    const params: AugmentParams = { type: this.type, batch, applied, top: pick(0), left: pick(1), height: pick(2), width: pick(3) };
    if (this.value === 'random') params.noiseSeed = rng.nextSeed();
    return params;
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = 'randomErasing.replay';
    const batch = shape[0];
    const get = (k: string) => paramArray(fn, params, k, batch);
    const top = get('top');
    const left = get('left');
    const height = get('height');
    const width = get('width');
    if ([...top, ...left, ...height, ...width].some((v) => !Number.isInteger(v)) || height.some((v) => v < 0) || width.some((v) => v < 0)) {
      throw new OptionError({ functionName: fn, argument: 'params boxes', expected: 'integers with height, width >= 0', actual: describe({ top, left, height, width }) });
    }
    if (height.every((v, n) => v === 0 || width[n] === 0)) return [];
    if (this.value === 'random') {
      const seed = params.noiseSeed;
      if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 1) throw new ParamsError({ functionName: fn, argument: 'params.noiseSeed', expected: 'a positive integer', actual: describe(seed) });
      return [
        {
          kind: 'tensor',
          run: (images) => {
            const mask = boxMask(shape, top, left, height, width);
            const noise = tf.randomNormal(images.shape, 0, 1, 'float32', seed);
            return tf.add(tf.mul(images, tf.sub(1, mask)), tf.mul(noise, mask)) as tf.Tensor4D;
          },
        },
      ];
    }
    const value = checkFill(fn, this.value, shape[3], 'value');
    return [{ kind: 'tensor', run: (images) => eraseOp(images, boxMask(shape, top, left, height, width), value) }];
  }

  protected options(): Record<string, unknown> {
    return { scale: this.scale, ratio: this.ratio, value: this.value };
  }
}

/**
 * Random erasing (cutout) of NHWC images (any channel count or range): with
 * probability `p` (default 0.5) a box of random area and aspect ratio
 * (torchvision's `RandomErasing` draw) becomes `value`, per image.
 *
 * @example
 * const cutout = randomErasing({ p: 0.5, scale: [0.05, 0.2], seed: 1 });
 * const out = cutout.apply(images);
 */
export function randomErasing(options: RandomErasingOptions = {}): RandomErasing {
  return new RandomErasing(options);
}
