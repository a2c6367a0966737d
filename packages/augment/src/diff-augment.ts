import * as tf from '@tensorflow/tfjs-core';
import { type AugmentationOptions, type AugmentParams, Augmentation, paramArray, paramFlags } from './augmentation';
import { boxMask } from './erase';
import { describe } from '@ganforge/internal';
import { OptionError } from './errors';
import { Prng } from '@ganforge/internal';
import { selectApplied } from './internal/select';
import type { Stage } from './internal/stages';
import { checkImages, checkKeys, checkNumber, checkProbability, checkSeed, type Shape4 } from './internal/validate';

/** The transforms of {@link diffAugment}. */
export type DiffAugmentPolicy = 'color' | 'translation' | 'cutout' | 'flip';

/** Options of {@link diffAugment} and {@link diffAugmentation}. */
export interface DiffAugmentOptions extends AugmentationOptions {
  /** Transforms, applied in the order color, translation, cutout, flip. Default ['color', 'translation', 'cutout']. */
  policy?: readonly DiffAugmentPolicy[];
  /** Probability of each transform per image (set it from an ADA controller). Default 1. */
  p?: number;
  /** Maximal integer translation as a fraction of the size (DiffAugment's 0.125). Default 0.125. */
  translationRatio?: number;
  /** Cutout box size as a fraction of the size (DiffAugment's 0.5). Default 0.5. */
  cutoutRatio?: number;
}

const POLICIES: readonly DiffAugmentPolicy[] = ['color', 'translation', 'cutout', 'flip'];
const DIFF_AUGMENT_KEYS = ['policy', 'p', 'translationRatio', 'cutoutRatio'] as const;

/** Shift matrices [N, S, S]: row i picks source i + shift[n] (zero outside). */
function shiftMatrices(shifts: readonly number[], size: number): tf.Tensor3D {
  const data = new Float32Array(shifts.length * size * size);
  shifts.forEach((s, n) => {
    for (let i = 0; i < size; i++) {
      const src = i + s;
      if (src >= 0 && src < size) data[n * size * size + i * size + src] = 1;
    }
  });
  return tf.tensor3d(data, [shifts.length, size, size]);
}

/**
 * @internal Integer translation out[i, j] = x[i + ty, j + tx] (zero outside)
 * with batched matrix products, so gradients flow on every backend.
 */
export function translateOp(images: tf.Tensor4D, tx: readonly number[], ty: readonly number[]): tf.Tensor4D {
  const [batch, h, w, c] = images.shape;
  let x: tf.Tensor = images;
  if (ty.some((v) => v !== 0)) {
    x = tf.reshape(tf.matMul(shiftMatrices(ty, h), tf.reshape(x, [batch, h, w * c])), [batch, h, w, c]);
  }
  if (tx.some((v) => v !== 0)) {
    const t = tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [batch, w, h * c]);
    x = tf.transpose(tf.reshape(tf.matMul(shiftMatrices(tx, w), t), [batch, w, h, c]), [0, 2, 1, 3]);
  }
  return (x === images ? tf.clone(images) : x) as tf.Tensor4D;
}

/** [N, 1, 1, 1] tensor of per-image numbers. */
function column(values: readonly number[]): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(values), [values.length, 1, 1, 1]);
}

/**
 * DiffAugment as an augmentation; see {@link diffAugmentation}.
 *
 * @example
 * const augment = new DiffAugment({ policy: ['color', 'cutout'] }); // same as diffAugmentation(...)
 */
export class DiffAugment extends Augmentation {
  readonly type = 'diffAugment';
  readonly policy: DiffAugmentPolicy[];
  private probability: number;
  readonly translationRatio: number;
  readonly cutoutRatio: number;

  constructor(options: DiffAugmentOptions = {}) {
    const fn = 'diffAugment';
    super(fn, options, DIFF_AUGMENT_KEYS);
    options ??= {};
    const policy = options.policy ?? ['color', 'translation', 'cutout'];
    if (!Array.isArray(policy) || policy.some((p) => !POLICIES.includes(p))) {
      throw new OptionError({ functionName: fn, argument: 'policy', expected: `an array of ${POLICIES.map((p) => JSON.stringify(p)).join(', ')}`, actual: describe(policy) });
    }
    this.policy = POLICIES.filter((p) => policy.includes(p));
    this.probability = checkProbability(fn, options.p ?? 1);
    this.translationRatio = checkNumber(fn, 'translationRatio', options.translationRatio ?? 0.125, { min: 0, max: 1 });
    this.cutoutRatio = checkNumber(fn, 'cutoutRatio', options.cutoutRatio ?? 0.5, { min: 0, max: 1 });
  }

  /** Probability of each transform per image; settable (e.g. from an ADA controller). */
  get p(): number {
    return this.probability;
  }

  set p(value: number) {
    this.probability = checkProbability('diffAugment.p', value);
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    const [batch, h, w] = shape;
    const params: AugmentParams = { type: this.type, batch };
    const on = () => Array.from({ length: batch }, () => rng.bernoulli(this.probability));
    if (this.policy.includes('color')) {
      const applied = on();
      params.brightness = applied.map((a) => (a ? rng.nextFloat() - 0.5 : 0));
      params.saturation = applied.map((a) => (a ? rng.nextFloat() * 2 : 1));
      params.contrast = applied.map((a) => (a ? rng.nextFloat() + 0.5 : 1));
    }
    if (this.policy.includes('translation')) {
      const applied = on();
      const sy = Math.trunc(h * this.translationRatio + 0.5);
      const sx = Math.trunc(w * this.translationRatio + 0.5);
      params.translateY = applied.map((a) => (a ? rng.int(-sy, sy) : 0));
      params.translateX = applied.map((a) => (a ? rng.int(-sx, sx) : 0));
    }
    if (this.policy.includes('cutout')) {
      const applied = on();
      const ch = Math.trunc(h * this.cutoutRatio + 0.5);
      const cw = Math.trunc(w * this.cutoutRatio + 0.5);
      params.cutoutTop = applied.map((a) => (a ? rng.int(0, h - (ch % 2)) - Math.floor(ch / 2) : 0));
      params.cutoutLeft = applied.map((a) => (a ? rng.int(0, w - (cw % 2)) - Math.floor(cw / 2) : 0));
      params.cutoutHeight = applied.map((a) => (a ? ch : 0));
      params.cutoutWidth = applied.map((a) => (a ? cw : 0));
    }
    if (this.policy.includes('flip')) params.flip = on();
    return params;
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = 'diffAugment.replay';
    const batch = shape[0];
    const get = (k: string) => paramArray(fn, params, k, batch);
    const stages: Stage[] = [];
    if (this.policy.includes('color')) {
      const b = get('brightness');
      const s = get('saturation');
      const c = get('contrast');
      const applied = b.map((v, n) => v !== 0 || s[n] !== 1 || c[n] !== 1);
      if (applied.some(Boolean)) {
        stages.push({
          kind: 'tensor',
          run: (x) => {
            let y: tf.Tensor = tf.add(x, column(b));
            const ms = tf.mean(y, 3, true);
            y = tf.add(tf.mul(tf.sub(y, ms), column(s)), ms);
            const mc = tf.mean(y, [1, 2, 3], true);
            return selectApplied(applied, tf.add(tf.mul(tf.sub(y, mc), column(c)), mc) as tf.Tensor4D, x);
          },
        });
      }
    }
    if (this.policy.includes('translation')) {
      const tx = get('translateX');
      const ty = get('translateY');
      if ([...tx, ...ty].some((v) => !Number.isInteger(v))) throw new OptionError({ functionName: fn, argument: 'params.translateX/Y', expected: 'integers', actual: describe({ tx, ty }) });
      stages.push({ kind: 'tensor', run: (x) => translateOp(x, tx, ty) });
    }
    if (this.policy.includes('cutout')) {
      const top = get('cutoutTop');
      const left = get('cutoutLeft');
      const height = get('cutoutHeight');
      const width = get('cutoutWidth');
      stages.push({ kind: 'tensor', run: (x) => tf.mul(x, tf.sub(1, boxMask(shape, top, left, height, width))) as tf.Tensor4D });
    }
    if (this.policy.includes('flip')) {
      const flip = paramFlags(fn, params, 'flip', batch);
      if (flip.some(Boolean)) {
        const flags = flip.map((v) => (v ? 1 : 0));
        stages.push({
          kind: 'tensor',
          run: (x) => {
            const f = column(flags);
            return tf.add(tf.mul(tf.reverse(x, 2), f), tf.mul(x, tf.sub(1, f))) as tf.Tensor4D;
          },
        });
      }
    }
    return stages;
  }

  protected options(): Record<string, unknown> {
    return { policy: this.policy, p: this.p, translationRatio: this.translationRatio, cutoutRatio: this.cutoutRatio };
  }
}

/**
 * DiffAugment (Zhao et al. 2020) as a reusable, seeded augmentation: every op
 * has a registered gradient on every backend (adds, means, batched matrix
 * products, masks, `reverse`), so it can sit between a generator and a
 * discriminator. Works on NHWC images in any range (usually [-1, 1]).
 * Gradients need tfjs's gradient registrations, which `@tensorflow/tfjs`
 * loads (with tfjs-core alone, import
 * `@tensorflow/tfjs-core/dist/register_all_gradients` through a bundler).
 *
 * @example
 * const augment = diffAugmentation({ policy: ['color', 'translation', 'cutout'], seed: 1 });
 * const dReal = discriminator(augment.apply(real));
 * const dFake = discriminator(augment.apply(generator(z)));
 */
export function diffAugmentation(options: DiffAugmentOptions = {}): DiffAugment {
  return new DiffAugment(options);
}

/**
 * One-shot DiffAugment of a batch: color (brightness, saturation, contrast),
 * integer translation with zero padding, cutout and flip, drawn per image;
 * differentiable with respect to `images` on every backend. The same `seed`
 * and input give the same output; without a seed each call draws anew.
 *
 * @example
 * const grads = tf.grad((x: tf.Tensor4D) => tf.sum(diffAugment(x, { policy: ['color', 'translation', 'cutout'], seed: 7 })))(fakes);
 */
export function diffAugment(images: tf.Tensor4D, options: DiffAugmentOptions = {}): tf.Tensor4D {
  checkImages('diffAugment', images);
  const checked = checkKeys('diffAugment', options, [...DIFF_AUGMENT_KEYS, 'seed', 'training']);
  const seed = checkSeed('diffAugment', checked.seed);
  const aug = new DiffAugment({ ...checked, seed: undefined });
  return aug.apply(images, { seed: seed ?? Prng.randomSeed() });
}
