import type { Prng } from '@ganforge/internal';

/** Stratified folds: each class's images, shuffled, dealt round-robin to the folds. */
export function stratifiedFolds(labels: Int32Array, folds: number, prng: Prng): number[][] {
  const byClass = new Map<number, number[]>();
  labels.forEach((label, i) => {
    if (!byClass.has(label)) byClass.set(label, []);
    byClass.get(label)!.push(i);
  });
  const out: number[][] = Array.from({ length: folds }, () => []);
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(label)!;
    const order = prng.permutation(members.length);
    for (const j of order) {
      out[next]!.push(members[j]!);
      next = (next + 1) % folds;
    }
  }
  return out.map((fold) => fold.sort((a, b) => a - b));
}
