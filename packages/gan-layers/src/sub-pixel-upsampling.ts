import * as tf from '@tensorflow/tfjs-core';
import { LayerInputError } from './errors';
import { formatShape } from './internal/format';
import { GanLayer } from './internal/guard';
import { checkRank4, type Kwargs, type LayerArgs, oneShape, oneTensor, type Shape } from './internal/layer-utils';
import { checkCount, checkOptions, LAYER_ARG_KEYS } from './internal/validate';
import { LIMITS } from '@ganforge/internal';

/**
 * Options of {@link SubPixelUpsampling}, plus the usual tfjs-layers `LayerArgs`.
 *
 * @example
 * const args: SubPixelUpsamplingArgs = { blockSize: 4 };
 * const layer = new SubPixelUpsampling(args);
 */
export interface SubPixelUpsamplingArgs extends LayerArgs {
  /** Upsampling factor `r` of both spatial sides. Default `2`. */
  blockSize?: number;
}

/**
 * Sub-pixel upsampling (depth to space, Shi et al. 2016): NHWC `[n, h, w, c·r²]` →
 * `[n, h·r, w·r, c]` with TensorFlow's `depth_to_space` order (DCR):
 * `out[b, h·r + i, w·r + j, k] = in[b, h, w, (i·r + j)·c + k]`.
 *
 * Built from reshape and a rank-4 transpose, so it has gradients on every backend (tfjs's
 * `depthToSpace` has none). Follow a convolution with `c·r²` filters to learn an upsampling
 * free of the checkerboard artifacts of strided transposed convolutions.
 *
 * @example
 * const up = new SubPixelUpsampling({ blockSize: 2 });
 * up.apply(tf.tensor4d([1, 2, 3, 4], [1, 1, 1, 4])); // [[[[1], [2]], [[3], [4]]]], shape [1, 2, 2, 1]
 */
export class SubPixelUpsampling extends GanLayer {
  /** @nocollapse */
  static className = 'SubPixelUpsampling';
  readonly blockSize: number;

  constructor(given?: SubPixelUpsamplingArgs) {
    const args = checkOptions('SubPixelUpsampling', given, [...LAYER_ARG_KEYS, 'blockSize'], 'args');
    super(args);
    this.blockSize = checkCount('SubPixelUpsampling', 'args.blockSize', args.blockSize ?? 2, LIMITS.imageSide);
  }

  private checkShape(shape: readonly (number | null)[]): void {
    checkRank4('SubPixelUpsampling', shape);
    const channels = shape[3];
    const r2 = this.blockSize * this.blockSize;
    if (channels == null || channels % r2 !== 0) {
      throw new LayerInputError({
        functionName: 'SubPixelUpsampling',
        argument: 'inputs',
        expected: `a channel count divisible by blockSize² = ${r2}`,
        actual: `shape ${formatShape(shape)}`,
      });
    }
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape('SubPixelUpsampling', inputShape);
    this.checkShape(shape);
    const r = this.blockSize;
    const [n, h, w, c] = shape;
    return [n ?? null, h == null ? null : h * r, w == null ? null : w * r, c! / (r * r)];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor4D {
    const x = oneTensor('SubPixelUpsampling', inputs);
    this.checkShape(x.shape);
    return tf.tidy(() => {
      const [n, h, w, c] = x.shape as [number, number, number, number];
      const r = this.blockSize;
      const out = c / (r * r);
      const grouped = tf.reshape(x, [n * h, w, r, r * out]);
      return tf.reshape(tf.transpose(grouped, [0, 2, 1, 3]), [n, h * r, w * r, out]) as tf.Tensor4D;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), blockSize: this.blockSize };
  }
}
