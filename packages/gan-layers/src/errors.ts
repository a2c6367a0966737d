import { GanforgeError } from '@ganforge/internal';

/**
 * Base class of every error thrown by `@ganforge/gan-layers`, derived from the house
 * `GanforgeError`: `functionName`, `argument`, `expected`, `actual` and `cause`, and a message
 * `<function>: <argument> must be <expected>, got <actual>`. `isGanforgeError(error)` is true
 * for it across ganforge packages.
 *
 * @example
 * try {
 *   createDcganGenerator({ imageShape: [30, 30, 1], depth: 2 });
 * } catch (error) {
 *   if (error instanceof GanLayersError) console.log(error.functionName, error.argument); // 'createDcganGenerator' 'options.imageShape'
 * }
 */
export class GanLayersError extends GanforgeError {
  override name = 'GanLayersError';
}

/**
 * An unknown option key (with a did-you-mean), or an option value outside its domain: a zero
 * or fractional width, an unknown normalization or activation name, a wrapped layer type that
 * is not supported.
 *
 * @example
 * expect(() => createDcganGenerator({ widht: 32 })).toThrow(OptionError); // did you mean 'width'?
 */
export class OptionError extends GanLayersError {
  override name = 'OptionError';
}

/**
 * `null`, `undefined`, a non-tensor or a disposed tensor where a tensor goes (a layer's
 * `apply`, a model's `predict`).
 *
 * @example
 * expect(() => new PixelNorm().apply(null as never)).toThrow(TensorError);
 */
export class TensorError extends GanLayersError {
  override name = 'TensorError';
}

/**
 * A tensor of the wrong rank or shape, or shapes that disagree: a model's `predict` or `apply`
 * on inputs it does not accept (tfjs-layers' own shape errors are rethrown as this class, with
 * the original as `cause`), or an empty batch.
 *
 * @example
 * const generator = createDcganGenerator({ seed: 1 });
 * expect(() => generator.predict(tf.zeros([2, 99]))).toThrow(ShapeError); // latentDim is 100
 */
export class ShapeError extends GanLayersError {
  override name = 'ShapeError';
}

/**
 * A size past a documented limit, checked before anything is allocated: an image side above
 * `LIMITS.imageSide` (16,384), a weight tensor above `LIMITS.tensorElements` (2^31 - 1
 * elements), or a built model above 2^28 weights (1 GiB of float32).
 *
 * @example
 * expect(() => createDcganGenerator({ width: 1e6 })).toThrow(LimitError);
 */
export class LimitError extends GanLayersError {
  override name = 'LimitError';
}

/**
 * The requested image shape cannot be produced (generator) or reduced (discriminator) by the
 * stride-2 path: each spatial side must be a multiple of `2 ** depth`. A kind of {@link ShapeError}.
 *
 * @example
 * expect(() => createDcganGenerator({ imageShape: [30, 30, 1], depth: 2 })).toThrow(ImageShapeError);
 */
export class ImageShapeError extends ShapeError {
  override name = 'ImageShapeError';
}

/**
 * A layer of this package received an input of the wrong rank or size, e.g. a
 * `SubPixelUpsampling` input whose channel count is not a multiple of `blockSize²`. A kind of
 * {@link ShapeError}.
 *
 * @example
 * expect(() => new SubPixelUpsampling({ blockSize: 2 }).apply(tf.zeros([1, 2, 2, 3]))).toThrow(LayerInputError);
 */
export class LayerInputError extends ShapeError {
  override name = 'LayerInputError';
}
