import * as tf from '@tensorflow/tfjs-core';
import { leadingEigen } from './eigen';
import { THUMB_SIZE } from './features';

/** A PCA of thumbnails: mean, the top `size` components (THUMB_SIZE × size, row-major) and their variances. */
export interface Pca {
  size: number;
  mean: Float32Array;
  components: Float32Array;
  variances: Float64Array;
}

/**
 * Fits a PCA to the thumbnails `rows` of `thumbs` (at most `sample` of them,
 * evenly spaced): covariance as one matMul, eigenvectors by Jacobi rotations.
 */
export async function fitPca(thumbs: Float32Array, rows: Int32Array, size: number, sample = 20000): Promise<Pca> {
  const n = THUMB_SIZE;
  const k = Math.min(size, n);
  const count = Math.min(rows.length, sample);
  const block = new Float32Array(count * n);
  for (let i = 0; i < count; i++) {
    const r = rows[Math.floor((i * rows.length) / count)]!;
    block.set(thumbs.subarray(r * n, (r + 1) * n), i * n);
  }
  const mean = new Float64Array(n);
  for (let i = 0; i < count; i++) for (let j = 0; j < n; j++) mean[j]! += block[i * n + j]! / count;
  const gramTensor = tf.tidy(() => {
    const x = tf.tensor2d(block, [count, n]);
    return tf.matMul(tf.transpose(x), x);
  });
  const gram = await gramTensor.data();
  gramTensor.dispose();
  const covariance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) covariance[i * n + j] = gram[i * n + j]! / Math.max(count, 1) - mean[i]! * mean[j]!;
  }
  const { values, vectors } = leadingEigen(covariance, n, k);
  const components = Float32Array.from(vectors);
  return {
    size: k,
    mean: Float32Array.from(mean),
    components,
    variances: Float64Array.from(values.subarray(0, k), (v) => Math.max(v, 1e-9)),
  };
}

/** Projects the thumbnails `rows` of `thumbs` onto the PCA, in batches of tensor ops: rows.length × pca.size. */
export async function project(thumbs: Float32Array, rows: Int32Array, pca: Pca, batchSize: number): Promise<Float32Array> {
  const out = new Float32Array(rows.length * pca.size);
  const mean = tf.tensor2d(pca.mean, [1, THUMB_SIZE]);
  const components = tf.tensor2d(pca.components, [THUMB_SIZE, pca.size]);
  try {
    for (let start = 0; start < rows.length; start += batchSize) {
      const count = Math.min(batchSize, rows.length - start);
      const block = new Float32Array(count * THUMB_SIZE);
      for (let i = 0; i < count; i++) {
        const r = rows[start + i]!;
        block.set(thumbs.subarray(r * THUMB_SIZE, (r + 1) * THUMB_SIZE), i * THUMB_SIZE);
      }
      const projected = tf.tidy(() => tf.matMul(tf.sub(tf.tensor2d(block, [count, THUMB_SIZE]), mean), components));
      try {
        out.set(await projected.data(), start * pca.size);
      } finally {
        projected.dispose();
      }
    }
  } finally {
    tf.dispose([mean, components]);
  }
  return out;
}

/**
 * For each query row, the `m` base rows nearest in Euclidean distance, nearest
 * first: queries × m indices into the base. Ranks by ‖b‖² − 2 q·b (the query's
 * own ‖q‖² does not change the order), computed as one matMul of [q, 1] with
 * [−2b; ‖b‖²] per block of queries, then `topk`. Blocks hold at most 2²²
 * scores, so memory stays bounded for any base size.
 */
export async function nearest(query: Float32Array, base: Float32Array, dims: number, m: number): Promise<Int32Array> {
  const nq = query.length / dims;
  const nb = base.length / dims;
  const k = Math.min(m, nb);
  const out = new Int32Array(nq * k);
  if (nq === 0 || k === 0) return out;
  const wide = dims + 1;
  const baseValues = new Float32Array(wide * nb);
  for (let j = 0; j < nb; j++) {
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const v = base[j * dims + d]!;
      baseValues[d * nb + j] = -2 * v;
      norm += v * v;
    }
    baseValues[dims * nb + j] = norm;
  }
  const baseT = tf.tensor2d(baseValues, [wide, nb]);
  const block = Math.max(16, Math.min(1024, Math.floor(2 ** 22 / nb)));
  try {
    for (let start = 0; start < nq; start += block) {
      const count = Math.min(block, nq - start);
      const queryValues = new Float32Array(count * wide);
      for (let i = 0; i < count; i++) {
        queryValues.set(query.subarray((start + i) * dims, (start + i + 1) * dims), i * wide);
        queryValues[i * wide + dims] = 1;
      }
      const indices = tf.tidy(() => {
        const scores = tf.matMul(tf.tensor2d(queryValues, [count, wide]), baseT);
        return tf.topk(tf.neg(scores), k).indices;
      });
      try {
        out.set(await indices.data(), start * k);
      } finally {
        indices.dispose();
      }
    }
  } finally {
    baseT.dispose();
  }
  return out;
}

/** Distance between two unit thumbnails: ‖a − b‖ = √(2 − 2 a·b), in [0, 2]. */
/**
 * The k nearest other rows of every row: 2k + 1 candidates per row from the embedding (one matMul
 * + topk per block), re-ranked by exact thumbnail distance (ties by index). `onPair` sees every
 * candidate pair with its distance (audit collects near duplicates from it).
 *
 * @returns rows × k global indices (−1 padded) and distances (NaN padded), nearest first.
 */
export async function rankNeighbours(
  thumbs: Float32Array,
  rows: Int32Array,
  embedding: Float32Array,
  dims: number,
  k: number,
  onPair?: (i: number, j: number, distance: number) => void,
): Promise<{ neighbours: Int32Array; distances: Float32Array }> {
  const n = rows.length;
  const neighbours = new Int32Array(n * k).fill(-1);
  const distances = new Float32Array(n * k).fill(Number.NaN);
  const m = Math.min(n, 2 * k + 1);
  const candidates = await nearest(embedding, embedding, dims, m);
  const order: { j: number; distance: number }[] = [];
  for (let r = 0; r < n; r++) {
    order.length = 0;
    const i = rows[r]!;
    for (let c = 0; c < m; c++) {
      const s = candidates[r * m + c]!;
      if (s === r) continue;
      const j = rows[s]!;
      const distance = thumbDistance(thumbs, i, thumbs, j);
      order.push({ j, distance });
      onPair?.(i, j, distance);
    }
    order.sort((x, y) => x.distance - y.distance || x.j - y.j);
    for (let c = 0; c < Math.min(k, order.length); c++) {
      neighbours[r * k + c] = order[c]!.j;
      distances[r * k + c] = order[c]!.distance;
    }
  }
  return { neighbours, distances };
}

export function thumbDistance(a: Float32Array, i: number, b: Float32Array, j: number): number {
  let dot = 0;
  const oa = i * THUMB_SIZE;
  const ob = j * THUMB_SIZE;
  for (let t = 0; t < THUMB_SIZE; t++) dot += a[oa + t]! * b[ob + t]!;
  return Math.sqrt(Math.max(0, 2 - 2 * dot));
}

/** Median of the finite values, or NaN. */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).filter((v) => Number.isFinite(v)).sort();
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Robust z-scores (x − median) / (1.4826 · MAD) of the finite values (NaN stays NaN). */
export function robustZ(values: Float64Array): Float64Array {
  const m = median(values);
  const deviations = values.map((v) => Math.abs(v - m));
  const mad = median(deviations);
  let scale = 1.4826 * mad;
  if (!(scale > 0)) {
    // More than half the values are equal: fall back to the mean absolute deviation.
    const finite = deviations.filter((v) => Number.isFinite(v));
    scale = (1.2533 * finite.reduce((a, b) => a + b, 0)) / Math.max(finite.length, 1);
  }
  if (!(scale > 0)) scale = 1e-12;
  return values.map((v) => (v - m) / scale);
}
