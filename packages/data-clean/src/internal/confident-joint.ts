/**
 * Confident learning (Northcutt, Jiang and Chuang, JAIR 2021) with cleanlab 2.x's semantics, on
 * plain arrays: `labels` are class indices 0..K−1 and `probabilities` an n×K row-major matrix of
 * out-of-sample predicted probabilities. Everything is computed in float64. The numpy reference
 * the goldens come from is `scripts/confident_learning.py`.
 */

const FLOATING_POINT_COMPARISON = 1e-6;
const CONFIDENT_THRESHOLDS_LOWER_BOUND = 2e-6;
const TINY_VALUE = 1e-100;
const EPSILON = 1e-6;

/** A K×K matrix, row-major. */
export type Matrix = Float64Array;

/**
 * numpy's float64 `sum` of a contiguous array, bit for bit: pairwise, with eight accumulators
 * for blocks of up to 128 values (so that near-ties in the rounding below break the same way).
 */
export function numpySum(values: ArrayLike<number>, start = 0, end = values.length): number {
  const n = end - start;
  if (n < 8) {
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i]!;
    return sum;
  }
  if (n <= 128) {
    const r = Array.from({ length: 8 }, (_, j) => values[start + j]!);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += values[start + i + j]!;
    let sum = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) sum += values[start + i]!;
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return numpySum(values, start, start + half) + numpySum(values, start + half, end);
}

/** numpy's `round` (half to even). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Rounds to integers keeping the rounded total (cleanlab's `round_preserving_sum`): when the
 * rounded entries miss the rounded total, the entries with the largest (for +1) or smallest (for
 * −1) rounding residual `x − round(x)` move by one.
 */
export function roundPreservingSum(values: ArrayLike<number>): Float64Array {
  const floats = Float64Array.from(values);
  const ints = floats.map(roundHalfEven);
  const total = roundHalfEven(numpySum(floats));
  let sum = roundHalfEven(numpySum(ints));
  while (Math.abs(sum - total) > FLOATING_POINT_COMPARISON) {
    const diff = roundHalfEven(total - sum);
    const increment = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), floats.length);
    // Stable ascending order of the residuals; reversed (ties: higher index first) for +1.
    const order = Array.from(floats, (_, i) => i).sort((a, b) => floats[a]! - ints[a]! - (floats[b]! - ints[b]!) || a - b);
    if (increment === 1) order.reverse();
    for (const i of order.slice(0, changes)) ints[i] = ints[i]! + increment;
    sum = roundHalfEven(numpySum(ints));
  }
  return ints;
}

function roundRows(matrix: Matrix, k: number): Matrix {
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) out.set(roundPreservingSum(matrix.subarray(i * k, (i + 1) * k)), i * k);
  return out;
}

/** Examples per class. */
export function labelCounts(labels: Int32Array, k: number): Float64Array {
  const counts = new Float64Array(k);
  for (const label of labels) counts[label]!++;
  return counts;
}

/** Per-class thresholds: mean p(k | x) over the examples labelled k (2 for a class nobody carries), at least 2e−6. */
export function confidentThresholds(labels: Int32Array, probabilities: Float64Array, k: number): Float64Array {
  const members: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((label, i) => {
    members[label]!.push(probabilities[i * k + label]!);
  });
  return Float64Array.from(members, (values) => Math.max(values.length > 0 ? numpySum(values) / values.length : 2, CONFIDENT_THRESHOLDS_LOWER_BOUND));
}

/** Calibrates a confident joint: row i sums to the count of label i, the whole to n; rows rounded keeping their totals. */
export function calibrateConfidentJoint(joint: Matrix, labels: Int32Array, k: number): Matrix {
  const counts = labelCounts(labels, k);
  const out = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    let row = 0;
    for (let j = 0; j < k; j++) row += joint[i * k + j]!;
    for (let j = 0; j < k; j++) out[i * k + j] = (joint[i * k + j]! / Math.max(row, TINY_VALUE)) * counts[i]!;
  }
  const total = numpySum(out);
  const n = labels.length;
  for (let i = 0; i < out.length; i++) out[i] = (out[i]! / Math.max(total, TINY_VALUE)) * n;
  return roundRows(out, k);
}

/** The confident joint C[given][true], the indices counted off its diagonal, and the thresholds. */
export interface ConfidentJoint {
  joint: Matrix;
  offDiagonal: Int32Array;
  thresholds: Float64Array;
}

/**
 * The confident joint: an example labelled i counts in C[i][j] when p(j | x) ≥ t_j − 1e−6 (the
 * argmax among several such classes; examples confident of no class are not counted). The
 * diagonal is at least 1; `calibrate` then applies `calibrateConfidentJoint`.
 */
export function computeConfidentJoint(labels: Int32Array, probabilities: Float64Array, k: number, calibrate = true): ConfidentJoint {
  const n = labels.length;
  const thresholds = confidentThresholds(labels, probabilities, k);
  let joint: Matrix = new Float64Array(k * k);
  const off: number[] = [];
  for (let i = 0; i < n; i++) {
    let confident = 0;
    let firstConfident = -1;
    let argmax = 0;
    for (let c = 0; c < k; c++) {
      const p = probabilities[i * k + c]!;
      if (p >= thresholds[c]! - 1e-6) {
        confident++;
        if (firstConfident < 0) firstConfident = c;
      }
      if (p > probabilities[i * k + argmax]!) argmax = c;
    }
    if (confident === 0) continue;
    const guess = confident > 1 ? argmax : firstConfident;
    joint[labels[i]! * k + guess]!++;
    if (guess !== labels[i]) off.push(i);
  }
  for (let c = 0; c < k; c++) joint[c * k + c] = Math.max(joint[c * k + c]!, 1);
  if (calibrate) joint = calibrateConfidentJoint(joint, labels, k);
  return { joint, offDiagonal: Int32Array.from(off), thresholds };
}

/** 1 where the argmax (given label favoured by 1e−6) is the given label: never a label issue. */
export function argmaxAgrees(labels: Int32Array, probabilities: Float64Array, k: number): Uint8Array {
  return Uint8Array.from(labels, (label, i) => {
    let best = label;
    let bestValue = probabilities[i * k + label]! + FLOATING_POINT_COMPARISON;
    for (let c = 0; c < k; c++) {
      const p = probabilities[i * k + c]!;
      if (p > bestValue || (p === bestValue && c < best)) {
        best = c;
        bestValue = p;
      }
    }
    return best === label ? 1 : 0;
  });
}

/** cleanlab's `_keep_at_least_n_per_class` on the transposed joint (rows true, columns given). */
function keepAtLeastPerClass(matrix: Matrix, k: number, n: number, fracNoise: number): Matrix {
  const out = new Float64Array(k * k);
  for (let col = 0; col < k; col++) {
    const diagonal = matrix[col * k + col]!;
    const newDiagonal = Math.max(diagonal, n);
    let nonZero = 0;
    for (let row = 0; row < k; row++) if (matrix[row * k + col] !== 0) nonZero++;
    const share = (newDiagonal - diagonal) / Math.max(nonZero - 1, 1);
    for (let row = 0; row < k; row++) out[row * k + col] = row === col ? newDiagonal : Math.max(matrix[row * k + col]! - share, 0);
  }
  // _reduce_prune_counts: scale noise rates by fracNoise, move the rest to the diagonal, truncate.
  const reduced = new Float64Array(k * k);
  for (let col = 0; col < k; col++) {
    let moved = 0;
    for (let row = 0; row < k; row++) {
      if (row === col) continue;
      const v = out[row * k + col]! * fracNoise;
      moved += out[row * k + col]! - v;
      reduced[row * k + col] = v;
    }
    reduced[col * k + col] = out[col * k + col]! + moved;
  }
  return roundRows(
    reduced.map((v) => Math.trunc(v)),
    k,
  );
}

/** How candidates are chosen (cleanlab's `filter_by`). */
export type FilterBy = 'pruneByNoiseRate' | 'pruneByClass' | 'both' | 'confidentLearning' | 'predictedNeqGiven';
/** How issues are ranked (cleanlab's `return_indices_ranked_by`). */
export type RankBy = 'selfConfidence' | 'normalizedMargin';

/** Label quality per example: p(label | x), or (p(label | x) − max other + 1) / 2. */
export function qualityScores(labels: Int32Array, probabilities: Float64Array, k: number, rankBy: RankBy): Float64Array {
  return Float64Array.from(labels, (label, i) => {
    const self = probabilities[i * k + label]!;
    if (rankBy === 'selfConfidence') return self;
    let other = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) if (c !== label) other = Math.max(other, probabilities[i * k + c]!);
    return (self - other + 1) / 2;
  });
}

/** Everything confident learning finds in a labelled set. */
export interface ConfidentLearningResult {
  /** 1 for label issues. */
  mask: Uint8Array;
  /** Indices of the issues, lowest quality first (ties: lower index first). */
  ranked: Int32Array;
  scores: Float64Array;
  thresholds: Float64Array;
  /** Calibrated confident joint C[given][true]. */
  confidentJoint: Matrix;
  /** C / n: p(given = i, true = j). */
  joint: Matrix;
  /** p(given = i | true = j), noise rates clipped to [0, 0.9999], columns summing to 1. */
  noiseMatrix: Matrix;
  /** p(true = j | given = i) as matrix[j][i], the same clipping, columns summing to 1. */
  inverseNoiseMatrix: Matrix;
  labelIssuesPerClass: Float64Array;
  inverseLabelIssuesPerClass: Float64Array;
  labelNoise: Float64Array;
  inverseLabelNoise: Float64Array;
  labelQuality: Float64Array;
  /** cleanlab's `num_label_issues` (off-diagonal examples of the uncalibrated joint not argmax-correct). */
  numLabelIssues: number;
  /** 1 − numLabelIssues / n (cleanlab's `overall_label_health_score`). */
  health: number;
  /** trace of `joint`: the estimated share of correct labels. */
  jointTrace: number;
}

function clipNoiseRates(matrix: Matrix, k: number): Matrix {
  const out = matrix.map((v, index) => (index % (k + 1) === 0 ? v : Math.min(Math.max(v, 0), 0.9999)));
  for (let col = 0; col < k; col++) {
    let sum = 0;
    for (let row = 0; row < k; row++) sum += out[row * k + col]!;
    for (let row = 0; row < k; row++) out[row * k + col] = out[row * k + col]! / Math.max(sum, TINY_VALUE);
  }
  return out;
}

/** cleanlab's `find_label_issues` plus `estimate_latent`, `rank_classes_by_label_quality` and `overall_label_health_score`. */
export function confidentLearning(
  labels: Int32Array,
  probabilities: Float64Array,
  k: number,
  options: { filterBy: FilterBy; rankBy: RankBy; minExamplesPerClass: number; fracNoise: number },
): ConfidentLearningResult {
  const n = labels.length;
  const { joint: cj, offDiagonal, thresholds } = computeConfidentJoint(labels, probabilities, k);
  const mask = new Uint8Array(n);
  const { filterBy } = options;
  if (filterBy === 'pruneByNoiseRate' || filterBy === 'pruneByClass' || filterBy === 'both') {
    const transposed = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) transposed[j * k + i] = cj[i * k + j]!;
    const prune = keepAtLeastPerClass(transposed, k, options.minExamplesPerClass, options.fracNoise);
    const byClass = new Uint8Array(n);
    const byCount = new Uint8Array(n);
    const members: number[][] = Array.from({ length: k }, () => []);
    labels.forEach((label, i) => {
      members[label]!.push(i);
    });
    for (let c = 0; c < k; c++) {
      const idx = members[c]!;
      if (idx.length <= options.minExamplesPerClass) continue;
      const issues = idx.length - prune[c * k + c]!;
      if (issues >= 1) {
        const order = [...idx].sort((a, b) => probabilities[a * k + c]! - probabilities[b * k + c]! || a - b);
        for (const i of order.slice(0, issues)) byClass[i] = 1;
      }
      for (let j = 0; j < k; j++) {
        const count = prune[j * k + c]!;
        if (j === c || count <= 0) continue;
        const margin = (i: number) => probabilities[i * k + j]! - probabilities[i * k + c]!;
        const order = [...idx].sort((a, b) => margin(b) - margin(a) || a - b);
        for (const i of order.slice(0, count)) byCount[i] = 1;
      }
    }
    for (let i = 0; i < n; i++) {
      mask[i] = filterBy === 'pruneByClass' ? byClass[i]! : filterBy === 'pruneByNoiseRate' ? byCount[i]! : byClass[i]! & byCount[i]!;
    }
  } else if (filterBy === 'confidentLearning') {
    for (const i of offDiagonal) mask[i] = 1;
  } else {
    const agree = argmaxAgrees(labels, probabilities, k);
    for (let i = 0; i < n; i++) {
      let argmax = 0;
      for (let c = 1; c < k; c++) if (probabilities[i * k + c]! > probabilities[i * k + argmax]!) argmax = c;
      mask[i] = argmax !== labels[i] && !agree[i] ? 1 : 0;
    }
  }
  const agree = argmaxAgrees(labels, probabilities, k);
  for (let i = 0; i < n; i++) if (agree[i]) mask[i] = 0;
  const scores = qualityScores(labels, probabilities, k, options.rankBy);
  const issues: number[] = [];
  for (let i = 0; i < n; i++) if (mask[i]) issues.push(i);
  issues.sort((a, b) => scores[a]! - scores[b]! || a - b);

  const total = cj.reduce((a, b) => a + b, 0);
  const joint = cj.map((v) => v / Math.max(total, TINY_VALUE));
  const trueCounts = new Float64Array(k);
  const givenCounts = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      givenCounts[i]! += cj[i * k + j]!;
      trueCounts[j]! += cj[i * k + j]!;
    }
  }
  const noise = new Float64Array(k * k);
  const inverse = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      noise[i * k + j] = cj[i * k + j]! / Math.max(trueCounts[j]!, TINY_VALUE);
      inverse[j * k + i] = cj[i * k + j]! / Math.max(givenCounts[i]!, TINY_VALUE);
    }
  }
  const labelIssuesPerClass = new Float64Array(k);
  const inverseLabelIssuesPerClass = new Float64Array(k);
  const labelNoise = new Float64Array(k);
  const inverseLabelNoise = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let row = 0;
    let col = 0;
    for (let j = 0; j < k; j++) {
      row += joint[c * k + j]!;
      col += joint[j * k + c]!;
    }
    const diagonal = joint[c * k + c]!;
    labelIssuesPerClass[c] = roundHalfEven((row - diagonal) * n);
    inverseLabelIssuesPerClass[c] = roundHalfEven((col - diagonal) * n);
    labelNoise[c] = (row - diagonal) / Math.max(row, EPSILON);
    inverseLabelNoise[c] = (col - diagonal) / Math.max(col, EPSILON);
  }
  const uncalibrated = computeConfidentJoint(labels, probabilities, k, false);
  let numLabelIssues = 0;
  for (const i of uncalibrated.offDiagonal) if (!agree[i]) numLabelIssues++;
  let jointTrace = 0;
  for (let c = 0; c < k; c++) jointTrace += joint[c * k + c]!;
  return {
    mask,
    ranked: Int32Array.from(issues),
    scores,
    thresholds,
    confidentJoint: cj,
    joint,
    noiseMatrix: clipNoiseRates(noise, k),
    inverseNoiseMatrix: clipNoiseRates(inverse, k),
    labelIssuesPerClass,
    inverseLabelIssuesPerClass,
    labelNoise,
    inverseLabelNoise,
    labelQuality: labelNoise.map((v) => 1 - v),
    numLabelIssues,
    health: n > 0 ? 1 - numLabelIssues / n : 1,
    jointTrace,
  };
}
