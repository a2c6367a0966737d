import { checkNumber, checkOptions, checkSeed, checkSize, LIMITS, Prng } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { LimitError, OptionError, ShapeError } from './errors';
import { toTensor, toTransposedTensor } from './internal/gram';
import { type FeatureInput, type Matrix, readMatrix, sameColumns, selectRows } from './internal/matrix';

/** Options of {@link polynomialMmd}: the kernel `k(x, y) = (γ x·y + coef0)^degree`. */
export interface PolynomialKernelOptions {
  /** Degree. Default `3`. */
  degree?: number;
  /** γ. Default `1 / D` (D = feature dimension). */
  gamma?: number;
  /** Constant term. Default `1`. */
  coef0?: number;
}

/** Options of {@link kernelInceptionDistance}. */
export interface KernelDistanceOptions extends PolynomialKernelOptions {
  /** Number of random subset pairs. Default `100` (torch-fidelity's `kid_subsets`). */
  subsets?: number;
  /** Rows per subset, drawn without replacement from each set. Default `1000` (torch-fidelity's `kid_subset_size`), or the smaller set's size when a set has fewer rows. */
  subsetSize?: number;
  /** Seed of the subset draws. Default `2020` (torch-fidelity's `rng_seed`). */
  seed?: number;
}

/** Result of {@link kernelInceptionDistance}. */
export interface KernelDistance {
  /** Mean of the subsets' unbiased MMD² (KID). */
  mean: number;
  /** Population standard deviation (`np.std`) of the subsets' MMD². */
  std: number;
  /** Subsets used. */
  subsets: number;
  /** Rows per subset used. */
  subsetSize: number;
}

const KERNEL_KEYS = ['degree', 'gamma', 'coef0'] as const;

function resolveKernel(fn: string, options: PolynomialKernelOptions, dimension: number) {
  return {
    degree: checkNumber(fn, 'options.degree', options.degree ?? 3, { integer: true, min: 1, max: 16 }, OptionError),
    gamma: checkNumber(fn, 'options.gamma', options.gamma ?? 1 / dimension, { above: 0 }, OptionError),
    coef0: checkNumber(fn, 'options.coef0', options.coef0 ?? 1, {}, OptionError),
  };
}

interface Kernel {
  degree: number;
  gamma: number;
  coef0: number;
}

/** Unbiased MMD² of equal-size `x` and `y` (torch-fidelity's `mmd2(..., 'unbiased')`). Products in float32 on the backend, kernel and sums in float64. */
async function mmd(x: Matrix, y: Matrix, kernel: Kernel): Promise<number> {
  const m = x.rows;
  const [gxx, gyy, gxy] = tf.tidy(() => {
    const xs = toTensor(x);
    const ys = toTensor(y);
    const xTransposed = toTransposedTensor(x);
    const yTransposed = toTransposedTensor(y);
    return [tf.matMul(xs, xTransposed), tf.matMul(ys, yTransposed), tf.matMul(xs, yTransposed)];
  });
  try {
    const [xx, yy, xy] = (await Promise.all([gxx.data(), gyy.data(), gxy.data()])) as Float32Array[];
    // Off-diagonal sums of the symmetric K_XX and K_YY from their upper triangles; all of K_XY.
    const sumXX = 2 * kernelSum(xx!, m, kernel, true);
    const sumYY = 2 * kernelSum(yy!, m, kernel, true);
    const sumXY = kernelSum(xy!, m, kernel, false);
    return (sumXX + sumYY) / (m * (m - 1)) - (2 * sumXY) / (m * m);
  } finally {
    tf.dispose([gxx, gyy, gxy]);
  }
}

/** Σ k(g) over the strict upper triangle (`upper`) or over all of the `m × m` Gram block, in float64. */
function kernelSum(gram: Float32Array, m: number, kernel: Kernel, upper: boolean): number {
  const { gamma, coef0, degree } = kernel;
  let total = 0;
  for (let i = 0; i < m; i++) {
    let sum = 0;
    const row = i * m;
    const from = upper ? row + i + 1 : row;
    const to = row + m;
    if (degree === 3) {
      for (let p = from; p < to; p++) {
        const t = gamma * gram[p]! + coef0;
        sum += t * t * t;
      }
    } else {
      for (let p = from; p < to; p++) {
        const t = gamma * gram[p]! + coef0;
        let k = t;
        for (let e = 1; e < degree; e++) k *= t;
        sum += k;
      }
    }
    total += sum;
  }
  return total;
}

/**
 * The unbiased squared maximum mean discrepancy between two equal-size
 * feature sets under the polynomial kernel `(γ x·y + coef0)^degree`, as
 * torch-fidelity computes one KID subset (`polynomial_mmd`). The dot products
 * run on the active backend in float32; the kernel and the sums in float64.
 *
 * @param x `[m, D]` features (tensor or {@link FeatureMatrix}), m ≥ 2.
 * @param y `[m, D]` features.
 * @returns MMD² (can be slightly negative: the estimator is unbiased).
 *
 * @example
 * await polynomialMmd(tf.tensor2d([[0], [1]]), tf.tensor2d([[0], [1]])); // 0
 */
export async function polynomialMmd(x: FeatureInput, y: FeatureInput, options?: PolynomialKernelOptions): Promise<number> {
  const fn = 'polynomialMmd';
  const resolved = checkOptions(fn, options, KERNEL_KEYS, OptionError);
  const a = await readMatrix(fn, 'x', x, 2);
  const b = await readMatrix(fn, 'y', y, 2);
  sameColumns(fn, a, b, 'x', 'y');
  if (a.rows !== b.rows) throw new ShapeError({ functionName: fn, argument: 'y', expected: `${a.rows} rows, as x`, actual: `shape [${b.rows}, ${b.cols}]` });
  return mmd(a, b, resolveKernel(fn, resolved, a.cols));
}

/**
 * Kernel Inception Distance as torch-fidelity computes it: the unbiased MMD²
 * with the cubic polynomial kernel `(x·y / D + 1)³` over `subsets` random pairs
 * of subsets of `subsetSize` rows (drawn without replacement, seeded), reported
 * as mean ± std. Subset draws use ganforge's `Prng`, not numpy's, so values
 * differ from torch-fidelity's only by the subsets drawn.
 *
 * @param fake `[N₁, D]` features of generated images.
 * @param real `[N₂, D]` features of real images.
 * @throws {ShapeError} Column counts differ, a set has fewer than 2 rows or fewer rows than `subsetSize`.
 * @throws {OptionError} Unknown option or value out of range.
 * @throws {LimitError} `subsets` above 100,000 or `subsetSize` above LIMITS.batch.
 *
 * @example
 * const { mean, std } = await kernelInceptionDistance(fakeFeatures, realFeatures, { subsets: 100, subsetSize: 1000 });
 */
export async function kernelInceptionDistance(fake: FeatureInput, real: FeatureInput, options?: KernelDistanceOptions): Promise<KernelDistance> {
  const fn = 'kernelInceptionDistance';
  const resolved = checkOptions(fn, options, [...KERNEL_KEYS, 'subsets', 'subsetSize', 'seed'], OptionError);
  const subsets = checkSize(fn, 'options.subsets', resolved.subsets ?? 100, 100_000, LimitError, OptionError);
  if (resolved.subsetSize !== undefined) checkSize(fn, 'options.subsetSize', resolved.subsetSize, LIMITS.batch, LimitError, OptionError);
  const seed = checkSeed(fn, 'options.seed', resolved.seed, OptionError) ?? 2020;
  const a = await readMatrix(fn, 'fake', fake, 2);
  const b = await readMatrix(fn, 'real', real, 2);
  sameColumns(fn, a, b, 'fake', 'real');
  const kernel = resolveKernel(fn, resolved, a.cols);
  const subsetSize = resolved.subsetSize ?? Math.min(1000, a.rows, b.rows);
  if (subsetSize < 2) throw new OptionError({ functionName: fn, argument: 'options.subsetSize', expected: 'at least 2', actual: String(subsetSize) });
  for (const [argument, m] of [['fake', a], ['real', b]] as const) {
    if (m.rows < subsetSize) throw new ShapeError({ functionName: fn, argument, expected: `at least options.subsetSize = ${subsetSize} rows`, actual: `shape [${m.rows}, ${m.cols}]` });
  }
  const prng = new Prng(seed);
  const values: number[] = [];
  for (let s = 0; s < subsets; s++) {
    if (s > 0 && subsetSize === a.rows && subsetSize === b.rows) {
      values.push(values[0]!); // every "subset" is the whole of both sets: the same value
      continue;
    }
    const x = subsetSize === a.rows ? a : selectRows(a, sample(prng, a.rows, subsetSize));
    const y = subsetSize === b.rows ? b : selectRows(b, sample(prng, b.rows, subsetSize));
    values.push(await mmd(x, y, kernel));
  }
  const mean = values.reduce((sum, v) => sum + v, 0) / subsets;
  const std = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / subsets);
  return { mean, std, subsets, subsetSize };
}

/** `count` distinct indices below `n` (a partial Fisher–Yates shuffle). */
export function sample(prng: Prng, n: number, count: number): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + prng.nextInt(n - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return pool.subarray(0, count);
}
