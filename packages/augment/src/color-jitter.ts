import type { PixelRange } from '@ganforge/internal';
import { brightnessOp, contrastOp, inUnitRange, resolveRange, saturationOp } from './adjust-color';
import { type AugmentParams, paramArray, paramFlags, type RandomOptions, RandomAugmentation } from './augmentation';
import { describe } from '@ganforge/internal';
import { OptionError, ParamsError } from './errors';
import type { Prng } from '@ganforge/internal';
import { selectApplied } from './internal/select';
import type { Stage } from './internal/stages';
import { checkChannels, type Shape4 } from './internal/validate';

/** Options of {@link colorJitter}. Each factor range: b means [max(0, 1 - b), 1 + b], or [low, high]. */
export interface ColorJitterOptions extends RandomOptions {
  /** Brightness factor range. Default none. */
  brightness?: number | readonly [number, number];
  /** Contrast factor range. Default none. */
  contrast?: number | readonly [number, number];
  /** Saturation factor range (3-channel images only). Default none. */
  saturation?: number | readonly [number, number];
  /** Pixel range of the images (`'unit'`, `'symmetric'`, `'uint8'` or [min, max]); results are clamped to it. Default `'unit'`. */
  pixelRange?: PixelRange;
}

const KINDS = ['brightness', 'contrast', 'saturation'] as const;

function factorRange(fn: string, argument: string, value: unknown): [number, number] | null {
  if (value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new OptionError({ functionName: fn, argument: argument, expected: 'a number >= 0 or a range [low, high] with 0 <= low <= high', actual: describe(value) });
    return [Math.max(0, 1 - value), 1 + value];
  }
  if (!Array.isArray(value) || value.length !== 2 || value.some((v) => typeof v !== 'number' || !Number.isFinite(v)) || value[0] < 0 || value[0] > value[1]) {
    throw new OptionError({ functionName: fn, argument: argument, expected: 'a number >= 0 or a range [low, high] with 0 <= low <= high', actual: describe(value) });
  }
  return [value[0], value[1]];
}

/**
 * Random brightness, contrast and saturation; see {@link colorJitter}.
 *
 * @example
 * const jitter = colorJitter({ brightness: 0.2 }); // an instance of ColorJitter
 */
export class ColorJitter extends RandomAugmentation {
  readonly type = 'colorJitter';
  private readonly ranges: Record<(typeof KINDS)[number], [number, number] | null>;
  /** The pixel range [min, max] of the images. */
  readonly pixelRange: [number, number];

  constructor(options: ColorJitterOptions = {}) {
    const fn = 'colorJitter';
    super(fn, options, 1, ['brightness', 'contrast', 'saturation', 'pixelRange']);
    options ??= {};
    this.ranges = {
      brightness: factorRange(fn, 'brightness', options.brightness),
      contrast: factorRange(fn, 'contrast', options.contrast),
      saturation: factorRange(fn, 'saturation', options.saturation),
    };
    this.pixelRange = resolveRange(fn, options.pixelRange);
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    const batch = shape[0];
    if (this.ranges.saturation) checkChannels('colorJitter.apply', shape, [3]);
    const applied = this.drawApplied(batch, rng);
    const order = rng.permutation(3).filter((k) => this.ranges[KINDS[k]!] !== null);
    const params: AugmentParams = { type: this.type, batch, applied, order };
    for (const kind of KINDS) {
      const range = this.ranges[kind];
      if (!range) continue;
      const values = this.perImage(batch, rng, (g) => g.uniform(range[0], range[1]));
      params[kind] = values.map((v, n) => (applied[n] ? v : 1));
    }
    return params;
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = 'colorJitter.replay';
    const batch = shape[0];
    const applied = paramFlags(fn, params, 'applied', batch);
    const order = params.order;
    if (!Array.isArray(order) || order.some((k) => ![0, 1, 2].includes(k))) throw new ParamsError({ functionName: fn, argument: 'params.order', expected: 'an array of indices 0 (brightness), 1 (contrast), 2 (saturation)', actual: describe(order) });
    if (!applied.some(Boolean) || order.length === 0) return [];
    const factors = order.map((k: number) => Float64Array.from(paramArray(fn, params, KINDS[k]!, batch)));
    if (order.includes(2)) checkChannels(fn, shape, [3]);
    return [
      {
        kind: 'tensor',
        run: (images) => {
          const jittered = inUnitRange(images, this.pixelRange, (unit) => {
            let x = unit;
            order.forEach((k: number, i: number) => {
              const f = factors[i]!;
              x = k === 0 ? brightnessOp(x, f) : k === 1 ? contrastOp(x, f) : saturationOp(x, f);
            });
            return x;
          });
          return selectApplied(applied, jittered, images);
        },
      },
    ];
  }

  protected options(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const kind of KINDS) if (this.ranges[kind]) out[kind] = this.ranges[kind];
    if (this.pixelRange[0] !== 0 || this.pixelRange[1] !== 1) out.pixelRange = this.pixelRange;
    return out;
  }
}

/**
 * Random brightness, contrast and saturation of NHWC images in [0, 1] (or in
 * `pixelRange`; torchvision's `ColorJitter` without hue): factors drawn per
 * image, the order of the adjustments drawn per call; results clamped to the range.
 *
 * @example
 * const jitter = colorJitter({ brightness: 0.2, contrast: 0.2, seed: 1 });
 * const out = jitter.apply(images);
 */
export function colorJitter(options: ColorJitterOptions = {}): ColorJitter {
  return new ColorJitter(options);
}
