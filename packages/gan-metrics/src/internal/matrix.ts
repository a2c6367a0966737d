import { checkTensor, describe, isTensorLike } from '@ganforge/internal';
import type * as tf from '@tensorflow/tfjs-core';
import { DtypeError, ShapeError, TensorError, ValueError } from '../errors';

/**
 * Features (or class probabilities) as plain numbers: `data` holds `shape[0]`
 * rows of `shape[1]` values, row-major. Float64 data keeps float64 precision
 * through every statistic.
 */
export interface FeatureMatrix {
  data: Float32Array | Float64Array;
  shape: readonly [number, number];
}

/** A `[N, D]` tensor or a {@link FeatureMatrix}. */
export type FeatureInput = tf.Tensor2D | FeatureMatrix;

/** A checked matrix, read into JavaScript. */
export interface Matrix {
  data: Float32Array | Float64Array;
  rows: number;
  cols: number;
}

function checkShape(fn: string, argument: string, value: unknown): void {
  if (value === null || typeof value !== 'object') {
    throw new TensorError({ functionName: fn, argument, expected: 'a [N, D] tf.Tensor2D or { data: Float32Array | Float64Array, shape: [N, D] }', actual: describe(value) });
  }
}

/** Checks a feature input without reading tensor data (rank, dtype, disposal). */
export function checkFeatureInput(fn: string, argument: string, value: unknown, minRows = 1): void {
  checkShape(fn, argument, value);
  if (isTensorLike(value)) {
    const tensor = checkTensor<tf.Tensor>(fn, argument, value, TensorError);
    if (tensor.rank !== 2) throw new ShapeError({ functionName: fn, argument, expected: 'rank 2 [N, D]', actual: `rank ${tensor.rank} [${tensor.shape.join(', ')}]` });
    if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') throw new DtypeError({ functionName: fn, argument, expected: 'of dtype float32 or int32', actual: tensor.dtype });
    checkRows(fn, argument, tensor.shape[0]!, tensor.shape[1]!, minRows);
    return;
  }
  const matrix = value as Partial<FeatureMatrix>;
  if (!(matrix.data instanceof Float32Array || matrix.data instanceof Float64Array)) {
    throw new TensorError({ functionName: fn, argument, expected: 'a [N, D] tf.Tensor2D or { data: Float32Array | Float64Array, shape: [N, D] }', actual: describe(value) });
  }
  const shape = matrix.shape;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new ShapeError({ functionName: fn, argument: `${argument}.shape`, expected: 'two non-negative integers [N, D]', actual: describe(shape) });
  }
  if (shape[0]! * shape[1]! !== matrix.data.length) {
    throw new ShapeError({ functionName: fn, argument: `${argument}.data`, expected: `${shape[0]! * shape[1]!} values (shape [${shape.join(', ')}])`, actual: `${matrix.data.length} values` });
  }
  checkRows(fn, argument, shape[0]!, shape[1]!, minRows);
}

function checkRows(fn: string, argument: string, rows: number, cols: number, minRows: number): void {
  if (rows < minRows) throw new ShapeError({ functionName: fn, argument, expected: `at least ${minRows} row${minRows === 1 ? '' : 's'}`, actual: `shape [${rows}, ${cols}]` });
  if (cols < 1) throw new ShapeError({ functionName: fn, argument, expected: 'at least 1 column', actual: `shape [${rows}, ${cols}]` });
}

/** Checks `value` and reads it (tensors with `dataSync`, which never copies matrices). */
export function readMatrixSync(fn: string, argument: string, value: unknown, minRows = 1): Matrix {
  checkFeatureInput(fn, argument, value, minRows);
  if (isTensorLike(value)) {
    const tensor = value as tf.Tensor2D;
    const data = tensor.dataSync();
    return checkFinite(fn, argument, { data: data instanceof Float32Array ? data : Float32Array.from(data), rows: tensor.shape[0], cols: tensor.shape[1] });
  }
  const matrix = value as FeatureMatrix;
  return checkFinite(fn, argument, { data: matrix.data, rows: matrix.shape[0], cols: matrix.shape[1] });
}

/** Checks `value` and reads it (tensors with `await data()`). */
export async function readMatrix(fn: string, argument: string, value: unknown, minRows = 1): Promise<Matrix> {
  checkFeatureInput(fn, argument, value, minRows);
  if (isTensorLike(value)) {
    const tensor = value as tf.Tensor2D;
    const data = await tensor.data();
    return checkFinite(fn, argument, { data: data instanceof Float32Array ? data : Float32Array.from(data), rows: tensor.shape[0], cols: tensor.shape[1] });
  }
  const matrix = value as FeatureMatrix;
  return checkFinite(fn, argument, { data: matrix.data, rows: matrix.shape[0], cols: matrix.shape[1] });
}

function checkFinite(fn: string, argument: string, matrix: Matrix): Matrix {
  const { data, cols } = matrix;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) {
      throw new ValueError({ functionName: fn, argument, expected: 'finite numbers', actual: `${describe(v)} at row ${Math.floor(i / cols)}, column ${i % cols}` });
    }
  }
  return matrix;
}

/** The rows `indices` of `m`, as a new matrix of the same precision. */
export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = m.data instanceof Float64Array ? new Float64Array(indices.length * m.cols) : new Float32Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) out.set(m.data.subarray(indices[i]! * m.cols, (indices[i]! + 1) * m.cols), i * m.cols);
  return { data: out, rows: indices.length, cols: m.cols };
}

export function sameColumns(fn: string, a: Matrix, b: Matrix, argumentA: string, argumentB: string): void {
  if (a.cols !== b.cols) {
    throw new ShapeError({ functionName: fn, argument: argumentB, expected: `${a.cols} columns, as ${argumentA}`, actual: `shape [${b.rows}, ${b.cols}]` });
  }
}
