import { exactSquaredDistance, forEachGramBlock, gramTolerance, squaredNorms } from './gram';
import type { Matrix } from './matrix';

/**
 * Exact squared distances from each row of `m` to its `k`-th nearest row, for
 * each `k` in `ks`, counting the row itself as the nearest (distance 0), as the
 * reference implementations do (`get_kth_value(distances, k + 1)`). The Gram
 * products run in float32 on the backend; the `max(ks) + 1` nearest candidates
 * of each row (and any within the float32 error of them) are re-measured in float64.
 */
export async function kthNeighbourSquaredRadii(m: Matrix, ks: readonly number[]): Promise<Float64Array[]> {
  const kMax = Math.max(...ks) + 1;
  const norms = squaredNorms(m);
  let maxNorm = 0;
  for (const v of norms) maxNorm = Math.max(maxNorm, v);
  const tolerance = gramTolerance(m.cols);
  const radii = ks.map(() => new Float64Array(m.rows));
  const best = new Float64Array(kMax);
  await forEachGramBlock(m, m, (start, count, gram) => {
    const n = m.rows;
    for (let r = 0; r < count; r++) {
      const i = start + r;
      const row = r * n;
      const ni = norms[i]!;
      // The kMax smallest approximate squared distances (self exactly 0).
      best.fill(Number.POSITIVE_INFINITY);
      for (let j = 0; j < n; j++) {
        const d = j === i ? 0 : ni + norms[j]! - 2 * gram[row + j]!;
        if (d < best[kMax - 1]!) {
          let p = kMax - 1;
          while (p > 0 && best[p - 1]! > d) {
            best[p] = best[p - 1]!;
            p--;
          }
          best[p] = d;
        }
      }
      const limit = best[kMax - 1]! + tolerance * (ni + maxNorm);
      const exact: number[] = [];
      for (let j = 0; j < n; j++) {
        if (j === i) {
          exact.push(0);
          continue;
        }
        const d = ni + norms[j]! - 2 * gram[row + j]!;
        if (d <= limit) exact.push(exactSquaredDistance(m, i, m, j));
      }
      exact.sort((x, y) => x - y);
      ks.forEach((k, index) => {
        radii[index]![i] = exact[k]!;
      });
    }
  });
  return radii;
}

/** A ball test: is the pair (i, j) strictly closer than the squared radius `radiusOf(i, j)`? */
export interface WithinTest {
  radiusOf: (i: number, j: number) => number;
  onHit: (i: number, j: number) => void;
}

/**
 * For each pair (row i of `a`, row j of `b`) and each test, whether the exact
 * squared distance is strictly below the test's squared radius, reported
 * through `onHit(i, j)`. One Gram pass serves every test; decisions closer
 * than the float32 error are re-measured in float64.
 */
export async function forEachWithin(a: Matrix, b: Matrix, tests: readonly WithinTest[]): Promise<void> {
  const na = squaredNorms(a);
  const nb = squaredNorms(b);
  const tolerance = gramTolerance(a.cols);
  await forEachGramBlock(a, b, (start, count, gram) => {
    const n = b.rows;
    for (let r = 0; r < count; r++) {
      const i = start + r;
      const row = r * n;
      const ni = na[i]!;
      for (let j = 0; j < n; j++) {
        const d = ni + nb[j]! - 2 * gram[row + j]!;
        const slack = tolerance * (ni + nb[j]!);
        let exact = -1;
        for (const test of tests) {
          const radius = test.radiusOf(i, j);
          if (d < radius - slack) test.onHit(i, j);
          else if (d <= radius + slack) {
            if (exact < 0) exact = exactSquaredDistance(a, i, b, j);
            if (exact < radius) test.onHit(i, j);
          }
        }
      }
    }
  });
}
