import type { Interpolation } from './affine';
import { type AugmentParams, paramArray, type RandomOptions, RandomAugmentation } from './augmentation';
import { describe } from '@ganforge/internal';
import { OptionError } from './errors';
import type { Prng } from '@ganforge/internal';
import type { Stage } from './internal/stages';
import { checkEnum, checkRange, checkSize, type Shape4 } from './internal/validate';
import { resizedCropStage } from './resize';

/** Options of {@link randomResizedCrop}. */
export interface RandomResizedCropOptions extends RandomOptions {
  /** Output size: a number (square) or [height, width]. Required. */
  size: number | readonly [number, number];
  /** Range of the crop area as a fraction of the image area. Default [0.08, 1]. */
  scale?: readonly [number, number];
  /** Range of the crop aspect ratio (width / height), drawn log-uniformly. Default [3/4, 4/3]. */
  ratio?: readonly [number, number];
  /** Interpolation. Default 'bilinear'. */
  interpolation?: Interpolation;
}

/**
 * Random resized crops; see {@link randomResizedCrop}.
 *
 * @example
 * const aug = new RandomResizedCrop({ size: 24 }); // same as randomResizedCrop(...)
 */
export class RandomResizedCrop extends RandomAugmentation {
  readonly type = 'randomResizedCrop';
  readonly size: [number, number];
  readonly scale: [number, number];
  readonly ratio: [number, number];
  readonly interpolation: Interpolation;

  constructor(options: RandomResizedCropOptions) {
    const fn = 'randomResizedCrop';
    super(fn, options, 1, ['size', 'scale', 'ratio', 'interpolation']);
    if (!options || options.size === undefined) throw new OptionError({ functionName: fn, argument: 'size', expected: 'a positive integer or [height, width]', actual: 'undefined' });
    this.size = checkSize(fn, 'size', options.size);
    this.scale = checkRange(fn, 'scale', options.scale ?? [0.08, 1], { min: 0 });
    this.ratio = checkRange(fn, 'ratio', options.ratio ?? [3 / 4, 4 / 3], { min: Number.MIN_VALUE });
    this.interpolation = checkEnum(fn, 'interpolation', options.interpolation ?? 'bilinear', ['bilinear', 'nearest'] as const);
  }

  override outputShape(shape: [number, number, number, number]): [number, number, number, number] {
    return [shape[0], this.size[0], this.size[1], shape[3]];
  }

  /** torchvision's `RandomResizedCrop.get_params`: [top, left, height, width]. */
  private box(h: number, w: number, rng: Prng): [number, number, number, number] {
    const area = h * w;
    const logRatio = [Math.log(this.ratio[0]), Math.log(this.ratio[1])] as const;
    for (let attempt = 0; attempt < 10; attempt++) {
      const target = area * rng.uniform(this.scale[0], this.scale[1]);
      const aspect = Math.exp(rng.uniform(logRatio[0], logRatio[1]));
      const cw = Math.round(Math.sqrt(target * aspect));
      const ch = Math.round(Math.sqrt(target / aspect));
      if (cw > 0 && cw <= w && ch > 0 && ch <= h) return [rng.int(0, h - ch), rng.int(0, w - cw), ch, cw];
    }
    return this.centre(h, w);
  }

  /** The fallback centre crop. */
  private centre(h: number, w: number): [number, number, number, number] {
    const inRatio = w / h;
    let cw = w;
    let ch = h;
    if (inRatio < this.ratio[0]) ch = Math.round(w / this.ratio[0]);
    else if (inRatio > this.ratio[1]) cw = Math.round(h * this.ratio[1]);
    return [Math.floor((h - ch) / 2), Math.floor((w - cw) / 2), ch, cw];
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    const [batch, h, w] = shape;
    const applied = this.drawApplied(batch, rng);
    const boxes = this.perImage(batch, rng, (g) => this.box(h, w, g));
    const whole = [0, 0, h, w];
    const pick = (k: number) => boxes.map((b, n) => (applied[n] ? b[k]! : whole[k]!));
    return { type: this.type, batch, applied, top: pick(0), left: pick(1), height: pick(2), width: pick(3) };
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = 'randomResizedCrop.replay';
    const [batch, h, w] = shape;
    const top = paramArray(fn, params, 'top', batch);
    const left = paramArray(fn, params, 'left', batch);
    const height = paramArray(fn, params, 'height', batch);
    const width = paramArray(fn, params, 'width', batch);
    for (let n = 0; n < batch; n++) {
      const ok = [top[n], left[n], height[n], width[n]].every(Number.isInteger) && top[n]! >= 0 && left[n]! >= 0 && height[n]! >= 1 && width[n]! >= 1 && top[n]! + height[n]! <= h && left[n]! + width[n]! <= w;
      if (!ok) throw new OptionError({ functionName: fn, argument: `params box ${n}`, expected: `an integer box inside the ${h}x${w} image`, actual: describe([top[n], left[n], height[n], width[n]]) });
    }
    return [resizedCropStage(shape, { top, left, height, width }, this.size[0], this.size[1], this.interpolation)];
  }

  protected options(): Record<string, unknown> {
    return { size: this.size, scale: this.scale, ratio: this.ratio, interpolation: this.interpolation };
  }
}

/**
 * Crops a random box of each NHWC image (area fraction in `scale`, aspect
 * ratio in `ratio`, torchvision's `RandomResizedCrop` draw) and resizes it to
 * `size` (torch's bilinear or nearest, no antialiasing), per image. With
 * probability 1 - p an image is resized whole.
 *
 * @example
 * const aug = randomResizedCrop({ size: 24, scale: [0.5, 1], seed: 1 });
 * const out = aug.apply(images); // [N, 24, 24, C]
 */
export function randomResizedCrop(options: RandomResizedCropOptions): RandomResizedCrop {
  return new RandomResizedCrop(options);
}
