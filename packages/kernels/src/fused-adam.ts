import * as tf from '@tensorflow/tfjs-core';
import { checkNumber, checkTensor, describe } from '@ganforge/internal';
import { OptionError, ShapeError, TensorError } from './errors';
import { ADAM_KERNEL, type AdamAttrs, ensureDeviceKernels } from './internal/device-kernels';

/** A tensor with its name (tfjs-core's NamedTensor, not exported by its index). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

interface OptimizerVariable {
  originalName: string;
  variable: tf.Variable;
}

const fr = Math.fround;

/**
 * Adam with the same math, state and checkpoints as tfjs's `tf.train.adam`
 * (`AdamOptimizer`), updating each variable with one kernel call: on `webgpu` three small
 * WGSL programs (first moment, second moment, new value) whose constants travel as
 * uniforms, on `cpu` and `wasm` one JavaScript loop; no scalar tensors are made or
 * uploaded per step. tfjs's Adam runs about 12 kernels and uploads several scalars per
 * variable. Other backends (webgl, tensorflow) run tfjs's composite ops.
 *
 * `getWeights()` returns `[iterations, ...firstMoments, ...secondMoments]` named
 * `<variable>/m` and `<variable>/v` exactly like `AdamOptimizer`, so optimizer
 * checkpoints move between the two. Serializable as class `FusedAdam`
 * (`tf.serialization.registerClass` is called when this module loads).
 *
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import { FusedAdamOptimizer } from '@ganforge/kernels';
 * const w = tf.variable(tf.tensor1d([1, 2]));
 * const optimizer = new FusedAdamOptimizer(1e-3, 0.5, 0.999);
 * optimizer.minimize(() => tf.sum(tf.square(w)));
 */
export class FusedAdamOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'FusedAdam';
  }

  private accBeta1: number;
  private accBeta2: number;
  private firstMoments: OptimizerVariable[] = [];
  private secondMoments: OptimizerVariable[] = [];
  protected readonly epsilon: number;

  /**
   * @param learningRate Step size, finite and >= 0 (a negative one would climb the loss).
   * @param beta1 Decay of the first moment, in [0, 1).
   * @param beta2 Decay of the second moment, in [0, 1).
   * @param epsilon Added to the root of the second moment. Default: the backend's epsilon (1e-7 on float32 backends), as tfjs.
   * @throws {OptionError} on a negative or non-finite learning rate, a beta outside [0, 1) or a negative epsilon.
   */
  constructor(
    protected readonly learningRate: number,
    protected readonly beta1: number,
    protected readonly beta2: number,
    epsilon: number | null = null,
  ) {
    super();
    const fn = 'FusedAdamOptimizer';
    checkNumber(fn, 'learningRate', learningRate, { min: 0 }, OptionError);
    checkNumber(fn, 'beta1', beta1, { min: 0, below: 1 }, OptionError);
    checkNumber(fn, 'beta2', beta2, { min: 0, below: 1 }, OptionError);
    this.epsilon = checkNumber(fn, 'epsilon', epsilon ?? tf.backend().epsilon(), { min: 0 }, OptionError);
    this.accBeta1 = fr(beta1);
    this.accBeta2 = fr(beta2);
  }

  /**
   * Updates each named variable from its gradient (skips null gradients, as tfjs).
   *
   * @throws {TensorError} for a name that is not a registered `tf.Variable`, or a gradient that is not a live tensor.
   * @throws {ShapeError} for a gradient shaped unlike its variable.
   */
  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const names = checkGradients('FusedAdamOptimizer.applyGradients', variableGradients);
    const fused = ensureDeviceKernels(tf.getBackend());
    const attrs: AdamAttrs = {
      beta1: fr(this.beta1),
      oneMinusBeta1: fr(1 - this.beta1),
      beta2: fr(this.beta2),
      oneMinusBeta2: fr(1 - this.beta2),
      biasCorrection1: fr(1 - this.accBeta1),
      biasCorrection2: fr(1 - this.accBeta2),
      epsilon: fr(this.epsilon),
      negLearningRate: fr(-this.learningRate),
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        if (this.firstMoments[i] == null) {
          this.firstMoments[i] = { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        }
        if (this.secondMoments[i] == null) {
          this.secondMoments[i] = { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        }
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = this.firstMoments[i]!.variable;
        const v = this.secondMoments[i]!.variable;
        if (fused) {
          const [newValue, newM, newV] = tf
            .engine()
            .runKernel(ADAM_KERNEL, { value, m, v, gradient }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
          m.assign(newM!);
          v.assign(newV!);
          value.assign(newValue!);
        } else {
          const newM = tf.add(tf.mul(m, attrs.beta1), tf.mul(gradient, attrs.oneMinusBeta1));
          const newV = tf.add(tf.mul(v, attrs.beta2), tf.mul(tf.square(gradient), attrs.oneMinusBeta2));
          const mHat = tf.div(newM, attrs.biasCorrection1);
          const vHat = tf.div(newV, attrs.biasCorrection2);
          m.assign(newM);
          v.assign(newV);
          value.assign(tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), attrs.epsilon)), attrs.negLearningRate), value));
        }
      });
    });
    this.accBeta1 = fr(this.accBeta1 * fr(this.beta1));
    this.accBeta2 = fr(this.accBeta2 * fr(this.beta2));
    this.incrementIterations();
  }

  override dispose(): void {
    tf.dispose(this.firstMoments.map((v) => v.variable));
    tf.dispose(this.secondMoments.map((v) => v.variable));
    this.firstMoments = [];
    this.secondMoments = [];
  }

  /** `[iterations, ...firstMoments, ...secondMoments]`, as `AdamOptimizer.getWeights`. */
  override async getWeights(): Promise<NamedTensor[]> {
    const variables = [...this.firstMoments, ...this.secondMoments];
    return [await this.saveIterations()].concat(variables.map((v) => ({ name: v.originalName, tensor: v.variable })));
  }

  /** Restores what {@link getWeights} (or `AdamOptimizer.getWeights`) returned. */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    // The running products exactly as applyGradients builds them (one float32 rounding per
    // step): fround(beta^t) differs from them in the last bits, and a resumed run would drift.
    let accBeta1 = fr(this.beta1);
    let accBeta2 = fr(this.beta2);
    for (let i = 0; i < this.iterations_; i++) {
      accBeta1 = fr(accBeta1 * fr(this.beta1));
      accBeta2 = fr(accBeta2 * fr(this.beta2));
    }
    this.accBeta1 = accBeta1;
    this.accBeta2 = accBeta2;
    const count = rest.length / 2;
    const toVariable = (v: NamedTensor): OptimizerVariable => ({ originalName: v.name, variable: v.tensor.variable(false) });
    const firstMoments = rest.slice(0, count).map(toVariable);
    const secondMoments = rest.slice(count, count * 2).map(toVariable);
    this.dispose();
    this.firstMoments = firstMoments;
    this.secondMoments = secondMoments;
  }

  getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new (cls as unknown as new (...args: unknown[]) => T)(config.learningRate, config.beta1, config.beta2, config.epsilon);
  }
}

tf.serialization.registerClass(FusedAdamOptimizer);

/** The variable names of `variableGradients`, each a registered variable with a live gradient of its shape (or null). */
function checkGradients(fn: string, variableGradients: unknown): string[] {
  if (variableGradients === null || typeof variableGradients !== 'object') {
    throw new TensorError({ functionName: fn, argument: 'variableGradients', expected: 'a map or array of named gradients', actual: describe(variableGradients) });
  }
  const entries: [string, unknown][] = Array.isArray(variableGradients)
    ? variableGradients.map((v: NamedTensor | null) => [v?.name as string, v?.tensor])
    : Object.entries(variableGradients);
  const variables = tf.engine().registeredVariables;
  return entries.map(([name, gradient]) => {
    const argument = `variableGradients['${name}']`;
    const variable = typeof name === 'string' ? variables[name] : undefined;
    if (variable === undefined) {
      throw new TensorError({ functionName: fn, argument, expected: 'the gradient of a registered tf.Variable', actual: `no variable named ${describe(name)}` });
    }
    if (gradient == null) return name;
    const tensor = checkTensor<tf.Tensor>(fn, argument, gradient, TensorError);
    if (!tf.util.arraysEqual(tensor.shape, variable.shape)) {
      throw new ShapeError({ functionName: fn, argument, expected: `the shape of its variable [${variable.shape.join(', ')}]`, actual: describe(tensor) });
    }
    return name;
  });
}

/**
 * Shorthand for `new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon)` with
 * tfjs's defaults, a drop-in for `tf.train.adam` (which takes no options object either).
 * Unlike tfjs, a negative learning rate is refused: it would climb the loss.
 *
 * @param learningRate Default `0.001`.
 * @param beta1 Default `0.9`.
 * @param beta2 Default `0.999`.
 * @param epsilon Default: the backend's epsilon.
 * @throws {OptionError} on a negative or non-finite learning rate, a beta outside [0, 1) or a negative epsilon.
 * @example
 * import { fusedAdam } from '@ganforge/kernels';
 * const optimizer = fusedAdam(1e-4, 0.5); // the DCGAN tutorial's Adam
 */
export function fusedAdam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null): FusedAdamOptimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
