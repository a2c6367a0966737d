import { type AffineParameters, affineStage, type Interpolation } from './affine';
import { type AugmentParams, paramArray, paramFlags, type RandomOptions, RandomAugmentation, symmetricRange } from './augmentation';
import { describe } from '@ganforge/internal';
import { OptionError } from './errors';
import type { Prng } from '@ganforge/internal';
import type { Stage } from './internal/stages';
import { checkEnum, checkFill, checkNumber, checkRange, type Shape4 } from './internal/validate';

/** Options of {@link randomAffine}. */
export interface RandomAffineOptions extends RandomOptions {
  /** Rotation range in degrees (counter-clockwise): d means [-d, d]. Default 0. */
  degrees?: number | readonly [number, number];
  /** Maximal translation as fractions [fx, fy] of the width and height; pixels drawn in [-fx*W, fx*W] and rounded (torchvision). Default none. */
  translate?: readonly [number, number];
  /** Scale range [low, high] (> 0). Default none (1). */
  scale?: readonly [number, number];
  /** Shear in degrees: s means x in [-s, s]; [a, b] an x range; [a, b, c, d] x and y ranges. Default none. */
  shear?: number | readonly number[];
  /** Interpolation. Default 'bilinear'. */
  interpolation?: Interpolation;
  /** Value for pixels from outside: a number or one per channel. Default 0. */
  fill?: number | readonly number[];
}

/**
 * Random affine warps; see {@link randomAffine}.
 *
 * @example
 * const aug = new RandomAffine({ degrees: 10 }); // same as randomAffine(...)
 */
export class RandomAffine extends RandomAugmentation {
  readonly type = 'randomAffine';
  private readonly config: Record<string, unknown>;
  private readonly degrees: [number, number];
  private readonly translate: [number, number] | null;
  private readonly scaleRange: [number, number] | null;
  private readonly shearX: [number, number] | null;
  private readonly shearY: [number, number] | null;
  readonly interpolation: Interpolation;
  private readonly fill: number | readonly number[];

  constructor(options: RandomAffineOptions = {}) {
    const fn = 'randomAffine';
    super(fn, options, 1, ['degrees', 'translate', 'scale', 'shear', 'interpolation', 'fill']);
    options ??= {};
    this.degrees = symmetricRange(fn, 'degrees', options.degrees ?? 0);
    if (options.translate !== undefined) {
      if (!Array.isArray(options.translate) || options.translate.length !== 2) throw new OptionError({ functionName: fn, argument: 'translate', expected: 'an array [fx, fy] of fractions in [0, 1]', actual: describe(options.translate) });
      this.translate = [checkNumber(fn, 'translate[0]', options.translate[0], { min: 0, max: 1 }), checkNumber(fn, 'translate[1]', options.translate[1], { min: 0, max: 1 })];
    } else this.translate = null;
    this.scaleRange = options.scale === undefined ? null : checkRange(fn, 'scale', options.scale, { min: Number.MIN_VALUE });
    const shear = options.shear;
    if (shear === undefined) {
      this.shearX = null;
      this.shearY = null;
    } else if (typeof shear === 'number') {
      this.shearX = symmetricRange(fn, 'shear', shear);
      this.shearY = null;
    } else if (Array.isArray(shear) && (shear.length === 2 || shear.length === 4)) {
      this.shearX = symmetricRange(fn, 'shear', [shear[0], shear[1]]);
      this.shearY = shear.length === 4 ? symmetricRange(fn, 'shear', [shear[2], shear[3]]) : null;
    } else throw new OptionError({ functionName: fn, argument: 'shear', expected: 'a number, [low, high] or [xlow, xhigh, ylow, yhigh]', actual: describe(shear) });
    for (const r of [this.shearX, this.shearY]) if (r && (r[0] <= -90 || r[1] >= 90)) throw new OptionError({ functionName: fn, argument: 'shear', expected: 'degrees in (-90, 90)', actual: describe(shear) });
    this.interpolation = checkEnum(fn, 'interpolation', options.interpolation ?? 'bilinear', ['bilinear', 'nearest'] as const);
    this.fill = options.fill ?? 0;
    checkFill(fn, this.fill, Array.isArray(this.fill) ? this.fill.length : 1);
    this.config = {
      degrees: this.degrees,
      ...(this.translate ? { translate: this.translate } : {}),
      ...(this.scaleRange ? { scale: this.scaleRange } : {}),
      ...(this.shearX ? { shear: this.shearY ? [...this.shearX, ...this.shearY] : this.shearX } : {}),
      interpolation: this.interpolation,
      fill: this.fill,
    };
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    const [batch, h, w] = shape;
    const applied = this.drawApplied(batch, rng);
    const draws = this.perImage(batch, rng, (r) => {
      const angle = r.uniform(this.degrees[0], this.degrees[1]);
      let tx = 0;
      let ty = 0;
      if (this.translate) {
        const mx = this.translate[0] * w;
        const my = this.translate[1] * h;
        tx = Math.round(r.uniform(-mx, mx));
        ty = Math.round(r.uniform(-my, my));
      }
      const scale = this.scaleRange ? r.uniform(this.scaleRange[0], this.scaleRange[1]) : 1;
      const sx = this.shearX ? r.uniform(this.shearX[0], this.shearX[1]) : 0;
      const sy = this.shearY ? r.uniform(this.shearY[0], this.shearY[1]) : 0;
      return [angle, tx + 0, ty + 0, scale, sx, sy] as const;
    });
    const pick = (k: number, identity: number) => draws.map((d, n) => (applied[n] ? d[k]! : identity));
    return { type: this.type, batch, applied, angle: pick(0, 0), translateX: pick(1, 0), translateY: pick(2, 0), scale: pick(3, 1), shearX: pick(4, 0), shearY: pick(5, 0) };
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = 'randomAffine.replay';
    const batch = shape[0];
    const applied = paramFlags(fn, params, 'applied', batch);
    if (!applied.some(Boolean)) return [];
    const get = (key: string) => Float64Array.from(paramArray(fn, params, key, batch));
    const p: AffineParameters = { angle: get('angle'), tx: get('translateX'), ty: get('translateY'), scale: get('scale'), shearX: get('shearX'), shearY: get('shearY') };
    if (p.scale.some((s) => s <= 0)) throw new OptionError({ functionName: fn, argument: 'params.scale', expected: 'numbers > 0', actual: describe(Array.from(p.scale)) });
    return [affineStage(shape, p, this.interpolation, checkFill(fn, this.fill, shape[3]))];
  }

  protected options(): Record<string, unknown> {
    return this.config;
  }
}

/**
 * Random affine warps of NHWC images (any channel count): a rotation in
 * `degrees` (counter-clockwise), a translation up to `translate` fractions,
 * a scale in `scale` and a shear, drawn per image (torchvision's
 * `RandomAffine`, with our counter-clockwise angle), applied with probability
 * `p` (default 1).
 *
 * @example
 * const aug = randomAffine({ degrees: 15, translate: [0.1, 0.1], scale: [0.9, 1.1], seed: 1 });
 * const out = aug.apply(images);
 */
export function randomAffine(options: RandomAffineOptions = {}): RandomAffine {
  return new RandomAffine(options);
}
