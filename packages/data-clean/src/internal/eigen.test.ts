import { describe, it } from 'vitest';
import { expectClose } from '@ganforge/test-utils';
import { leadingEigen, symmetricEigen } from './eigen';

describe('eigen', () => {
  it('decomposes a 2×2 matrix by hand', () => {
    // [[2, 1], [1, 2]]: eigenvalues 3 and 1, vectors (1, 1)/√2 and (1, −1)/√2.
    const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expectClose(Array.from(values), [3, 1]);
    expectClose(Math.abs(vectors[0]!), Math.SQRT1_2);
    expectClose(vectors[0]! * vectors[2]!, 0.5);
  });

  it('finds the leading eigenpairs of a larger matrix like the full decomposition', () => {
    const n = 60;
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = Math.exp(-Math.abs(i - j) / 6) + (i === j ? 0.01 : 0);
    const full = symmetricEigen(m, n);
    const top = leadingEigen(m, n, 8, 60, 16);
    expectClose(Array.from(top.values), Array.from(full.values.subarray(0, 8)), { rtol: 1e-4, atol: 1e-6 });
    for (let j = 0; j < 8; j++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += top.vectors[i * 8 + j]! * full.vectors[i * n + j]!;
      expectClose(Math.abs(dot), 1, { atol: 1e-3 });
    }
  });
});
