import * as tf from '@tensorflow/tfjs-core';
import { LayerInputError } from './errors';
import { formatShape } from './internal/format';
import { GanLayer } from './internal/guard';
import { checkRank4, type Kwargs, type LayerArgs, oneShape, oneTensor, type Shape } from './internal/layer-utils';
import { checkInteger, checkNumber, checkOptions, LAYER_ARG_KEYS } from './internal/validate';

/**
 * Options of {@link MinibatchStdDev}, plus the usual tfjs-layers `LayerArgs`.
 *
 * @example
 * const args: MinibatchStdDevArgs = { groupSize: 4, numChannels: 1 };
 * const layer = new MinibatchStdDev(args);
 */
export interface MinibatchStdDevArgs extends LayerArgs {
  /**
   * Samples per statistics group. Default `4` (ProGAN). A batch of `n` uses the largest
   * divisor of `n` not above `groupSize`, so any batch size works (a prime batch size
   * larger than the group uses groups of 1, whose deviation is 0).
   */
  groupSize?: number;
  /** Number of appended feature maps; the channels split into this many groups. Default `1`. */
  numChannels?: number;
  /** Added to the variance before the square root. Default `1e-8`. */
  epsilon?: number;
}

/** Largest divisor of `n` that is at most `limit`. */
function groupFor(n: number, limit: number): number {
  for (let g = Math.min(n, limit); g > 1; g--) if (n % g === 0) return g;
  return 1;
}

/**
 * Minibatch standard deviation of ProGAN / StyleGAN (Karras et al.): splits the batch
 * into groups, takes each feature's standard deviation over a group, averages it over
 * height, width and the channels of each of `numChannels` channel groups, and appends the
 * result as `numChannels` constant feature maps. NHWC `[n, h, w, c]` → `[n, h, w, c + numChannels]`.
 * Sample `i` of the batch belongs to group member `i mod (n / groupSize)`, as in ProGAN.
 * Placed near the end of a discriminator, it lets it see the diversity of a batch.
 *
 * @example
 * const layer = new MinibatchStdDev({ groupSize: 2 });
 * // Two samples of one pixel, values 1 and 3: deviation 1, appended to both.
 * layer.apply(tf.tensor4d([1, 3], [2, 1, 1, 1])); // [[[[1, 1]]], [[[3, 1]]]]
 */
export class MinibatchStdDev extends GanLayer {
  /** @nocollapse */
  static className = 'MinibatchStdDev';
  readonly groupSize: number;
  readonly numChannels: number;
  readonly epsilon: number;

  constructor(given?: MinibatchStdDevArgs) {
    const args = checkOptions('MinibatchStdDev', given, [...LAYER_ARG_KEYS, 'groupSize', 'numChannels', 'epsilon'], 'args');
    super(args);
    this.groupSize = checkInteger('MinibatchStdDev', 'args.groupSize', args.groupSize ?? 4, 1);
    this.numChannels = checkInteger('MinibatchStdDev', 'args.numChannels', args.numChannels ?? 1, 1);
    this.epsilon = checkNumber('MinibatchStdDev', 'args.epsilon', args.epsilon ?? 1e-8, 0, Number.POSITIVE_INFINITY);
  }

  private checkShape(shape: readonly (number | null)[]): void {
    checkRank4('MinibatchStdDev', shape);
    const channels = shape[3];
    if (channels == null || channels % this.numChannels !== 0) {
      throw new LayerInputError({
        functionName: 'MinibatchStdDev',
        argument: 'inputs',
        expected: `a channel count divisible by numChannels = ${this.numChannels}`,
        actual: `shape ${formatShape(shape)}`,
      });
    }
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape('MinibatchStdDev', inputShape);
    this.checkShape(shape);
    return [shape[0] ?? null, shape[1] ?? null, shape[2] ?? null, shape[3]! + this.numChannels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor4D {
    const x = oneTensor('MinibatchStdDev', inputs);
    this.checkShape(x.shape);
    return tf.tidy(() => {
      const [n, h, w, c] = x.shape as [number, number, number, number];
      const g = groupFor(n, this.groupSize);
      const m = n / g;
      const f = this.numChannels;
      const grouped = tf.reshape(x, [g, m * h * w * c]);
      const centered = tf.sub(grouped, tf.mean(grouped, 0, true));
      const std = tf.sqrt(tf.add(tf.mean(tf.square(centered), 0), this.epsilon));
      const perGroup = tf.mean(tf.reshape(std, [m, h * w, f, c / f]), [1, 3]);
      const maps = tf.tile(tf.reshape(perGroup, [m, 1, 1, f]), [g, h, w, 1]);
      return tf.concat([x, maps], 3) as tf.Tensor4D;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      groupSize: this.groupSize,
      numChannels: this.numChannels,
      epsilon: this.epsilon,
    };
  }
}
