import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { LayerInputError } from '../errors';
import { formatShape } from './format';

/** The constructor argument of `tf.layers.Layer` (name, trainable, inputShape, ...). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;

/** A tfjs-layers shape: dimensions, `null` for unknown ones. */
export type Shape = tfl.Shape;

/** Keyword arguments tfjs-layers passes to `call` (e.g. `training`). */
export type Kwargs = Record<string, unknown>;

/** The single tensor of a layer input (tfjs-layers may pass a one-element array). */
export function oneTensor(where: string, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (!Array.isArray(inputs)) return inputs;
  if (inputs.length !== 1) {
    throw new LayerInputError({ functionName: where, argument: 'inputs', expected: 'one tensor', actual: `${inputs.length} tensors` });
  }
  return inputs[0]!;
}

/** The single shape of a layer input shape (tfjs-layers may pass a one-element array). */
export function oneShape(where: string, inputShape: Shape | Shape[]): Shape {
  if (inputShape.length > 0 && Array.isArray(inputShape[0])) {
    const shapes = inputShape as Shape[];
    if (shapes.length !== 1) {
      throw new LayerInputError({ functionName: where, argument: 'inputs', expected: 'one tensor', actual: `${shapes.length} tensors` });
    }
    return shapes[0]!;
  }
  return inputShape as Shape;
}

/** Throws `LayerInputError` unless `shape` has rank 4 (NHWC). */
export function checkRank4(where: string, shape: readonly (number | null)[]): void {
  if (shape.length !== 4) {
    throw new LayerInputError({
      functionName: where,
      argument: 'inputs',
      expected: 'rank 4 [batch, height, width, channels]',
      actual: `rank ${shape.length} ${formatShape(shape)}`,
    });
  }
}
