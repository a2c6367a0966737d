import type * as tf from '@tensorflow/tfjs-core';
import { checkTensor, describe, isTensorLike } from '@ganforge/internal';
import { OptionError, TensorError } from './errors';
import { checkKeys, checkNumber } from './internal/validate';

/** Options of {@link createAdaController}. */
export interface AdaOptions {
  /** Target of r_t = E[sign(D(real))]: above it p rises, below it p falls. Default 0.6. */
  target?: number;
  /** Starting probability. Default 0. */
  initialP?: number;
  /** Images after which p can move by 1 (Karras et al.: 500k). Default 500 000. */
  speedImages?: number;
  /** Number of `update` calls between adjustments (Karras et al.: 4). Default 4. */
  interval?: number;
  /** Upper bound of p. Default 1. */
  maxP?: number;
}

/** The state of an {@link AdaController}, for logs and checkpoints. */
export interface AdaState {
  p: number;
  /** The last r_t, or null before the first adjustment. */
  rt: number | null;
  /** Sum of signs and count since the last adjustment. */
  signSum: number;
  count: number;
  calls: number;
}

/**
 * Adaptive discriminator augmentation (Karras et al. 2020): estimates the
 * overfitting heuristic r_t = E[sign(D(real))] from the real logits and moves
 * the augmentation probability p by sign(r_t - target) * images / speedImages
 * every `interval` updates. Trainer-agnostic: feed it real logits, read `p`.
 *
 * @example
 * const ada = new AdaController({ target: 0.6 }); // same as createAdaController(...)
 * const p = ada.update(realLogits);
 */
export class AdaController {
  readonly target: number;
  readonly speedImages: number;
  readonly interval: number;
  readonly maxP: number;
  private state: AdaState;

  constructor(options: AdaOptions = {}) {
    const fn = 'createAdaController';
    options = checkKeys(fn, options, ['target', 'initialP', 'speedImages', 'interval', 'maxP']);
    this.target = checkNumber(fn, 'target', options.target ?? 0.6, { min: -1, max: 1 });
    this.maxP = checkNumber(fn, 'maxP', options.maxP ?? 1, { min: 0, max: 1 });
    const initialP = checkNumber(fn, 'initialP', options.initialP ?? 0, { min: 0, max: this.maxP });
    this.speedImages = checkNumber(fn, 'speedImages', options.speedImages ?? 500_000, { min: 0, minExclusive: true });
    this.interval = checkNumber(fn, 'interval', options.interval ?? 4, { integer: true, min: 1 });
    this.state = { p: initialP, rt: null, signSum: 0, count: 0, calls: 0 };
  }

  /** The current augmentation probability. */
  get p(): number {
    return this.state.p;
  }

  /** The last estimate of r_t (null before the first adjustment). */
  get rt(): number | null {
    return this.state.rt;
  }

  /**
   * Records the discriminator's logits on a batch of real images (a tensor or
   * numbers; a tensor is read synchronously and not disposed) and returns p,
   * adjusted every `interval` calls.
   */
  update(realLogits: tf.Tensor | ArrayLike<number>): number {
    let values: ArrayLike<number>;
    if (isTensorLike(realLogits)) values = checkTensor<tf.Tensor>('AdaController.update', 'realLogits', realLogits, TensorError).dataSync() as Float32Array;
    else if (realLogits != null && typeof (realLogits as ArrayLike<number>).length === 'number') values = realLogits;
    else throw new TensorError({ functionName: 'AdaController.update', argument: 'realLogits', expected: 'a tf.Tensor or an array of numbers', actual: describe(realLogits) });
    let sum = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) throw new OptionError({ functionName: 'AdaController.update', argument: `realLogits[${i}]`, expected: 'a finite number', actual: describe(v) });
      sum += Math.sign(v);
    }
    const s = this.state;
    s.signSum += sum;
    s.count += values.length;
    s.calls += 1;
    if (s.calls % this.interval === 0 && s.count > 0) {
      s.rt = s.signSum / s.count;
      const step = (Math.sign(s.rt - this.target) * s.count) / this.speedImages;
      s.p = Math.min(this.maxP, Math.max(0, s.p + step));
      s.signSum = 0;
      s.count = 0;
    }
    return s.p;
  }

  /** A copy of the state, for logging or checkpoints. */
  getState(): AdaState {
    return { ...this.state };
  }

  /** Restores a state from {@link AdaController.getState}. */
  setState(state: AdaState): void {
    const fn = 'AdaController.setState';
    if (state === undefined) throw new OptionError({ functionName: fn, argument: 'state', expected: 'a state from getState()', actual: 'undefined' });
    checkKeys(fn, state, ['p', 'rt', 'signSum', 'count', 'calls'], { argument: 'state' });
    checkNumber(fn, 'state.p', state?.p, { min: 0, max: this.maxP });
    this.state = { p: state.p, rt: state.rt ?? null, signSum: checkNumber(fn, 'state.signSum', state.signSum), count: checkNumber(fn, 'state.count', state.count, { min: 0 }), calls: checkNumber(fn, 'state.calls', state.calls, { min: 0, integer: true }) };
  }
}

/**
 * Creates an ADA controller. Feed it the real logits of each discriminator
 * step and use `p` as the augmentation probability.
 *
 * @example
 * const ada = createAdaController({ target: 0.6 });
 * const augment = diffAugmentation({ policy: ['color', 'translation', 'cutout'], seed: 1 });
 * // each step: augment.p = ada.p; ...; ada.update(dRealLogits);
 */
export function createAdaController(options: AdaOptions = {}): AdaController {
  return new AdaController(options);
}
