import * as tf from '@tensorflow/tfjs-core';
import type { Matrix } from './matrix';

/** Entries of one Gram block read back at a time (16 MB of float32). */
const BLOCK_ENTRIES = 4_000_000;

/** `m` as a float32 `[rows, cols]` tensor (the caller disposes it). */
export function toTensor(m: Matrix): tf.Tensor2D {
  return tf.tensor2d(m.data instanceof Float32Array ? m.data : Float32Array.from(m.data), [m.rows, m.cols], 'float32');
}

/**
 * `mᵀ` as a float32 `[cols, rows]` tensor, transposed in JavaScript: tfjs's
 * wasm `BatchMatMul` is an order of magnitude slower with `transposeB`.
 */
export function toTransposedTensor(m: Matrix): tf.Tensor2D {
  const out = new Float32Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) {
    const row = r * m.cols;
    for (let c = 0; c < m.cols; c++) out[c * m.rows + r] = m.data[row + c]!;
  }
  return tf.tensor2d(out, [m.cols, m.rows], 'float32');
}

/**
 * Calls `onBlock(rowStart, rowCount, gram)` for blocks of rows of `a·bᵀ`
 * computed by the active tfjs backend in float32 (`gram` is row-major
 * `rowCount × b.rows`). The heavy products run on the backend (XNNPACK on
 * wasm, the GPU on webgl/webgpu); callers refine near-ties in float64.
 */
export async function forEachGramBlock(a: Matrix, b: Matrix, onBlock: (rowStart: number, rowCount: number, gram: Float32Array) => void): Promise<void> {
  const rowsPerBlock = Math.max(1, Math.floor(BLOCK_ENTRIES / Math.max(b.rows, 1)));
  const bTransposed = toTransposedTensor(b);
  const a32 = a.data instanceof Float32Array ? a.data : Float32Array.from(a.data);
  try {
    for (let start = 0; start < a.rows; start += rowsPerBlock) {
      const count = Math.min(rowsPerBlock, a.rows - start);
      const block = tf.tidy(() => {
        const rows = tf.tensor2d(a32.subarray(start * a.cols, (start + count) * a.cols), [count, a.cols], 'float32');
        return tf.matMul(rows, bTransposed);
      });
      try {
        onBlock(start, count, (await block.data()) as Float32Array);
      } finally {
        block.dispose();
      }
    }
  } finally {
    bTransposed.dispose();
  }
}

/** Squared norms of the rows, float64. */
export function squaredNorms(m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) {
    let sum = 0;
    const row = r * m.cols;
    for (let j = 0; j < m.cols; j++) sum += m.data[row + j]! ** 2;
    out[r] = sum;
  }
  return out;
}

/** Exact float64 squared Euclidean distance between row `i` of `a` and row `j` of `b`. */
export function exactSquaredDistance(a: Matrix, i: number, b: Matrix, j: number): number {
  let sum = 0;
  const ra = i * a.cols;
  const rb = j * b.cols;
  for (let k = 0; k < a.cols; k++) {
    const diff = a.data[ra + k]! - b.data[rb + k]!;
    sum += diff * diff;
  }
  return sum;
}

/**
 * Bound on the error of a squared distance `‖a‖² + ‖b‖² − 2 a·b` whose dot
 * product came from a float32 Gram block, relative to `‖a‖² + ‖b‖²`
 * (4·D·2⁻²⁴, at least 1e-5): comparisons closer than this are redone in float64.
 */
export function gramTolerance(cols: number): number {
  return Math.max(1e-5, (4 * cols) / 2 ** 24);
}
