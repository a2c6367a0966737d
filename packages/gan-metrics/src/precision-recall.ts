import { checkOptions, checkSize } from '@ganforge/internal';
import { LimitError, OptionError } from './errors';
import { type FeatureInput, type Matrix, readMatrix, sameColumns } from './internal/matrix';
import { forEachWithin, kthNeighbourSquaredRadii } from './internal/neighbours';

/** Options of {@link precisionRecall}. */
export interface PrecisionRecallOptions {
  /** Neighbourhood size k of the manifold estimate. Default `3` (Kynkäänniemi et al.). */
  k?: number;
}

/** Options of {@link densityCoverage}. */
export interface DensityCoverageOptions {
  /** Neighbourhood size k. Default `5` (Naeem et al.). */
  k?: number;
}

/** Result of {@link precisionRecall}. */
export interface PrecisionRecall {
  /** Share of fake rows inside the real manifold (some real row's k-NN ball holds it). */
  precision: number;
  /** Share of real rows inside the fake manifold. */
  recall: number;
}

/** Result of {@link densityCoverage}. */
export interface DensityCoverage {
  /** Mean number of real k-NN balls holding a fake row, divided by k (1 for matching distributions; can exceed 1). */
  density: number;
  /** Share of real rows whose k-NN ball holds at least one fake row. */
  coverage: number;
}

const MAX_K = 1000;

/**
 * Improved precision and recall (Kynkäänniemi et al., 2019), as the reference
 * `prdc` package computes them: each set's manifold is the union of balls
 * around its rows with radius the distance to the k-th nearest neighbour;
 * precision is the share of fake rows within the real manifold (strictly
 * inside a ball), recall the share of real rows within the fake manifold.
 * Euclidean distances; products in float32 on the backend, every decision
 * within float32 error redone in float64, so results equal float64 ones.
 *
 * @param real `[N, D]` features of real images (N > k).
 * @param fake `[M, D]` features of generated images (M > k).
 *
 * @example
 * const { precision, recall } = await precisionRecall(realFeatures, fakeFeatures); // k = 3
 */
export async function precisionRecall(real: FeatureInput, fake: FeatureInput, options?: PrecisionRecallOptions): Promise<PrecisionRecall> {
  const fn = 'precisionRecall';
  const resolved = checkOptions(fn, options, ['k'], OptionError);
  const k = checkSize(fn, 'options.k', resolved.k ?? 3, MAX_K, LimitError, OptionError);
  const r = await readMatrix(fn, 'real', real, k + 1);
  const f = await readMatrix(fn, 'fake', fake, k + 1);
  sameColumns(fn, r, f, 'real', 'fake');
  const [realRadii] = (await kthNeighbourSquaredRadii(r, [k])) as [Float64Array];
  const [fakeRadii] = (await kthNeighbourSquaredRadii(f, [k])) as [Float64Array];
  const precise = new Uint8Array(f.rows);
  const recalled = new Uint8Array(r.rows);
  await forEachWithin(r, f, [
    { radiusOf: (i) => realRadii[i]!, onHit: (_, j) => void (precise[j] = 1) },
    { radiusOf: (_, j) => fakeRadii[j]!, onHit: (i) => void (recalled[i] = 1) },
  ]);
  return { precision: share(precise), recall: share(recalled) };
}

/**
 * Density and coverage (Naeem et al., 2020), as the reference `prdc` package
 * computes them, with k-NN balls around the real rows only: density is the
 * mean number of real balls holding each fake row, divided by k; coverage the
 * share of real balls that hold at least one fake row. Exact in float64 as
 * {@link precisionRecall}.
 *
 * @param real `[N, D]` features of real images (N > k).
 * @param fake `[M, D]` features of generated images.
 *
 * @example
 * const { density, coverage } = await densityCoverage(realFeatures, fakeFeatures); // k = 5
 */
export async function densityCoverage(real: FeatureInput, fake: FeatureInput, options?: DensityCoverageOptions): Promise<DensityCoverage> {
  const fn = 'densityCoverage';
  const resolved = checkOptions(fn, options, ['k'], OptionError);
  const k = checkSize(fn, 'options.k', resolved.k ?? 5, MAX_K, LimitError, OptionError);
  const r = await readMatrix(fn, 'real', real, k + 1);
  const f = await readMatrix(fn, 'fake', fake, 1);
  sameColumns(fn, r, f, 'real', 'fake');
  const [radii] = (await kthNeighbourSquaredRadii(r, [k])) as [Float64Array];
  let hits = 0;
  const covered = new Uint8Array(r.rows);
  await forEachWithin(r, f, [
    {
      radiusOf: (i) => radii[i]!,
      onHit: (i) => {
        hits++;
        covered[i] = 1;
      },
    },
  ]);
  return { density: hits / (k * f.rows), coverage: share(covered) };
}

function share(flags: Uint8Array): number {
  let sum = 0;
  for (const v of flags) sum += v;
  return sum / flags.length;
}

/**
 * Precision/recall with `kPr` and density/coverage with `kDc` in one pass over
 * the real × fake distances (the scorer's path). @internal
 */
export async function prdcOf(r: Matrix, f: Matrix, kPr: number, kDc: number): Promise<PrecisionRecall & DensityCoverage> {
  const [realPr, realDc] = (await kthNeighbourSquaredRadii(r, [kPr, kDc])) as [Float64Array, Float64Array];
  const [fakePr] = (await kthNeighbourSquaredRadii(f, [kPr])) as [Float64Array];
  const precise = new Uint8Array(f.rows);
  const recalled = new Uint8Array(r.rows);
  const covered = new Uint8Array(r.rows);
  let hits = 0;
  await forEachWithin(r, f, [
    { radiusOf: (i) => realPr[i]!, onHit: (_, j) => void (precise[j] = 1) },
    { radiusOf: (_, j) => fakePr[j]!, onHit: (i) => void (recalled[i] = 1) },
    {
      radiusOf: (i) => realDc[i]!,
      onHit: (i) => {
        hits++;
        covered[i] = 1;
      },
    },
  ]);
  return { precision: share(precise), recall: share(recalled), density: hits / (kDc * f.rows), coverage: share(covered) };
}
