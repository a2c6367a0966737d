import { checkNumber, checkOptions, checkSeed, describe, Prng, type PrngState } from '@ganforge/internal';
import { deviceDropout } from '@ganforge/kernels';
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from './errors';
import { GanLayer } from './internal/guard';
import { type Kwargs, type LayerArgs, oneTensor, type Shape } from './internal/layer-utils';

/** The keys of tfjs-layers' `LayerArgs`, and `customObjects`, which `tf.loadLayersModel` adds to configs. */
const LAYER_ARG_KEYS = ['name', 'trainable', 'inputShape', 'batchInputShape', 'batchSize', 'dtype', 'weights', 'inputDType', 'customObjects'];

/**
 * Options of {@link SeededDropout}, plus the usual tfjs-layers `LayerArgs` (`name`, `inputShape`, ...).
 *
 * @example
 * const args: SeededDropoutArgs = { rate: 0.3, seed: 7 };
 * const layer = new SeededDropout(args);
 */
export interface SeededDropoutArgs extends LayerArgs {
  /** Fraction of the inputs dropped in training, in [0, 1). */
  rate: number;
  /** Seed of the layer's random stream (a safe integer). Default: a fresh one from `Math.random`, recorded in the config. */
  seed?: number;
  /**
   * Where the stream stands: the `randomState` of a saved config (or of
   * {@link SeededDropout.getRandomState}). Default: the start of the stream of `seed`.
   */
  randomState?: PrngState;
}

/**
 * Dropout whose masks are made on the device and whose randomness is part of the
 * model's saved state. In training each call draws the next 32-bit seed from the
 * layer's own xoshiro128** stream and runs `@ganforge/kernels`' `deviceDropout` (one
 * kernel forward, one backward, no mask tensor uploaded: tfjs's `Dropout` fills its
 * mask in JavaScript at every call); the same seed gives the same mask on `cpu`, `wasm`
 * and `webgpu`. In inference it passes its input through.
 *
 * The stream's position is in the layer config (`randomState`), so `model.save()` and
 * `tf.loadLayersModel` continue the same sequence of masks, and trainers that save
 * state between steps (`@ganforge/gan-train`'s checkpoints) read and restore it with
 * `getRandomState()` / `setRandomState()`.
 *
 * @example
 * const layer = new SeededDropout({ rate: 0.5, seed: 1 });
 * const y = layer.apply(tf.ones([2, 4]), { training: true }) as tf.Tensor; // entries 0 or 2
 * const again = SeededDropout.fromConfig(SeededDropout, layer.getConfig()); // continues the same masks
 */
export class SeededDropout extends GanLayer {
  /** @nocollapse */
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  private readonly random: Prng;

  constructor(args: SeededDropoutArgs) {
    const where = 'SeededDropout';
    checkOptions(where, args, [...LAYER_ARG_KEYS, 'rate', 'seed', 'randomState'], OptionError, { argument: 'args' });
    super(args);
    this.rate = checkNumber(where, 'args.rate', args?.rate, { min: 0, below: 1 }, OptionError);
    const seed = checkSeed(where, 'args.seed', args?.seed, OptionError) ?? Prng.randomSeed();
    this.seed = seed;
    this.random = new Prng(seed);
    if (args?.randomState !== undefined) this.setRandomState(args.randomState);
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor('SeededDropout', inputs);
      if (kwargs?.training !== true || this.rate === 0) return x;
      return deviceDropout(x, this.rate, { seed: this.random.nextUint32() });
    });
  }

  /**
   * Where the layer's random stream stands (JSON): save it with the weights to repeat
   * the next masks exactly.
   *
   * @example
   * const state = layer.getRandomState(); // { algorithm: 'xoshiro128**', state: [...] }
   */
  getRandomState(): PrngState {
    return this.random.getState();
  }

  /**
   * Moves the layer's random stream to a state from {@link SeededDropout.getRandomState}.
   *
   * @example
   * layer.setRandomState(saved);
   */
  setRandomState(state: PrngState): void {
    try {
      this.random.setState(state);
    } catch {
      throw new OptionError({
        functionName: 'SeededDropout.setRandomState',
        argument: 'state',
        expected: "{ algorithm: 'xoshiro128**', state: four uint32 words } from getRandomState()",
        actual: describe(state),
      });
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed, randomState: this.random.getState() as unknown as tf.serialization.ConfigDict };
  }
}

/**
 * @internal The seeds of a preset's dropout layers: a stream of its own keyed by the
 * preset's seed (so the weight initializers' seeds stay as they were), or unseeded.
 */
export function dropoutSeeds(seed: number | undefined): () => number | undefined {
  if (seed === undefined) return () => undefined;
  const random = Prng.fromKey([seed, 0xd0]);
  return () => random.nextSeed();
}
