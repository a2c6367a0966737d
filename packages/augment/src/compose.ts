import * as tf from '@tensorflow/tfjs-core';
import { type AugmentationConfig, type AugmentationOptions, type AugmentParams, Augmentation, type ImageShape } from './augmentation';
import { describe } from '@ganforge/internal';
import { LimitError, OptionError, ParamsError, ShapeError } from './errors';
import type { Prng } from '@ganforge/internal';
import { runStages, type Stage } from './internal/stages';
import { checkBoolean, checkNumber, checkProbability, type Shape4 } from './internal/validate';

function checkChildren(fn: string, children: unknown): Augmentation[] {
  if (!Array.isArray(children) || children.length === 0 || children.some((c) => !(c instanceof Augmentation))) {
    throw new OptionError({ functionName: fn, argument: 'augmentations', expected: 'a non-empty array of augmentations', actual: Array.isArray(children) ? `an array with ${children.filter((c) => !(c instanceof Augmentation)).length} non-augmentation(s) of ${children.length}` : describe(children) });
  }
  return children as Augmentation[];
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Applies augmentations in sequence; see {@link compose}.
 *
 * @example
 * const pipeline = new Compose([randomFlip()], { seed: 1 }); // same as compose([...])
 */
export class Compose extends Augmentation {
  readonly type = 'compose';
  readonly augmentations: Augmentation[];

  constructor(augmentations: Augmentation[], options: AugmentationOptions = {}) {
    super('compose', options);
    this.augmentations = checkChildren('compose', augmentations);
  }

  override outputShape(shape: ImageShape): ImageShape {
    return this.augmentations.reduce((s, a) => a.outputShape(s), shape);
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    let s = shape;
    const children: AugmentParams[] = [];
    for (const child of this.augmentations) {
      const p = child.drawWith(s, rng);
      children.push(p);
      if (!p.skipped) s = child.outputShape(s) as Shape4;
    }
    return { type: this.type, batch: shape[0], children };
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = 'compose.replay';
    const children = params.children;
    if (!Array.isArray(children) || children.length !== this.augmentations.length) {
      throw new ParamsError({ functionName: fn, argument: 'params.children', expected: `an array of ${this.augmentations.length} params`, actual: describe(Array.isArray(children) ? `length ${children.length}` : children) });
    }
    return sequenceStages(fn, this.augmentations, shape, children as AugmentParams[]);
  }

  override toJSON(): AugmentationConfig {
    return { ...super.toJSON(), children: this.augmentations.map((a) => a.toJSON()) };
  }

  protected options(): Record<string, unknown> {
    return {};
  }
}

/** Stages of a sequence of augmentations with their params. */
function sequenceStages(fn: string, augmentations: Augmentation[], shape: Shape4, params: AugmentParams[]): Stage[] {
  const stages: Stage[] = [];
  let s = shape;
  augmentations.forEach((child, i) => {
    const p = params[i]!;
    child.checkParams(fn, s, p);
    stages.push(...child.stages(s, p));
    if (!p.skipped) s = child.outputShape(s) as Shape4;
  });
  return stages;
}

interface Group {
  sequence: number[];
  samples: number[];
  params: AugmentParams[];
}

/** Options of {@link oneOf}, {@link someOf} and {@link randomOrder}. */
export interface ChoiceOptions extends AugmentationOptions {
  /** Probability of applying the choice to each image (else the identity). Default 1. */
  p?: number;
  /** One choice for the whole batch instead of one per image. Default false. */
  sameOnBatch?: boolean;
}

/**
 * Base of the compositions that pick, per image, a sequence of their
 * augmentations. Images with the same sequence are augmented together;
 * with `sameOnBatch` the whole batch takes one sequence and stays fused.
 */
abstract class Choice extends Augmentation {
  readonly augmentations: Augmentation[];
  readonly p: number;
  readonly sameOnBatch: boolean;

  protected constructor(fn: string, augmentations: Augmentation[], options: ChoiceOptions | undefined, keys: readonly string[] = []) {
    super(fn, options, [...keys, 'p', 'sameOnBatch']);
    options ??= {};
    this.augmentations = checkChildren(fn, augmentations);
    this.p = checkProbability(fn, options.p ?? 1);
    this.sameOnBatch = options.sameOnBatch === undefined ? false : checkBoolean(fn, 'sameOnBatch', options.sameOnBatch);
  }

  /** Draws one sequence of child indices. */
  protected abstract pick(rng: Prng): number[];

  override outputShape(shape: ImageShape): ImageShape {
    // Every sequence must give the same shape; the empty sequence is the identity.
    const shapes = this.augmentations.map((a) => a.outputShape(shape));
    const changed = shapes.find((s) => !sameShape(s, shape));
    return changed ?? shape;
  }

  draw(shape: Shape4, rng: Prng): AugmentParams {
    const batch = shape[0];
    const one = () => (rng.bernoulli(this.p) ? this.pick(rng) : []);
    const sequences = this.sameOnBatch ? new Array(batch).fill(one()) : Array.from({ length: batch }, one);
    const byKey = new Map<string, Group>();
    sequences.forEach((sequence: number[], n: number) => {
      const key = sequence.join(',');
      let group = byKey.get(key);
      if (!group) byKey.set(key, (group = { sequence, samples: [], params: [] }));
      group.samples.push(n);
    });
    const groups = [...byKey.values()];
    let out: ImageShape | null = null;
    for (const group of groups) {
      let s: Shape4 = [group.samples.length, shape[1], shape[2], shape[3]];
      for (const k of group.sequence) {
        const child = this.augmentations[k]!;
        const p = child.drawWith(s, rng);
        group.params.push(p);
        if (!p.skipped) s = child.outputShape(s) as Shape4;
      }
      const o: ImageShape = [batch, s[1], s[2], s[3]];
      if (out && !sameShape(out, o)) {
        throw new ShapeError({ functionName: `${this.type}.apply`, argument: 'augmentations', expected: 'augmentations that all give the same output shape (and keep the input shape when p < 1)', actual: `${describe(out)} and ${describe(o)}` });
      }
      out = o;
    }
    return { type: this.type, batch, groups };
  }

  protected build(shape: Shape4, params: AugmentParams): Stage[] {
    const fn = `${this.type}.replay`;
    const batch = shape[0];
    const groups = params.groups as Group[];
    const seen = new Array(batch).fill(false);
    const ok =
      Array.isArray(groups) &&
      groups.every(
        (g) =>
          g &&
          Array.isArray(g.sequence) &&
          g.sequence.every((k) => Number.isInteger(k) && k >= 0 && k < this.augmentations.length) &&
          Array.isArray(g.samples) &&
          g.samples.every((n) => Number.isInteger(n) && n >= 0 && n < batch && !seen[n] && (seen[n] = true)) &&
          Array.isArray(g.params) &&
          g.params.length === g.sequence.length,
      ) &&
      seen.every(Boolean);
    if (!ok) throw new ParamsError({ functionName: fn, argument: 'params.groups', expected: `groups of sequences that cover the ${batch} images once`, actual: describe(groups) });
    const runGroup = (g: Group, s: Shape4) =>
      sequenceStages(
        fn,
        g.sequence.map((k) => this.augmentations[k]!),
        s,
        g.params,
      );
    const first = groups[0]!;
    if (groups.length === 1 && first.samples.every((n, i) => n === i)) return runGroup(first, shape);
    const plans = groups.map((g) => ({ g, stages: runGroup(g, [g.samples.length, shape[1], shape[2], shape[3]]) }));
    const order = groups.flatMap((g) => g.samples);
    const inverse = new Int32Array(batch);
    order.forEach((n, i) => {
      inverse[n] = i;
    });
    return [
      {
        kind: 'tensor',
        outShape: (s) => this.outputShape(s) as Shape4,
        run: (images) => {
          const parts = plans.map(({ g, stages }) => runStages(tf.gather(images, tf.tensor1d(g.samples, 'int32')), stages));
          return tf.gather(tf.concat(parts, 0), tf.tensor1d(inverse, 'int32')) as tf.Tensor4D;
        },
      },
    ];
  }

  override toJSON(): AugmentationConfig {
    const config = super.toJSON();
    config.options = { ...config.options, p: this.p };
    if (this.sameOnBatch) config.options.sameOnBatch = true;
    return { ...config, children: this.augmentations.map((a) => a.toJSON()) };
  }
}

/** Options of {@link oneOf}. */
export interface OneOfOptions extends ChoiceOptions {
  /** Relative weights of the augmentations. Default equal. */
  weights?: readonly number[];
}

/**
 * Applies one augmentation chosen at random; see {@link oneOf}.
 *
 * @example
 * const pick = new OneOf([randomFlip(), randomNoise()]); // same as oneOf([...])
 */
export class OneOf extends Choice {
  readonly type = 'oneOf';
  readonly weights: number[];

  constructor(augmentations: Augmentation[], options: OneOfOptions = {}) {
    super('oneOf', augmentations, options, ['weights']);
    options ??= {};
    const n = this.augmentations.length;
    const weights = options.weights ?? new Array(n).fill(1);
    if (!Array.isArray(weights) || weights.length !== n) throw new OptionError({ functionName: 'oneOf', argument: 'weights', expected: `an array of ${n} numbers >= 0`, actual: describe(weights) });
    this.weights = weights.map((w, i) => checkNumber('oneOf', `weights[${i}]`, w, { min: 0 }));
    if (!this.weights.some((w) => w > 0)) throw new OptionError({ functionName: 'oneOf', argument: 'weights', expected: 'weights with a positive sum', actual: describe(weights) });
  }

  protected pick(rng: Prng): number[] {
    const total = this.weights.reduce((a, b) => a + b, 0);
    let u = rng.nextFloat() * total;
    for (let k = 0; k < this.weights.length; k++) {
      u -= this.weights[k]!;
      if (u < 0 && this.weights[k]! > 0) return [k];
    }
    let last = 0;
    this.weights.forEach((w, k) => {
      if (w > 0) last = k;
    });
    return [last];
  }

  protected options(): Record<string, unknown> {
    return { weights: this.weights };
  }
}

/** Most augmentations that {@link someOf} draws per image with `replace: true`. */
const SOME_OF_MAX_DRAWS = 1024;

/** Options of {@link someOf}. */
export interface SomeOfOptions extends ChoiceOptions {
  /** Draw with replacement. Default false. */
  replace?: boolean;
  /** Apply the chosen ones in random order instead of the listed order. Default false. */
  randomOrder?: boolean;
}

/**
 * Applies n augmentations chosen at random; see {@link someOf}.
 *
 * @example
 * const two = new SomeOf([randomFlip(), randomNoise(), colorJitter({ contrast: 0.3 })], 2);
 */
export class SomeOf extends Choice {
  readonly type = 'someOf';
  readonly n: [number, number];
  readonly replace: boolean;
  readonly randomOrder: boolean;

  constructor(augmentations: Augmentation[], n: number | readonly [number, number], options: SomeOfOptions = {}) {
    super('someOf', augmentations, options, ['replace', 'randomOrder']);
    options ??= {};
    this.replace = options.replace === undefined ? false : checkBoolean('someOf', 'replace', options.replace);
    this.randomOrder = options.randomOrder === undefined ? false : checkBoolean('someOf', 'randomOrder', options.randomOrder);
    const max = this.replace ? SOME_OF_MAX_DRAWS : this.augmentations.length;
    const range = typeof n === 'number' ? [n, n] : n;
    if (!Array.isArray(range) || range.length !== 2) throw new OptionError({ functionName: 'someOf', argument: 'n', expected: `an integer in [0, ${max}] or a range`, actual: describe(n) });
    if (this.replace && range.some((v) => typeof v === 'number' && v > SOME_OF_MAX_DRAWS)) {
      throw new LimitError({ functionName: 'someOf', argument: 'n', expected: `at most ${SOME_OF_MAX_DRAWS} draws with replace: true`, actual: describe(n) });
    }
    const lo = checkNumber('someOf', 'n', range[0], { integer: true, min: 0, max });
    const hi = checkNumber('someOf', 'n', range[1], { integer: true, min: lo, max });
    this.n = [lo, hi];
  }

  protected pick(rng: Prng): number[] {
    const count = rng.int(this.n[0], this.n[1]);
    const total = this.augmentations.length;
    let chosen: number[];
    if (this.replace) chosen = Array.from({ length: count }, () => rng.int(0, total - 1));
    else chosen = rng.permutation(total).slice(0, count);
    return this.randomOrder ? chosen : chosen.sort((a, b) => a - b);
  }

  protected options(): Record<string, unknown> {
    return { n: this.n, replace: this.replace, randomOrder: this.randomOrder };
  }
}

/**
 * Applies all augmentations in a random order; see {@link randomOrder}.
 *
 * @example
 * const shuffled = new RandomOrder([randomNoise(), colorJitter({ brightness: 0.2 })]);
 */
export class RandomOrder extends Choice {
  readonly type = 'randomOrder';

  constructor(augmentations: Augmentation[], options: ChoiceOptions = {}) {
    super('randomOrder', augmentations, options);
  }

  protected pick(rng: Prng): number[] {
    return rng.permutation(this.augmentations.length);
  }

  protected options(): Record<string, unknown> {
    return {};
  }
}

/**
 * Applies augmentations one after the other; itself an augmentation. Runs of
 * geometric steps (flips, crops, pads, one affine warp or resized crop) are
 * fused into a single resampling of the batch.
 *
 * @example
 * const pipeline = compose([randomFlip(), randomCrop({ size: 28, padding: 2 })], { seed: 42 });
 * const out = pipeline.apply(images);
 */
export function compose(augmentations: Augmentation[], options: AugmentationOptions = {}): Compose {
  return new Compose(augmentations, options);
}

/**
 * Applies one of the augmentations, chosen per image (by `weights`), with
 * probability `p`.
 *
 * @example
 * const pick = oneOf([randomAffine({ degrees: 15 }), randomElastic()], { seed: 1 });
 */
export function oneOf(augmentations: Augmentation[], options: OneOfOptions = {}): OneOf {
  return new OneOf(augmentations, options);
}

/**
 * Applies `n` (or a number in the range [min, max]) of the augmentations,
 * chosen per image, in the listed order unless `randomOrder`.
 *
 * @example
 * const two = someOf([randomFlip({ p: 1 }), colorJitter({ brightness: 0.2 }), randomNoise()], 2, { seed: 1 });
 */
export function someOf(augmentations: Augmentation[], n: number | readonly [number, number], options: SomeOfOptions = {}): SomeOf {
  return new SomeOf(augmentations, n, options);
}

/**
 * Applies all the augmentations in an order drawn per image.
 *
 * @example
 * const shuffled = randomOrder([colorJitter({ brightness: 0.2 }), randomNoise({ std: 0.05 })], { seed: 1 });
 */
export function randomOrder(augmentations: Augmentation[], options: ChoiceOptions = {}): RandomOrder {
  return new RandomOrder(augmentations, options);
}
