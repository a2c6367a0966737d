import { type AugmentParams, type RandomOptions, RandomAugmentation, paramFlags } from './augmentation';
import { flipStage } from './flip';
import type { Prng } from '@ganforge/internal';
import type { Stage } from './internal/stages';
import { checkBoolean, type Shape4 } from './internal/validate';

/** Options of {@link randomFlip}. */
export interface RandomFlipOptions extends RandomOptions {
  /** Flip left-right. Default true. */
  horizontal?: boolean;
  /** Flip top-bottom (drawn independently). Default false. */
  vertical?: boolean;
}

/**
 * Random horizontal and/or vertical flips; see {@link randomFlip}.
 *
 * @example
 * const aug = new RandomFlip({ vertical: true }); // same as randomFlip(...)
 */
export class RandomFlip extends RandomAugmentation {
  readonly type = 'randomFlip';
  readonly horizontal: boolean;
  readonly vertical: boolean;

  constructor(options: RandomFlipOptions = {}) {
    super('randomFlip', options, 0.5, ['horizontal', 'vertical']);
    options ??= {};
    this.horizontal = checkBoolean('randomFlip', 'horizontal', options.horizontal ?? true);
    this.vertical = checkBoolean('randomFlip', 'vertical', options.vertical ?? false);
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    const batch = shape[0];
    const horizontal = this.horizontal ? this.drawApplied(batch, rng) : new Array(batch).fill(false);
    const vertical = this.vertical ? this.drawApplied(batch, rng) : new Array(batch).fill(false);
    return { type: this.type, batch, horizontal, vertical };
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = 'randomFlip.replay';
    const h = paramFlags(fn, params, 'horizontal', shape[0]);
    const v = paramFlags(fn, params, 'vertical', shape[0]);
    const stages: Stage[] = [];
    if (h.some(Boolean)) stages.push(flipStage(fn, shape, 'x', h));
    if (v.some(Boolean)) stages.push(flipStage(fn, shape, 'y', v));
    return stages;
  }

  protected options(): Record<string, unknown> {
    return { horizontal: this.horizontal, vertical: this.vertical };
  }
}

/**
 * Flips each NHWC image left-right with probability `p` (default 0.5), and
 * top-bottom too when `vertical` is set. Any channel count and range.
 *
 * @example
 * const flip = randomFlip({ p: 0.5, seed: 1 });
 * const out = flip.apply(images);
 */
export function randomFlip(options: RandomFlipOptions = {}): RandomFlip {
  return new RandomFlip(options);
}
