import { describe, expect, it } from 'vitest';
import { multiply, symmetricEigen, symmetricSqrt, traceSqrtProduct } from './internal/linalg';

function randomSpd(n: number, seed: number): Float64Array {
  let s = seed;
  const random = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  const a = Float64Array.from({ length: n * n }, random);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) out[i * n + j] = out[i * n + j]! + a[i * n + k]! * a[j * n + k]!;
  return out;
}

describe('symmetric eigendecomposition (tred2 + tql2)', () => {
  it('gives the eigenvalues of a 2 × 2 matrix computed by hand', () => {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3, vectors (1, -1)/√2 and (1, 1)/√2.
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expect(Array.from(values)).toEqual([expect.closeTo(1, 14), expect.closeTo(3, 14)]);
    expect(Math.abs(vectors[0]! * vectors[1]! + vectors[2]! * vectors[3]!)).toBeLessThan(1e-15);
    expect(Math.abs(vectors[1]!)).toBeCloseTo(Math.SQRT1_2, 14);
  });

  it('reconstructs a random 40 × 40 matrix with orthonormal vectors', () => {
    const n = 40;
    const a = randomSpd(n, 7);
    const { values, vectors } = symmetricEigen(a, n);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        let dot = 0;
        for (let k = 0; k < n; k++) {
          sum += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
          dot += vectors[k * n + i]! * vectors[k * n + j]!;
        }
        worst = Math.max(worst, Math.abs(sum - a[i * n + j]!), Math.abs(dot - (i === j ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-12);
    for (let i = 1; i < n; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
  });

  it('square root squares back, and tr √(AB) of diagonal matrices is Σ √(aᵢbᵢ)', () => {
    const n = 12;
    const a = randomSpd(n, 3);
    const root = symmetricSqrt(a, n);
    const square = multiply(root, root, n);
    expect(Math.max(...square.map((v, i) => Math.abs(v - a[i]!)))).toBeLessThan(1e-12);
    const d1 = Float64Array.of(4, 0, 0, 0, 9, 0, 0, 0, 1);
    const d2 = Float64Array.of(1, 0, 0, 0, 4, 0, 0, 0, 0);
    expect(traceSqrtProduct(d1, d2, 3)).toBeCloseTo(2 + 6 + 0, 14);
  });

  it('handles the empty and the zero matrix', () => {
    expect(symmetricEigen(new Float64Array(0), 0).values.length).toBe(0);
    expect(Array.from(symmetricEigen(new Float64Array(9), 3).values)).toEqual([0, 0, 0]);
  });
});
