import { type AugmentParams, paramArray, paramFlags, type RandomOptions, RandomAugmentation } from './augmentation';
import { blurOp, resolveKernelSize } from './gaussian-blur';
import { describe } from '@ganforge/internal';
import { OptionError } from './errors';
import type { Prng } from '@ganforge/internal';
import { selectApplied } from './internal/select';
import type { Stage } from './internal/stages';
import { checkRange, type Shape4 } from './internal/validate';

/** Options of {@link randomGaussianBlur}. */
export interface RandomGaussianBlurOptions extends RandomOptions {
  /** Odd kernel size, or [kx, ky]. Required. */
  kernelSize: number | readonly [number, number];
  /** Range of sigma drawn per image (> 0). Default [0.1, 2]. */
  sigma?: number | readonly [number, number];
}

/**
 * Random Gaussian blur; see {@link randomGaussianBlur}.
 *
 * @example
 * const aug = new RandomGaussianBlur({ kernelSize: 3 }); // same as randomGaussianBlur(...)
 */
export class RandomGaussianBlur extends RandomAugmentation {
  readonly type = 'randomGaussianBlur';
  readonly kernelSize: [number, number];
  readonly sigma: [number, number];

  constructor(options: RandomGaussianBlurOptions) {
    const fn = 'randomGaussianBlur';
    super(fn, options, 1, ['kernelSize', 'sigma']);
    this.kernelSize = resolveKernelSize(fn, options?.kernelSize);
    this.sigma = checkRange(fn, 'sigma', options.sigma ?? [0.1, 2], { min: 0 });
    if (this.sigma[0] <= 0) throw new OptionError({ functionName: fn, argument: 'sigma', expected: 'numbers > 0', actual: describe(options.sigma) });
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    const batch = shape[0];
    const applied = this.drawApplied(batch, rng);
    const sigma = this.perImage(batch, rng, (g) => g.uniform(this.sigma[0], this.sigma[1]));
    return { type: this.type, batch, applied, sigma };
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = 'randomGaussianBlur.replay';
    const batch = shape[0];
    const applied = paramFlags(fn, params, 'applied', batch);
    const sigma = Float64Array.from(paramArray(fn, params, 'sigma', batch));
    if (sigma.some((s) => s <= 0)) throw new OptionError({ functionName: fn, argument: 'params.sigma', expected: 'numbers > 0', actual: describe(Array.from(sigma)) });
    if (!applied.some(Boolean)) return [];
    const [kx, ky] = this.kernelSize;
    return [{ kind: 'tensor', run: (images) => selectApplied(applied, blurOp(images, kx, ky, sigma, sigma), images) }];
  }

  protected options(): Record<string, unknown> {
    return { kernelSize: this.kernelSize, sigma: this.sigma };
  }
}

/**
 * Blurs NHWC images (any channel count or range) with a Gaussian of sigma
 * drawn per image (torchvision's `GaussianBlur`), with probability `p`
 * (default 1).
 *
 * @example
 * const blur = randomGaussianBlur({ kernelSize: 5, sigma: [0.1, 1.5], seed: 1 });
 * const out = blur.apply(images);
 */
export function randomGaussianBlur(options: RandomGaussianBlurOptions): RandomGaussianBlur {
  return new RandomGaussianBlur(options);
}
