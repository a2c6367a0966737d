import type { FeatureSet } from './extract';
import { fitPca, project, rankNeighbours } from './neighbours';

/** The k nearest other eligible images of every eligible image, by thumbnail distance. */
export interface NeighbourLists {
  /** Global index of each eligible image (a row). */
  rows: Int32Array;
  /** rows × k global indices of the neighbours, nearest first, −1 padded. */
  neighbours: Int32Array;
  /** rows × k thumbnail distances, NaN padded. */
  distances: Float32Array;
  k: number;
}

/**
 * Leave-one-out neighbours on the thumbnails: PCA embedding (`embeddingSize` dimensions), 2k + 1
 * candidates per image by one matMul + topk per block, re-ranked by exact thumbnail distance
 * (the same search `audit` runs for outliers and label issues).
 */
export async function neighbourLists(f: FeatureSet, k: number, embeddingSize: number, batchSize: number): Promise<NeighbourLists> {
  const rows = Int32Array.from(Array.from(f.eligible).flatMap((e, i) => (e ? [i] : [])));
  const n = rows.length;
  const kk = Math.min(k, Math.max(n - 1, 0));
  const neighbours = new Int32Array(n * kk).fill(-1);
  const distances = new Float32Array(n * kk).fill(Number.NaN);
  if (n < 2) return { rows, neighbours, distances, k: kk };
  const pca = await fitPca(f.thumbs, rows, embeddingSize);
  const embedding = await project(f.thumbs, rows, pca, batchSize);
  const ranked = await rankNeighbours(f.thumbs, rows, embedding, pca.size, kk);
  return { rows, neighbours: ranked.neighbours, distances: ranked.distances, k: kk };
}

/** How neighbours' votes are weighed: equally, by 1 / rank, or by a Gaussian of the distance. */
export type NeighbourWeighting = 'uniform' | 'rank' | 'gaussian';

/**
 * Leave-one-out k-nearest-neighbour class probabilities: each neighbour votes for its class with
 * weight exp(−d² / h²), where h² is the median over images of the squared distance to the k-th
 * neighbour (a bandwidth that follows the set's own scale); `smoothing` is spread evenly over the
 * classes before normalising (so no probability is exactly 0). An image never votes for itself,
 * so the probabilities are out of sample. Rows of images with no neighbours (not in `lists.rows`)
 * are uniform.
 *
 * @returns size × numClasses probabilities, row-major.
 */
export function neighbourVoteProbabilities(
  lists: NeighbourLists,
  classOf: Int32Array,
  numClasses: number,
  size: number,
  smoothing: number,
  weighting: NeighbourWeighting = 'gaussian',
): Float64Array {
  const { rows, neighbours, distances, k } = lists;
  const out = new Float64Array(size * numClasses).fill(1 / numClasses);
  const last: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const d = distances[r * k + k - 1]!;
    if (Number.isFinite(d)) last.push(d * d);
  }
  last.sort((a, b) => a - b);
  const h2 = last.length ? Math.max(last[last.length >> 1]!, 1e-12) : 1;
  const row = new Float64Array(numClasses);
  for (let r = 0; r < rows.length; r++) {
    row.fill(smoothing / numClasses);
    for (let c = 0; c < k; c++) {
      const j = neighbours[r * k + c]!;
      if (j < 0 || classOf[j]! < 0) continue;
      const d = distances[r * k + c]!;
      row[classOf[j]!]! += weighting === 'uniform' ? 1 : weighting === 'rank' ? 1 / (c + 1) : Math.exp(-(d * d) / h2);
    }
    let sum = 0;
    for (let c = 0; c < numClasses; c++) sum += row[c]!;
    const i = rows[r]!;
    for (let c = 0; c < numClasses; c++) out[i * numClasses + c] = row[c]! / sum;
  }
  return out;
}
