import { checkTensor, describe, isTensorLike } from '@ganforge/internal';
import type * as tf from '@tensorflow/tfjs-core';
import { DtypeError, OptionError, ShapeError, TensorError, ValueError } from '../errors';

/** Requested classes, one per sample: an array (or typed array) or an int32 `[N]` / `[N, 1]` tensor. */
export type LabelsInput = ArrayLike<number> | tf.Tensor1D | tf.Tensor2D;

const EXPECTED = 'an array of class indices or an int32 tf.Tensor1D ([N] or [N, 1]), one requested class per sample';

/**
 * Reads labels into an `Int32Array` (tensors with `await data()`), checking
 * the container and that every value is an integer ≥ 0. The length and the
 * upper bound are checked by {@link checkLabels} once N and C are known.
 */
export async function readLabels(fn: string, argument: string, value: unknown): Promise<Int32Array> {
  let raw: ArrayLike<number>;
  if (isTensorLike(value)) {
    const tensor = checkTensor<tf.Tensor>(fn, argument, value, TensorError);
    if (!(tensor.rank === 1 || (tensor.rank === 2 && tensor.shape[1] === 1))) {
      throw new ShapeError({ functionName: fn, argument, expected: 'rank 1 [N] or [N, 1], one requested class per sample', actual: `rank ${tensor.rank} [${tensor.shape.join(', ')}]` });
    }
    if (tensor.dtype !== 'int32' && tensor.dtype !== 'float32') throw new DtypeError({ functionName: fn, argument, expected: 'of dtype int32 (or float32 holding integers)', actual: tensor.dtype });
    raw = (await tensor.data()) as ArrayLike<number>;
  } else if (value !== null && typeof value === 'object' && typeof (value as ArrayLike<number>).length === 'number') {
    raw = value as ArrayLike<number>;
  } else {
    throw new OptionError({ functionName: fn, argument, expected: EXPECTED, actual: describe(value) });
  }
  const labels = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
      throw new ValueError({ functionName: fn, argument: `${argument}[${i}]`, expected: 'a class index (an integer >= 0)', actual: describe(v) });
    }
    labels[i] = v;
  }
  return labels;
}

/** Checks that there is one label per sample (`ShapeError`) and each is below `classes` (`ValueError`). */
export function checkLabels(fn: string, argument: string, labels: Int32Array, count: number, classes: number, what = 'sample'): void {
  if (labels.length !== count) {
    throw new ShapeError({ functionName: fn, argument, expected: `one requested class per ${what} (${count})`, actual: `${labels.length} label${labels.length === 1 ? '' : 's'}` });
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! >= classes) throw new ValueError({ functionName: fn, argument: `${argument}[${i}]`, expected: `a class index in [0, ${classes - 1}] (the classifier has ${classes} classes)`, actual: `${labels[i]}` });
  }
}
