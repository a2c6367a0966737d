import { type AugmentParams, paramArray, type RandomOptions, RandomAugmentation } from './augmentation';
import { cropStage } from './crop';
import { describe } from '@ganforge/internal';
import { OptionError, ShapeError } from './errors';
import type { Prng } from '@ganforge/internal';
import type { Stage } from './internal/stages';
import { checkBoolean, checkEnum, checkFill, checkSize, type Shape4 } from './internal/validate';
import { type PaddingMode, padStage, resolvePadding } from './pad';

/** Options of {@link randomCrop}. */
export interface RandomCropOptions extends RandomOptions {
  /** Output size: a number (square) or [height, width]. Required. */
  size: number | readonly [number, number];
  /** Padding before cropping: a number, [left/right, top/bottom] or [l, t, r, b]. Default none. */
  padding?: number | readonly number[];
  /** Pad images smaller than `size` up to it. Default false. */
  padIfNeeded?: boolean;
  /** Constant padding value: a number or one per channel. Default 0. */
  fill?: number | readonly number[];
  /** Padding mode. Default 'constant'. */
  paddingMode?: PaddingMode;
}

/**
 * Random crops; see {@link randomCrop}.
 *
 * @example
 * const aug = new RandomCrop({ size: 24 }); // same as randomCrop(...)
 */
export class RandomCrop extends RandomAugmentation {
  readonly type = 'randomCrop';
  readonly size: [number, number];
  private readonly padding: [number, number, number, number];
  readonly padIfNeeded: boolean;
  private readonly fill: number | readonly number[];
  readonly paddingMode: PaddingMode;

  constructor(options: RandomCropOptions) {
    const fn = 'randomCrop';
    super(fn, options, 1, ['size', 'padding', 'padIfNeeded', 'fill', 'paddingMode']);
    if (!options || options.size === undefined) throw new OptionError({ functionName: fn, argument: 'size', expected: 'a positive integer or [height, width]', actual: 'undefined' });
    this.size = checkSize(fn, 'size', options.size);
    this.padding = options.padding === undefined ? [0, 0, 0, 0] : resolvePadding(fn, options.padding);
    this.padIfNeeded = checkBoolean(fn, 'padIfNeeded', options.padIfNeeded ?? false);
    this.fill = options.fill ?? 0;
    checkFill(fn, this.fill, Array.isArray(this.fill) ? this.fill.length : 1);
    this.paddingMode = checkEnum(fn, 'paddingMode', options.paddingMode ?? 'constant', ['constant', 'edge', 'reflect', 'symmetric'] as const);
  }

  /** Total padding [l, t, r, b] for an input size, including padIfNeeded. */
  private paddingFor(fn: string, h: number, w: number): [number, number, number, number] {
    const [l, t, r, b] = this.padding;
    let right = r;
    let bottom = b;
    let left = l;
    let top = t;
    const ph = h + t + b;
    const pw = w + l + r;
    if (this.padIfNeeded) {
      // torchvision pads both sides by the missing amount
      if (pw < this.size[1]) {
        left += this.size[1] - pw;
        right += this.size[1] - pw;
      }
      if (ph < this.size[0]) {
        top += this.size[0] - ph;
        bottom += this.size[0] - ph;
      }
    }
    if (h + top + bottom < this.size[0] || w + left + right < this.size[1]) {
      throw new ShapeError({ functionName: fn, argument: 'images', expected: `at least ${this.size[0]}x${this.size[1]} after padding (or padIfNeeded: true)`, actual: `${h + top + bottom}x${w + left + right}` });
    }
    return [left, top, right, bottom];
  }

  override outputShape(shape: [number, number, number, number]): [number, number, number, number] {
    return [shape[0], this.size[0], this.size[1], shape[3]];
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    const [batch, h, w] = shape;
    const [l, t, r, b] = this.paddingFor('randomCrop.apply', h, w);
    const maxTop = h + t + b - this.size[0];
    const maxLeft = w + l + r - this.size[1];
    const applied = this.drawApplied(batch, rng);
    const draws = this.perImage(batch, rng, (g) => [g.int(0, maxTop), g.int(0, maxLeft)] as const);
    // not applied: the centre crop (the identity when size equals the input size)
    const top = draws.map((d, n) => (applied[n] ? d[0] : Math.floor(maxTop / 2)));
    const left = draws.map((d, n) => (applied[n] ? d[1] : Math.floor(maxLeft / 2)));
    return { type: this.type, batch, applied, top, left };
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = 'randomCrop.replay';
    const [batch, h, w, c] = shape;
    const padding = this.paddingFor(fn, h, w);
    const top = paramArray(fn, params, 'top', batch);
    const left = paramArray(fn, params, 'left', batch);
    const stages: Stage[] = [];
    let s: Shape4 = shape;
    if (padding.some((v) => v > 0)) {
      const stage = padStage(shape, padding, this.paddingMode, checkFill(fn, this.fill, c));
      stages.push(stage);
      s = [batch, stage.outH, stage.outW, c];
    }
    const maxTop = s[1] - this.size[0];
    const maxLeft = s[2] - this.size[1];
    top.forEach((v, n) => {
      if (!Number.isInteger(v) || v < 0 || v > maxTop) throw new OptionError({ functionName: fn, argument: `params.top[${n}]`, expected: `an integer in [0, ${maxTop}]`, actual: describe(v) });
    });
    left.forEach((v, n) => {
      if (!Number.isInteger(v) || v < 0 || v > maxLeft) throw new OptionError({ functionName: fn, argument: `params.left[${n}]`, expected: `an integer in [0, ${maxLeft}]`, actual: describe(v) });
    });
    stages.push(cropStage(s, top, left, this.size[0], this.size[1]));
    return stages;
  }

  protected options(): Record<string, unknown> {
    return { size: this.size, padding: this.padding, padIfNeeded: this.padIfNeeded, fill: this.fill, paddingMode: this.paddingMode };
  }
}

/**
 * Random crops of NHWC images (any channel count) to `size`, after optional
 * padding (torchvision's `RandomCrop`); the offset is drawn per image. With
 * probability 1 - p an image gets the centre crop instead.
 *
 * @example
 * const aug = randomCrop({ size: 28, padding: 2, seed: 1 }); // shifts of up to 2 px
 * const out = aug.apply(images);
 */
export function randomCrop(options: RandomCropOptions): RandomCrop {
  return new RandomCrop(options);
}
