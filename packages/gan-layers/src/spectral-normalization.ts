import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { OptionError } from './errors';
import { describe } from '@ganforge/internal';
import { GanLayer } from './internal/guard';
import { type Kwargs, type LayerArgs, oneTensor, type Shape } from './internal/layer-utils';
import { checkInteger, checkNumber, checkOptions, checkSeed, LAYER_ARG_KEYS } from './internal/validate';

/** Layer classes {@link SpectralNormalization} can wrap, with the axis of their output channels. */
const OUTPUT_AXIS: Record<string, number> = { Dense: 1, Conv2D: 3, Conv2DTranspose: 2 };

/**
 * Options of {@link SpectralNormalization}, plus the usual tfjs-layers `LayerArgs`.
 *
 * @example
 * const args: SpectralNormalizationArgs = { layer: tf.layers.conv2d({ filters: 64, kernelSize: 4 }), seed: 1 };
 * const layer = new SpectralNormalization(args);
 */
export interface SpectralNormalizationArgs extends LayerArgs {
  /** The wrapped layer: a `Dense`, `Conv2D` or `Conv2DTranspose` (not yet built). Required. */
  layer: tfl.layers.Layer;
  /** Power iterations per training call. Default `1` (Miyato et al.). */
  powerIterations?: number;
  /** Power iterations run once when the layer is built, to start from a good estimate. Default `15`. */
  initialIterations?: number;
  /** Floor of vector norms in the power iteration. Default `1e-12`. */
  epsilon?: number;
  /** Seed of the random start vector `u`. Default: unseeded. */
  seed?: number;
}

/** `x / max(‖x‖, epsilon)`. */
function l2Normalize(x: tf.Tensor, epsilon: number): tf.Tensor {
  return tf.div(x, tf.maximum(tf.norm(x), epsilon));
}

/**
 * Spectral normalization (Miyato et al. 2018) of a `Dense`, `Conv2D` or `Conv2DTranspose`
 * layer: the layer runs with its kernel divided by the kernel's largest singular value
 * `sigma`, estimated by power iteration, which bounds the layer's Lipschitz constant by 1.
 *
 * As in PyTorch's `spectral_norm`, the kernel is viewed as a matrix with one column per
 * output channel; the singular vectors `u` (output channels) and `v` (fan-in) are
 * non-trainable weights, so they are saved and loaded with the model. A call with
 * `training: true` runs `powerIterations` steps and stores the new `u`, `v`; other calls
 * use the stored vectors. `sigma = vᵀ W u` carries the gradient to the kernel; `u` and
 * `v` are constants to it. The wrapped layer's own weights (kernel, bias) stay trainable.
 *
 * @example
 * const layer = new SpectralNormalization({ layer: tf.layers.dense({ units: 8 }), seed: 1 });
 * const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8 }), layer] });
 * model.predict(tf.ones([2, 4])); // [2, 8]
 */
export class SpectralNormalization extends GanLayer {
  /** @nocollapse */
  static className = 'SpectralNormalization';
  readonly layer: tfl.layers.Layer;
  readonly powerIterations: number;
  readonly initialIterations: number;
  readonly epsilon: number;
  readonly seed: number | undefined;
  private readonly outputAxis: number;
  private u: tfl.LayerVariable | null = null;
  private v: tfl.LayerVariable | null = null;

  constructor(given: SpectralNormalizationArgs) {
    const args = checkOptions(
      'SpectralNormalization',
      given,
      [...LAYER_ARG_KEYS, 'layer', 'powerIterations', 'initialIterations', 'epsilon', 'seed'],
      'args',
    );
    const layer = args.layer;
    if (!(layer instanceof tfl.layers.Layer) || !(layer.getClassName() in OUTPUT_AXIS)) {
      throw new OptionError({
        functionName: 'SpectralNormalization',
        argument: 'args.layer',
        expected: `a ${Object.keys(OUTPUT_AXIS).join(', ')} layer`,
        actual: layer instanceof tfl.layers.Layer ? `a ${layer.getClassName()} layer` : describe(layer),
      });
    }
    super(args);
    this.layer = layer;
    this.outputAxis = OUTPUT_AXIS[layer.getClassName()]!;
    this.powerIterations = checkInteger('SpectralNormalization', 'args.powerIterations', args.powerIterations ?? 1, 1);
    this.initialIterations = checkInteger('SpectralNormalization', 'args.initialIterations', args.initialIterations ?? 15, 0);
    this.epsilon = checkNumber('SpectralNormalization', 'args.epsilon', args.epsilon ?? 1e-12, 0, Number.POSITIVE_INFINITY);
    this.seed = checkSeed('SpectralNormalization', args.seed, 'args.seed');
  }

  /** The wrapped layer's kernel variable (a field tfjs's Dense and convolutions all use). */
  private get kernel(): tfl.LayerVariable {
    return (this.layer as unknown as { kernel: tfl.LayerVariable }).kernel;
  }

  /** The kernel as a `[fanIn, outputChannels]` matrix. */
  private matrix(kernel: tf.Tensor): tf.Tensor2D {
    const rank = kernel.rank;
    const perm = [...Array(rank).keys()].filter((axis) => axis !== this.outputAxis).concat(this.outputAxis);
    const moved = this.outputAxis === rank - 1 ? kernel : tf.transpose(kernel, perm);
    return tf.reshape(moved, [-1, kernel.shape[this.outputAxis]!]) as tf.Tensor2D;
  }

  /** `iterations` power-iteration steps from `u`: returns the new `[u, v]`. */
  private iterate(matrix: tf.Tensor2D, u: tf.Tensor, iterations: number): [tf.Tensor, tf.Tensor] {
    let v = l2Normalize(tf.squeeze(tf.matMul(matrix, tf.expandDims(u, 1)), [1]), this.epsilon);
    u = l2Normalize(tf.squeeze(tf.matMul(tf.expandDims(v, 0), matrix), [0]), this.epsilon);
    for (let i = 1; i < iterations; i++) {
      v = l2Normalize(tf.squeeze(tf.matMul(matrix, tf.expandDims(u, 1)), [1]), this.epsilon);
      u = l2Normalize(tf.squeeze(tf.matMul(tf.expandDims(v, 0), matrix), [0]), this.epsilon);
    }
    return [u, v];
  }

  override build(inputShape: Shape | Shape[]): void {
    if (!this.layer.built) this.layer.build(inputShape);
    const kernel = this.kernel;
    if (!(kernel instanceof tfl.LayerVariable)) {
      throw new OptionError({ functionName: 'SpectralNormalization', argument: 'args.layer', expected: 'a layer with a kernel', actual: 'a layer without one' });
    }
    const shape = kernel.shape as number[];
    const outputs = shape[this.outputAxis]!;
    const fanIn = shape.reduce((a, b) => a * b, 1) / outputs;
    this.u = this.addWeight(
      'u',
      [outputs],
      'float32',
      tfl.initializers.randomNormal({ mean: 0, stddev: 1, seed: this.seed }),
      undefined,
      false,
    );
    this.v = this.addWeight('v', [fanIn], 'float32', tfl.initializers.zeros(), undefined, false);
    tf.tidy(() => {
      const u0 = l2Normalize(this.u!.read(), this.epsilon);
      if (this.initialIterations === 0) {
        this.u!.write(u0);
        this.v!.write(l2Normalize(tf.squeeze(tf.matMul(this.matrix(kernel.read()), tf.expandDims(u0, 1)), [1]), this.epsilon));
        return;
      }
      const [u, v] = this.iterate(this.matrix(kernel.read()), u0, this.initialIterations);
      this.u!.write(u);
      this.v!.write(v);
    });
    this.built = true;
  }

  /** The current estimate of the kernel's largest singular value, from the stored `u`, `v`. */
  sigma(): tf.Scalar {
    return tf.tidy(() => {
      const product = tf.matMul(this.matrix(this.kernel.read()), tf.expandDims(this.u!.read(), 1));
      return tf.sum(tf.mul(tf.squeeze(product, [1]), this.v!.read())) as tf.Scalar;
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return this.layer.computeOutputShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = oneTensor('SpectralNormalization', inputs);
    return tf.tidy(() => {
      const variable = this.kernel;
      const kernel = variable.read();
      if (kwargs.training === true) {
        // Writes go to non-trainable variables; reading them back below makes u and v
        // constants for the gradient (variables are leaves of the tape).
        const [u, v] = this.iterate(this.matrix(kernel), this.u!.read(), this.powerIterations);
        this.u!.write(u);
        this.v!.write(v);
      }
      const product = tf.squeeze(tf.matMul(this.matrix(kernel), tf.expandDims(this.u!.read(), 1)), [1]);
      const sigma = tf.sum(tf.mul(product, this.v!.read()));
      const normalized = tf.div(kernel, sigma);
      // Run the wrapped layer's own computation (padding, strides, bias, activation)
      // with the normalized kernel in place of its variable.
      const holder = this.layer as unknown as { kernel: unknown };
      holder.kernel = { read: () => normalized };
      try {
        return this.layer.call(x, kwargs);
      } finally {
        holder.kernel = variable;
      }
    });
  }

  override get trainableWeights(): tfl.LayerVariable[] {
    return this.trainable ? this.layer.trainableWeights : [];
  }

  override get nonTrainableWeights(): tfl.LayerVariable[] {
    const own = [this.u, this.v].filter((w): w is tfl.LayerVariable => w !== null);
    return this.trainable ? [...this.layer.nonTrainableWeights, ...own] : [...this.layer.weights, ...own];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      layer: { className: this.layer.getClassName(), config: this.layer.getConfig() },
      powerIterations: this.powerIterations,
      initialIterations: this.initialIterations,
      epsilon: this.epsilon,
      seed: this.seed ?? null,
    };
  }

  /** @nocollapse */
  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const { layer, ...rest } = config as { layer?: { className: string; config: tf.serialization.ConfigDict } };
    const entry = layer == null ? undefined : tf.serialization.SerializationMap.getMap().classNameMap[layer.className];
    if (!entry) {
      throw new OptionError({
        functionName: 'SpectralNormalization.fromConfig',
        argument: 'config.layer.className',
        expected: 'a registered layer class',
        actual: describe(layer?.className),
      });
    }
    const [innerClass, fromConfig] = entry;
    return new cls({ ...rest, layer: fromConfig(innerClass, layer!.config) });
  }
}
