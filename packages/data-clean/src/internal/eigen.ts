/**
 * Eigen-decomposition of a symmetric n×n matrix (row-major) by cyclic Jacobi
 * rotations. Returns eigenvalues in decreasing order and the matching
 * eigenvectors as the columns of an n×n row-major matrix.
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < n; p++) {
      diag += a[p * n + p]! * a[p * n + p]!;
      for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    }
    if (off <= 1e-22 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((source, target) => {
    values[target] = a[source * n + source]!;
    for (let k = 0; k < n; k++) vectors[k * n + target] = v[k * n + source]!;
  });
  return { values, vectors };
}

/**
 * The `k` leading eigenpairs of a symmetric positive semi-definite n×n matrix
 * (row-major) by subspace iteration with Rayleigh–Ritz: `iterations` products
 * with a block of k + `oversample` orthonormal vectors (deterministic start),
 * then Jacobi on the small projected matrix. Eigenvectors are the columns of
 * an n×k row-major matrix, eigenvalues decreasing.
 */
export function leadingEigen(
  matrix: Float64Array,
  n: number,
  k: number,
  iterations = 24,
  oversample = 16,
): { values: Float64Array; vectors: Float64Array } {
  const p = Math.min(n, k + oversample);
  if (p >= n) {
    const { values, vectors } = symmetricEigen(matrix, n);
    const out = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) out[i * k + j] = vectors[i * n + j]!;
    return { values: values.slice(0, k), vectors: out };
  }
  let seed = 12345;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  // q: n×p row-major.
  let q = Float64Array.from({ length: n * p }, random);
  const orthonormalize = (m: Float64Array) => {
    for (let j = 0; j < p; j++) {
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < j; i++) {
          let dot = 0;
          for (let r = 0; r < n; r++) dot += m[r * p + i]! * m[r * p + j]!;
          for (let r = 0; r < n; r++) m[r * p + j]! -= dot * m[r * p + i]!;
        }
      }
      let norm = 0;
      for (let r = 0; r < n; r++) norm += m[r * p + j]! ** 2;
      norm = Math.sqrt(norm);
      for (let r = 0; r < n; r++) m[r * p + j] = norm > 1e-300 ? m[r * p + j]! / norm : r === j ? 1 : 0;
    }
  };
  const times = (m: Float64Array) => {
    const out = new Float64Array(n * p);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const a = matrix[r * n + c]!;
        if (a === 0) continue;
        for (let j = 0; j < p; j++) out[r * p + j]! += a * m[c * p + j]!;
      }
    }
    return out;
  };
  orthonormalize(q);
  for (let it = 0; it < iterations; it++) {
    q = times(q);
    orthonormalize(q);
  }
  const cq = times(q);
  const small = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      let dot = 0;
      for (let r = 0; r < n; r++) dot += q[r * p + i]! * cq[r * p + j]!;
      small[i * p + j] = dot;
    }
  }
  for (let i = 0; i < p; i++) {
    for (let j = i + 1; j < p; j++) small[i * p + j] = small[j * p + i] = (small[i * p + j]! + small[j * p + i]!) / 2;
  }
  const { values, vectors } = symmetricEigen(small, p);
  const out = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let i = 0; i < p; i++) sum += q[r * p + i]! * vectors[i * p + j]!;
      out[r * k + j] = sum;
    }
  }
  return { values: values.slice(0, k), vectors: out };
}
