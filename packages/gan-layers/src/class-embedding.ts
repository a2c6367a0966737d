import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LayerInputError } from './errors';
import { formatShape } from './internal/format';
import { GanLayer } from './internal/guard';
import { type Kwargs, type LayerArgs, oneShape, oneTensor, type Shape } from './internal/layer-utils';
import { checkInteger, checkOptions, checkSeed, checkWeights, LAYER_ARG_KEYS } from './internal/validate';

/**
 * Options of {@link ClassEmbedding}, plus the usual tfjs-layers `LayerArgs`.
 *
 * @example
 * const args: ClassEmbeddingArgs = { numClasses: 10, outputDim: 50, seed: 1 };
 * const layer = new ClassEmbedding(args);
 */
export interface ClassEmbeddingArgs extends LayerArgs {
  /** Number of classes; labels are integers in `[0, numClasses)`. Required. */
  numClasses: number;
  /** Length of each class vector. Required. */
  outputDim: number;
  /** Seed of the uniform(-0.05, 0.05) initializer (Keras's `Embedding` default). Default: unseeded. */
  seed?: number;
}

/**
 * A learned vector per class label: labels `[batch]` or `[batch, 1]` (int32, or float
 * holding integers) → `[batch, outputDim]`. Computed as `oneHot(labels) · table`, so its
 * gradient is a matrix product and it trains on every backend (tfjs's `Embedding` layer
 * needs `UnsortedSegmentSum`, which `wasm` lacks). Labels outside `[0, numClasses)` map
 * to a vector of zeros.
 *
 * @example
 * const embed = new ClassEmbedding({ numClasses: 10, outputDim: 4, seed: 1 });
 * embed.apply(tf.tensor1d([3, 7], 'int32')); // shape [2, 4]
 */
export class ClassEmbedding extends GanLayer {
  /** @nocollapse */
  static className = 'ClassEmbedding';
  readonly numClasses: number;
  readonly outputDim: number;
  readonly seed: number | undefined;
  private table: tfl.LayerVariable | null = null;

  constructor(given: ClassEmbeddingArgs) {
    const args = checkOptions('ClassEmbedding', given, [...LAYER_ARG_KEYS, 'numClasses', 'outputDim', 'seed'], 'args');
    super(args);
    this.numClasses = checkInteger('ClassEmbedding', 'args.numClasses', args.numClasses, 1);
    this.outputDim = checkInteger('ClassEmbedding', 'args.outputDim', args.outputDim, 1);
    checkWeights('ClassEmbedding', 'args', [{ what: 'ClassEmbedding table', shape: [this.numClasses, this.outputDim] }]);
    this.seed = checkSeed('ClassEmbedding', args.seed, 'args.seed');
  }

  private checkShape(shape: readonly (number | null)[]): void {
    if (!(shape.length === 1 || (shape.length === 2 && shape[1] === 1))) {
      throw new LayerInputError({
        functionName: 'ClassEmbedding',
        argument: 'inputs',
        expected: 'labels of shape [batch] or [batch, 1]',
        actual: `rank ${shape.length} ${formatShape(shape)}`,
      });
    }
  }

  override build(inputShape: Shape | Shape[]): void {
    this.checkShape(oneShape('ClassEmbedding', inputShape));
    this.table = this.addWeight(
      'embeddings',
      [this.numClasses, this.outputDim],
      'float32',
      tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = oneShape('ClassEmbedding', inputShape);
    this.checkShape(shape);
    return [shape[0] ?? null, this.outputDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor2D {
    const labels = oneTensor('ClassEmbedding', inputs);
    this.checkShape(labels.shape);
    return tf.tidy(() => {
      const flat = tf.cast(tf.reshape(labels, [-1]), 'int32') as tf.Tensor1D;
      const oneHot = tf.cast(tf.oneHot(flat, this.numClasses), 'float32');
      return tf.matMul(oneHot, this.table!.read()) as tf.Tensor2D;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numClasses: this.numClasses,
      outputDim: this.outputDim,
      seed: this.seed ?? null,
    };
  }
}
