import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LayerInputError } from './errors';
import { formatShape } from './internal/format';
import { GanLayer } from './internal/guard';
import { checkRank4, type Kwargs, type LayerArgs, oneShape, oneTensor, type Shape } from './internal/layer-utils';
import { checkBoolean, checkNumber, checkOptions, LAYER_ARG_KEYS } from './internal/validate';

/**
 * Options of {@link InstanceNormalization}, plus the usual tfjs-layers `LayerArgs`.
 *
 * @example
 * const args: InstanceNormalizationArgs = { epsilon: 1e-3, center: false };
 * const layer = new InstanceNormalization(args);
 */
export interface InstanceNormalizationArgs extends LayerArgs {
  /** Added to the variance. Default `1e-5` (PyTorch's `InstanceNorm2d`). */
  epsilon?: number;
  /** Learn a per-channel scale `gamma` (initialized to 1). Default `true`. */
  scale?: boolean;
  /** Learn a per-channel offset `beta` (initialized to 0). Default `true`. */
  center?: boolean;
}

/**
 * Instance normalization (Ulyanov et al. 2016), which tfjs-layers lacks: each sample's
 * channels are normalized over height and width, `(x - mean) / sqrt(var + epsilon)`
 * (biased variance), then scaled by `gamma` and shifted by `beta` per channel. NHWC in,
 * same shape out. Keeps no running statistics: training and inference compute the same.
 *
 * @example
 * const layer = new InstanceNormalization();
 * layer.apply(tf.tensor4d([1, 3], [1, 1, 2, 1])); // [[[[-1], [1]]]] (up to epsilon)
 */
export class InstanceNormalization extends GanLayer {
  /** @nocollapse */
  static className = 'InstanceNormalization';
  readonly epsilon: number;
  readonly scale: boolean;
  readonly center: boolean;
  private gamma: tfl.LayerVariable | null = null;
  private beta: tfl.LayerVariable | null = null;

  constructor(given?: InstanceNormalizationArgs) {
    const args = checkOptions('InstanceNormalization', given, [...LAYER_ARG_KEYS, 'epsilon', 'scale', 'center'], 'args');
    super(args);
    this.epsilon = checkNumber('InstanceNormalization', 'args.epsilon', args.epsilon ?? 1e-5, 0, Number.POSITIVE_INFINITY);
    this.scale = checkBoolean('InstanceNormalization', 'args.scale', args.scale ?? true);
    this.center = checkBoolean('InstanceNormalization', 'args.center', args.center ?? true);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = oneShape('InstanceNormalization', inputShape);
    checkRank4('InstanceNormalization', shape);
    const channels = shape[3];
    if (channels == null) {
      throw new LayerInputError({
        functionName: 'InstanceNormalization',
        argument: 'inputs',
        expected: 'a known channel count',
        actual: `shape ${formatShape(shape)}`,
      });
    }
    if (this.scale) this.gamma = this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones());
    if (this.center) this.beta = this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const x = oneTensor('InstanceNormalization', inputs);
    checkRank4('InstanceNormalization', x.shape);
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, [1, 2], true);
      let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      if (this.gamma) y = tf.mul(y, this.gamma.read());
      if (this.beta) y = tf.add(y, this.beta.read());
      return y;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon, scale: this.scale, center: this.center };
  }
}
