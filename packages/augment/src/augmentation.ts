import * as tf from '@tensorflow/tfjs-core';
import { describe } from '@ganforge/internal';
import { OptionError, ParamsError } from './errors';
import { Prng } from '@ganforge/internal';
import { runStages, type Stage, stageShape } from './internal/stages';
import { checkBoolean, checkImages, checkKeys, checkOutputShape, checkProbability, checkSeed, checkShape, type Shape4 } from './internal/validate';

/** [batch, height, width, channels] of an NHWC batch. */
export type ImageShape = [number, number, number, number];

/**
 * The parameters an augmentation drew for one batch: plain JSON (numbers,
 * booleans, arrays), so they can be saved, inspected and replayed.
 */
export interface AugmentParams {
  /** The augmentation type that drew them, e.g. `randomFlip`. */
  type: string;
  /** The batch size they were drawn for. */
  batch: number;
  /** True when nothing was applied (inference mode). */
  skipped?: boolean;
  [key: string]: unknown;
}

/** The output of {@link Augmentation.applyWithParams}. */
export interface AugmentResult {
  /** Augmented NHWC images; the caller owns (and disposes) them. */
  images: tf.Tensor4D;
  /** The parameters used: `replay(input, params)` gives the same images. */
  params: AugmentParams;
}

/** Per-call options of {@link Augmentation.apply}. */
export interface ApplyOptions {
  /** Seed of this call: the same seed and input give the same output on every backend. Default: the next draw from the augmentation's seeded stream. */
  seed?: number;
  /** Overrides the augmentation's `training` flag for this call (false: identity). */
  training?: boolean;
}

/** Options every augmentation takes. */
export interface AugmentationOptions {
  /** Seed of the augmentation's stream: successive calls get fresh draws from it. Default: unseeded (Math.random). */
  seed?: number;
  /** When false, the augmentation is the identity (inference). Default true. */
  training?: boolean;
}

/** Options of a random leaf augmentation. */
export interface RandomOptions extends AugmentationOptions {
  /** Probability of applying it to each image, in [0, 1]. Default: per augmentation. */
  p?: number;
  /** Draw one set of parameters for the whole batch instead of one per image. Default false. */
  sameOnBatch?: boolean;
}

/** JSON form of an augmentation or a pipeline. */
export interface AugmentationConfig {
  type: string;
  options: Record<string, unknown>;
  children?: AugmentationConfig[];
}

/**
 * Base of every augmentation: random leaves (`randomFlip`, ...) and
 * compositions (`compose`, `oneOf`, ...). Works on NHWC float32 batches;
 * the pixel range each augmentation expects is stated in its docs.
 *
 * @example
 * const aug = randomFlip({ p: 0.5, seed: 1 });
 * const out = aug.apply(images);                             // fresh draw per call
 * const { images: a, params } = aug.applyWithParams(images);
 * const b = aug.replay(images, params);                      // equals a
 */
export abstract class Augmentation {
  /** The type name, used in params and JSON. */
  abstract readonly type: string;
  /** When false, `apply` is the identity. */
  training: boolean;
  /** The seed given at construction, if any (kept for JSON). */
  readonly seed: number | undefined;
  private stream: Prng;

  /**
   * @param fn the factory's name, for messages
   * @param options the options object as given (checked here against `keys` plus `seed` and `training`)
   * @param keys the option keys the subclass takes besides `seed` and `training`
   */
  protected constructor(fn: string, options: AugmentationOptions | undefined, keys: readonly string[] = []) {
    options = checkKeys(fn, options, [...keys, 'seed', 'training']);
    this.seed = checkSeed(fn, options.seed);
    this.training = options.training === undefined ? true : checkBoolean(fn, 'training', options.training);
    this.stream = this.seed === undefined ? new Prng(Prng.randomSeed()) : new Prng(this.seed);
  }

  /** Restarts the seeded stream (from `seed`, or the construction seed). */
  reset(seed?: number): void {
    const s = checkSeed(`${this.type}.reset`, seed) ?? this.seed;
    this.stream = s === undefined ? new Prng(Prng.randomSeed()) : new Prng(s);
  }

  /**
   * Augments a batch of NHWC images. The caller owns the result; the input is
   * never changed or disposed.
   */
  apply(images: tf.Tensor4D, options: ApplyOptions = {}): tf.Tensor4D {
    return this.applyWithParams(images, options).images;
  }

  /** Augments a batch and returns the parameters used, for {@link Augmentation.replay}. */
  applyWithParams(images: tf.Tensor4D, options: ApplyOptions = {}): AugmentResult {
    const fn = `${this.type}.apply`;
    const shape = checkImages(fn, images);
    const params = this.drawParams(fn, shape, options);
    return { images: this.run(fn, images, shape, params), params };
  }

  /**
   * Draws parameters for a batch of the given shape without applying them.
   *
   * @example
   * const params = aug.sample([8, 28, 28, 1], { seed: 3 });
   * const out = aug.replay(images, params);
   */
  sample(shape: ImageShape, options: ApplyOptions = {}): AugmentParams {
    const fn = `${this.type}.sample`;
    return this.drawParams(fn, checkShape(fn, shape), options);
  }

  private drawParams(fn: string, shape: Shape4, options: ApplyOptions | undefined): AugmentParams {
    options = checkKeys(fn, options, ['seed', 'training']);
    const seed = checkSeed(fn, options.seed, 'options.seed');
    const training = options.training === undefined ? true : checkBoolean(fn, 'options.training', options.training);
    const rng = new Prng(seed ?? this.stream.nextSeed());
    if (!training || !this.training) return { type: this.type, batch: shape[0], skipped: true };
    return this.draw(shape as Shape4, rng);
  }

  /** Applies recorded parameters: the same input and params give the same output. */
  replay(images: tf.Tensor4D, params: AugmentParams): tf.Tensor4D {
    const fn = `${this.type}.replay`;
    return this.run(fn, images, checkImages(fn, images), params);
  }

  private run(fn: string, images: tf.Tensor4D, shape: Shape4, params: AugmentParams): tf.Tensor4D {
    this.checkParams(fn, shape, params);
    const stages = this.stages(shape, params);
    checkStageShapes(fn, shape, stages);
    return tf.tidy(() => runStages(images, stages));
  }

  /** The shape of the output for an input shape (training mode). */
  outputShape(shape: ImageShape): ImageShape {
    return shape;
  }

  /** JSON form; rebuild with `augmentationFromJSON`. */
  toJSON(): AugmentationConfig {
    const options: Record<string, unknown> = { ...this.options() };
    if (this.seed !== undefined) options.seed = this.seed;
    if (!this.training) options.training = false;
    return { type: this.type, options };
  }

  /** @internal Checks that params belong to this augmentation and batch. */
  checkParams(fn: string, shape: Shape4, params: AugmentParams): void {
    if (params === null || typeof params !== 'object') throw new ParamsError({ functionName: fn, argument: 'params', expected: 'an object from applyWithParams or sample', actual: describe(params) });
    if (params.type !== this.type) throw new ParamsError({ functionName: fn, argument: 'params.type', expected: JSON.stringify(this.type), actual: JSON.stringify(params.type) });
    if (params.batch !== shape[0]) throw new ParamsError({ functionName: fn, argument: 'params.batch', expected: `the batch size ${shape[0]}`, actual: describe(params.batch) });
  }

  /** @internal Draws with a shared generator, honouring this augmentation's `training` flag. */
  drawWith(shape: Shape4, rng: Prng): AugmentParams {
    if (!this.training) return { type: this.type, batch: shape[0], skipped: true };
    return this.draw(shape, rng);
  }

  /** @internal Stages that apply params (skipped params give none). */
  stages(shape: Shape4, params: AugmentParams): Stage[] {
    if (params.skipped) return [];
    return this.build(shape, params);
  }

  /** @internal Draws parameters (training mode). */
  abstract draw(shape: Shape4, rng: Prng): AugmentParams;
  /** @internal Builds the stages for drawn parameters. */
  protected abstract build(shape: Shape4, params: AugmentParams): Stage[];
  /** @internal The options for JSON (without seed and training). */
  protected abstract options(): Record<string, unknown>;
}

/**
 * Base of leaf augmentations with a probability `p` and `sameOnBatch`.
 *
 * @example
 * const flip = randomFlip({ p: 0.5 });
 * flip.p = 0.8; // e.g. from an ADA controller
 */
export abstract class RandomAugmentation extends Augmentation {
  private probability: number;
  /** Draw one set of parameters for the whole batch. */
  readonly sameOnBatch: boolean;

  /** @param keys the option keys the subclass takes besides `p`, `sameOnBatch`, `seed` and `training` */
  protected constructor(fn: string, options: RandomOptions | undefined, defaultP: number, keys: readonly string[] = []) {
    super(fn, options, [...keys, 'p', 'sameOnBatch']);
    options ??= {};
    this.probability = checkProbability(fn, options.p ?? defaultP);
    this.sameOnBatch = options.sameOnBatch === undefined ? false : checkBoolean(fn, 'sameOnBatch', options.sameOnBatch);
  }

  /** Probability of applying to each image; settable (e.g. by an ADA controller). */
  get p(): number {
    return this.probability;
  }

  set p(value: number) {
    this.probability = checkProbability(`${this.type}.p`, value);
  }

  override toJSON(): AugmentationConfig {
    const config = super.toJSON();
    config.options = { ...config.options, p: this.p };
    if (this.sameOnBatch) config.options.sameOnBatch = true;
    return config;
  }

  /** Per-image "applied" flags drawn with p (one draw when sameOnBatch). */
  protected drawApplied(batch: number, rng: Prng): boolean[] {
    if (this.sameOnBatch) return new Array(batch).fill(rng.bernoulli(this.p));
    return Array.from({ length: batch }, () => rng.bernoulli(this.p));
  }

  /** Draws `count` values per image with `draw` (the same for all when sameOnBatch). */
  protected perImage<T>(batch: number, rng: Prng, draw: (rng: Prng) => T): T[] {
    if (this.sameOnBatch) {
      const v = draw(rng);
      return new Array(batch).fill(v);
    }
    return Array.from({ length: batch }, () => draw(rng));
  }
}

/** @internal Checks the shape after each stage against the limits before anything is allocated (LimitError). */
export function checkStageShapes(fn: string, shape: Shape4, stages: readonly Stage[]): void {
  let s = shape;
  for (const stage of stages) {
    s = stageShape(stage, s);
    checkOutputShape(fn, s);
  }
}

/** @internal Reads a numeric array from params, checking its length. */
export function paramArray(fn: string, params: AugmentParams, key: string, batch: number): number[] {
  const v = params[key];
  if (!Array.isArray(v) || v.length !== batch || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
    throw new ParamsError({ functionName: fn, argument: `params.${key}`, expected: `an array of ${batch} finite numbers`, actual: describe(v) });
  }
  return v as number[];
}

/** @internal Reads a boolean array from params, checking its length. */
export function paramFlags(fn: string, params: AugmentParams, key: string, batch: number): boolean[] {
  const v = params[key];
  if (!Array.isArray(v) || v.length !== batch || v.some((x) => typeof x !== 'boolean')) {
    throw new ParamsError({ functionName: fn, argument: `params.${key}`, expected: `an array of ${batch} booleans`, actual: describe(v) });
  }
  return v as boolean[];
}

/** @internal A range option: d -> [-d, d] (d >= 0), or [low, high]. */
export function symmetricRange(fn: string, argument: string, value: unknown, min = -Infinity): [number, number] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new OptionError({ functionName: fn, argument: argument, expected: 'a number >= 0 or a range [low, high]', actual: describe(value) });
    return [-value, value];
  }
  if (!Array.isArray(value) || value.length !== 2 || value.some((v) => typeof v !== 'number' || !Number.isFinite(v)) || value[0] > value[1] || value[0] < min) {
    throw new OptionError({ functionName: fn, argument: argument, expected: `a number >= 0 or a range [low, high] with ${Number.isFinite(min) ? `${min} <= ` : ''}low <= high`, actual: describe(value) });
  }
  return [value[0], value[1]];
}
