import * as tf from '@tensorflow/tfjs-core';
import { ModelError, OptionError, StateError } from './errors';
import type { GanModel } from './gan-model';
import { checkKeys, checkNumber, checkTensor, describeValue } from './internal/checks';
import { adaptModel, type ModelAdapter, type StateVariable } from './internal/model-adapter';

/**
 * Options of {@link createGeneratorEma}.
 *
 * @example
 * createGeneratorEma(generator, { decay: 0.999 });
 */
export interface GeneratorEmaOptions {
  /** Decay β of `ema = β·ema + (1 - β)·weights`, in [0, 1). Default 0.999. */
  decay?: number;
  /**
   * Warm up the decay as TensorFlow's `ExponentialMovingAverage(num_updates)`: update `t`
   * (0-based) uses `min(decay, (1 + t) / (10 + t))`, so the first updates follow the
   * weights closely and the random initial weights do not dominate a short run (with a
   * fixed 0.999 they still weigh 0.999^500 ≈ 61 % after 500 steps). Default `true`.
   */
  warmup?: boolean;
}

/**
 * Counters of a {@link GeneratorEma}, saved in checkpoints.
 *
 * @example
 * ema.setState({ updates: 1000 });
 */
export interface GeneratorEmaState {
  updates: number;
}

/**
 * An exponential moving average of a generator's weights (Karras et al. 2018;
 * Yazıcı et al. 2019), kept in its own variables. Trainable weights are averaged;
 * non-trainable state (running statistics) is copied.
 *
 * @example
 * const ema: GeneratorEma = createGeneratorEma(generator);
 * ema.update();
 * const images = ema.generate(latent);
 */
export interface GeneratorEma {
  readonly decay: number;
  /** Number of {@link GeneratorEma.update} calls so far. */
  readonly updates: number;
  /** Folds the generator's current weights into the average. */
  update(): void;
  /** Runs the generator with the averaged weights, in inference mode; the generator's own weights are untouched afterwards. */
  /** Samples from the averaged weights; `labels` (`[count, 1]` int32) for a conditional generator. */
  generate(latent: tf.Tensor, labels?: tf.Tensor): tf.Tensor;
  /** The averaged weights, in the generator's weight order (for checkpoints). */
  variables(): StateVariable[];
  getState(): GeneratorEmaState;
  setState(state: GeneratorEmaState): void;
  /** Frees the averaged weights. */
  dispose(): void;
}

/**
 * Creates an exponential moving average of `generator`'s weights, starting from a
 * copy of them. Call `update()` after each generator update (the trainer does) and
 * `generate(latent)` to sample from the averaged generator.
 *
 * @example
 * const ema = createGeneratorEma(generator, { decay: 0.999 });
 * await step(realBatch);
 * ema.update();
 * const samples = ema.generate(step.sampleLatent(16, 1)); // [16, ...] from the averaged weights
 * ema.dispose();
 */
export function createGeneratorEma(generator: GanModel, options: GeneratorEmaOptions = {}): GeneratorEma {
  const fn = 'createGeneratorEma';
  const adapter: ModelAdapter = adaptModel(fn, 'generator', generator);
  checkKeys(fn, options, ['decay', 'warmup']);
  const decay = checkNumber(fn, 'options.decay', options.decay ?? 0.999, (x) => x >= 0 && x < 1, 'a number in [0, 1)');
  const warmup = options.warmup ?? true;
  const sources = adapter.stateVariables();
  if (sources.length === 0) {
    throw new ModelError({ functionName: fn, argument: 'generator', expected: 'a built model with weights (call it once or give the first layer an inputShape)', actual: 'a model with no weights' });
  }
  const shadows = tf.tidy(() => sources.map((s) => ({ name: s.name, trainable: s.trainable, variable: tf.variable(s.variable.clone(), false) })));
  let updates = 0;
  let disposed = false;
  const checkLive = (method: string) => {
    if (disposed) throw new StateError({ functionName: `GeneratorEma.${method}`, argument: 'this', expected: 'a live EMA', actual: 'a disposed EMA' });
  };
  const checkShapes = (method: string, current: StateVariable[]) => {
    if (current.length !== shadows.length || current.some((c, i) => !tf.util.arraysEqual(c.variable.shape, shadows[i]!.variable.shape))) {
      throw new ModelError({ functionName: `GeneratorEma.${method}`, argument: 'generator', expected: `the ${shadows.length} weights the EMA was created with`, actual: `${current.length} weights of other shapes` });
    }
  };
  return {
    decay,
    get updates() {
      return updates;
    },
    update() {
      checkLive('update');
      const current = adapter.stateVariables();
      checkShapes('update', current);
      const beta = warmup ? Math.min(decay, (1 + updates) / (10 + updates)) : decay;
      tf.tidy(() => {
        current.forEach((c, i) => {
          const shadow = shadows[i]!.variable;
          shadow.assign(c.trainable ? tf.add(tf.mul(shadow, beta), tf.mul(c.variable, 1 - beta)) : c.variable);
        });
      });
      updates++;
    },
    generate(latent, labels) {
      checkLive('generate');
      checkTensor('GeneratorEma.generate', 'latent', latent);
      if (labels !== undefined) checkTensor('GeneratorEma.generate', 'labels', labels);
      const current = adapter.stateVariables();
      checkShapes('generate', current);
      return tf.tidy(() => {
        const backups = current.map((c) => c.variable.clone());
        try {
          current.forEach((c, i) => {
            c.variable.assign(shadows[i]!.variable);
          });
          return adapter.forward(labels === undefined ? latent : [latent, labels], false, 1);
        } finally {
          current.forEach((c, i) => {
            c.variable.assign(backups[i]!);
          });
        }
      });
    },
    variables: () => shadows.map((s) => ({ ...s })),
    getState: () => ({ updates }),
    setState(state) {
      if (state === null || typeof state !== 'object' || !Number.isInteger(state.updates) || state.updates < 0) {
        throw new OptionError({ functionName: 'GeneratorEma.setState', argument: 'state', expected: '{ updates } from getState()', actual: describeValue(state) });
      }
      updates = state.updates;
    },
    dispose() {
      if (!disposed) tf.dispose(shadows.map((s) => s.variable));
      disposed = true;
    },
  };
}
