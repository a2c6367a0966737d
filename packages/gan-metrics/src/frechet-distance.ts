import { describe } from '@ganforge/internal';
import { ShapeError, StateError, TensorError } from './errors';
import { FeatureStatistics } from './feature-statistics';
import { traceSqrtProduct } from './internal/linalg';

/**
 * The Fréchet distance between two Gaussians fitted to feature sets (FID when
 * the features come from Inception, "FID" with a dataset's own classifier here):
 *
 * `‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr √(Σ₁ Σ₂)`
 *
 * in float64, with the matrix square root's trace computed exactly from the
 * eigenvalues of the symmetric `√Σ₁ Σ₂ √Σ₁` (Householder + implicit QL). It
 * matches pytorch-fid's `calculate_frechet_distance` (scipy's `sqrtm`) to about
 * 1e-10 relative on well-conditioned covariances, and stays real and
 * non-negative on singular ones, where `sqrtm` needs an `eps` offset.
 *
 * @param a Statistics of one set (at least 2 rows).
 * @param b Statistics of the other set, same dimension.
 * @returns The distance, ≥ 0 (0 for identical statistics, up to rounding).
 * @throws {TensorError} `a` or `b` is not a FeatureStatistics.
 * @throws {ShapeError} Dimensions differ.
 * @throws {StateError} A set has fewer than 2 rows (no covariance).
 *
 * @example
 * const real = new FeatureStatistics(64).update(realFeatures);
 * const fake = new FeatureStatistics(64).update(fakeFeatures);
 * frechetDistance(real, fake); // e.g. 1.93
 */
export function frechetDistance(a: FeatureStatistics, b: FeatureStatistics): number {
  const fn = 'frechetDistance';
  for (const [argument, value] of [['a', a], ['b', b]] as const) {
    if (!(value instanceof FeatureStatistics)) throw new TensorError({ functionName: fn, argument, expected: 'a FeatureStatistics', actual: describe(value) });
    if (value.count < 2) throw new StateError({ functionName: fn, argument, expected: 'statistics of at least 2 feature rows', actual: `${value.count}` });
  }
  if (a.dimension !== b.dimension) throw new ShapeError({ functionName: fn, argument: 'b', expected: `statistics of dimension ${a.dimension}, as a`, actual: `dimension ${b.dimension}` });
  const d = a.dimension;
  const mu1 = a.mean();
  const mu2 = b.mean();
  const s1 = a.covariance();
  const s2 = b.covariance();
  let distance = 0;
  for (let i = 0; i < d; i++) distance += (mu1[i]! - mu2[i]!) ** 2;
  let traces = 0;
  for (let i = 0; i < d; i++) traces += s1[i * d + i]! + s2[i * d + i]!;
  return Math.max(distance + traces - 2 * traceSqrtProduct(s1, s2, d), 0);
}
