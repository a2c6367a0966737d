import type { DuplicatePair } from '../audit-report';
import type { FeatureSet } from './extract';
import { hamming, hashPairs } from './hash';
import { thumbDistance } from './neighbours';

/** Content key of image i. */
export const contentKey = (f: FeatureSet, i: number) => `${f.content[2 * i]}:${f.content[2 * i + 1]}`;

/**
 * Images with identical content, as groups of size ≥ 2 (indices ascending),
 * among eligible images (invalid ones — wrong shape, NaN/Inf, constant — are
 * reported by their own checks).
 */
export function exactGroups(f: FeatureSet): number[][] {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < f.size; i++) {
    if (!f.eligible[i]) continue;
    const key = contentKey(f, i);
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * Near-duplicate pairs between set `a` and set `b` (or within `a` when `b` is
 * null): candidates from the perceptual hashes (dHash within `dHash` bits or
 * pHash within `pHash` bits) and from `extra` (e.g. nearest neighbours),
 * verified by thumbnail distance ≤ `maxDistance`. Pairs of identical content
 * are left out (they are exact duplicates).
 */
export function nearPairs(
  a: FeatureSet,
  b: FeatureSet | null,
  limits: { dHash: number; pHash: number; maxDistance: number },
  extra: Iterable<[number, number]>,
): DuplicatePair[] {
  const other = b ?? a;
  const found = new Map<number, DuplicatePair>();
  const consider = (i: number, j: number) => {
    if (!b && i === j) return;
    const [x, y] = !b && j < i ? [j, i] : [i, j];
    const id = x * other.size + y;
    if (found.has(id)) return;
    if (a.content[2 * x] === other.content[2 * y] && a.content[2 * x + 1] === other.content[2 * y + 1]) return;
    const distance = thumbDistance(a.thumbs, x, other.thumbs, y);
    if (distance > limits.maxDistance) return;
    found.set(id, {
      a: x,
      b: y,
      distance,
      dHash: hamming(a.hashes, 4 * x, other.hashes, 4 * y),
      pHash: hamming(a.hashes, 4 * x + 2, other.hashes, 4 * y + 2),
    });
  };
  for (const [word, limit] of [
    [0, limits.dHash],
    [2, limits.pHash],
  ] as const) {
    hashPairs(
      limit,
      { hashes: a.hashes, stride: 4, word, use: a.eligible },
      b ? { hashes: b.hashes, stride: 4, word, use: b.eligible } : null,
      (i, j) => consider(i, j),
    );
  }
  for (const [i, j] of extra) consider(i, j);
  return [...found.values()].sort((p, q) => p.a - q.a || p.b - q.b);
}

/** Connected components (size ≥ 2, indices ascending, ordered by first index) of a graph on n nodes. */
export function components(n: number, edges: Iterable<[number, number]>): number[][] {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const [x, y] of edges) {
    const rx = find(x);
    const ry = find(y);
    if (rx !== ry) parent[Math.max(rx, ry)] = Math.min(rx, ry);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(i);
    else groups.set(root, [i]);
  }
  return [...groups.values()].filter((g) => g.length > 1).sort((g, h) => g[0]! - h[0]!);
}
