/**
 * Typed errors at the tfjs-layers entry points: a layer's `apply`, a model's `predict`,
 * `predictOnBatch` and `apply`. Null, non-tensor and disposed inputs become `TensorError`,
 * an empty batch given to `predict` a `ShapeError`, and tfjs-layers' own (untyped) errors,
 * such as its `ValueError` on an input of the wrong shape, a `ShapeError` naming the call,
 * with the original error as `cause`.
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, isTensorLike, wrapErrors } from '@ganforge/internal';
import { ShapeError, TensorError } from '../errors';
import type { Kwargs } from './layer-utils';

type LayerInputs = tf.Tensor | tf.Tensor[] | tfl.SymbolicTensor | tfl.SymbolicTensor[];

/** Throws `TensorError` unless `inputs` is a (symbolic or live) tensor or a non-empty array of them. */
export function checkInputs(where: string, argument: string, inputs: unknown, allowSymbolic: boolean): void {
  const items = Array.isArray(inputs) ? inputs : [inputs];
  if (items.length === 0) {
    throw new TensorError({ functionName: where, argument, expected: 'a tf.Tensor or a non-empty array of them', actual: 'an empty array' });
  }
  items.forEach((item, i) => {
    const name = Array.isArray(inputs) ? `${argument}[${i}]` : argument;
    if (allowSymbolic && item instanceof tfl.SymbolicTensor) return;
    // Duck-typed, as the house checkTensor: tensors of another copy of tfjs-core pass.
    if (!isTensorLike(item)) {
      throw new TensorError({ functionName: where, argument: name, expected: 'a tf.Tensor', actual: describe(item) });
    }
    if (item.isDisposed) {
      throw new TensorError({ functionName: where, argument: name, expected: 'a tf.Tensor that is not disposed', actual: describe(item) });
    }
  });
}

/** Throws `ShapeError` when a concrete input has an empty batch (tfjs-layers' `predict` fails on it obscurely). */
function checkBatch(where: string, argument: string, inputs: unknown): void {
  const items = Array.isArray(inputs) ? inputs : [inputs];
  items.forEach((item, i) => {
    if (isTensorLike(item) && item.shape.length > 0 && item.shape[0] === 0) {
      const name = Array.isArray(inputs) ? `${argument}[${i}]` : argument;
      throw new ShapeError({ functionName: where, argument: name, expected: 'a batch of at least 1 sample', actual: describe(item) });
    }
  });
}

/**
 * Base of this package's layers: `apply` rejects null, non-tensor and disposed inputs with
 * `TensorError` and rethrows tfjs-layers' own errors as `ShapeError` naming `<Class>.apply`.
 */
export abstract class GanLayer extends tfl.layers.Layer {
  override apply(inputs: LayerInputs, kwargs?: Kwargs): tf.Tensor | tf.Tensor[] | tfl.SymbolicTensor | tfl.SymbolicTensor[] {
    const where = `${this.getClassName()}.apply`;
    checkInputs(where, 'inputs', inputs, true);
    return wrapErrors(where, 'inputs', () => super.apply(inputs, kwargs), ShapeError);
  }
}

/**
 * Puts typed errors on a model's `predict`, `predictOnBatch` and `apply` (patched on this
 * instance; the class, its config and saved form are unchanged). The calls are named
 * `<model name>.predict` and so on.
 */
export function guardModel<M extends tfl.LayersModel>(model: M): M {
  const label = model.name.replace(/\W/g, '_');
  const predict = model.predict.bind(model);
  const predictOnBatch = model.predictOnBatch.bind(model);
  const apply = model.apply.bind(model);
  model.predict = (x, args) => {
    const where = `${label}.predict`;
    checkInputs(where, 'x', x, false);
    checkBatch(where, 'x', x);
    return wrapErrors(where, 'x', () => predict(x, args), ShapeError);
  };
  model.predictOnBatch = (x) => {
    const where = `${label}.predictOnBatch`;
    checkInputs(where, 'x', x, false);
    checkBatch(where, 'x', x);
    return wrapErrors(where, 'x', () => predictOnBatch(x), ShapeError);
  };
  model.apply = ((inputs: LayerInputs, kwargs?: Kwargs) => {
    const where = `${label}.apply`;
    checkInputs(where, 'inputs', inputs, true);
    return wrapErrors(where, 'inputs', () => apply(inputs, kwargs), ShapeError);
  }) as M['apply'];
  return model;
}
