import * as tf from '@tensorflow/tfjs-core';
import { GanLayer } from './internal/guard';
import { type Kwargs, type LayerArgs, oneTensor, type Shape } from './internal/layer-utils';
import { checkNumber, checkOptions, LAYER_ARG_KEYS } from './internal/validate';

/**
 * Options of {@link PixelNorm}, plus the usual tfjs-layers `LayerArgs` (`name`, `inputShape`, ...).
 *
 * @example
 * const args: PixelNormArgs = { epsilon: 1e-6, name: 'pixel_norm' };
 * const layer = new PixelNorm(args);
 */
export interface PixelNormArgs extends LayerArgs {
  /** Added to the mean square before the square root. Default `1e-8` (ProGAN). */
  epsilon?: number;
}

/**
 * Pixelwise feature normalization of ProGAN (Karras et al. 2018): each feature vector
 * (the last axis) is divided by its root mean square, `x / sqrt(mean(x², -1) + epsilon)`.
 * Works on any rank; no weights. Shape in = shape out.
 *
 * @example
 * const layer = new PixelNorm();
 * layer.apply(tf.tensor4d([3, 4], [1, 1, 1, 2])); // [[[[0.8485, 1.1314]]]]: divided by sqrt(12.5)
 */
export class PixelNorm extends GanLayer {
  /** @nocollapse */
  static className = 'PixelNorm';
  readonly epsilon: number;

  constructor(given?: PixelNormArgs) {
    const args = checkOptions('PixelNorm', given, [...LAYER_ARG_KEYS, 'epsilon'], 'args');
    super(args);
    this.epsilon = checkNumber('PixelNorm', 'args.epsilon', args.epsilon ?? 1e-8, 0, Number.POSITIVE_INFINITY);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = oneTensor('PixelNorm', inputs);
      return tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), this.epsilon)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
