import { readFileSync } from 'node:fs';
import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LabelError, OptionError, ShapeError } from './errors';
import { findLabelIssues } from './find-label-issues';
import { roundHalfEven, roundPreservingSum } from './internal/confident-joint';

/**
 * Goldens: fixtures/label-goldens.json, written by scripts/make-label-goldens.py from cleanlab
 * 2.x's algorithm written out in numpy (scripts/confident_learning.py). Integer results (issue
 * indices in rank order, confident joint, counts) must match exactly; real-valued ones to 1e-9.
 */
interface GoldenResult {
  issues: number[];
  thresholds: number[];
  confidentJoint: number[][];
  joint: number[][];
  noiseMatrix: number[][];
  inverseNoiseMatrix: number[][];
  classes: Record<'labelIssues' | 'inverseLabelIssues' | 'labelNoise' | 'inverseLabelNoise' | 'labelQuality', number[]>;
  numLabelIssues: number;
  health: number;
  jointTrace: number;
}
interface GoldenCase {
  name: string;
  labels: number[];
  probabilities: number[][];
  qualityScores: Record<string, number[]>;
  runs: { filterBy: string; rankBy: string; fracNoise: number; minExamplesPerClass: number; result: GoldenResult }[];
}
const goldens: { cases: GoldenCase[] } = JSON.parse(readFileSync(new URL('../fixtures/label-goldens.json', import.meta.url), 'utf8'));
const REAL = { atol: 1e-9, rtol: 1e-9 };

describe('findLabelIssues: goldens from cleanlab 2.x formulas (numpy)', () => {
  for (const golden of goldens.cases) {
    for (const run of golden.runs) {
      it(`${golden.name}: filterBy ${run.filterBy}, rankBy ${run.rankBy}, fracNoise ${run.fracNoise}, min ${run.minExamplesPerClass}`, () => {
        const probabilities = tf.tensor2d(golden.probabilities);
        const labels = tf.tensor1d(golden.labels, 'int32');
        try {
          const result = findLabelIssues(labels, probabilities, {
            filterBy: run.filterBy as never,
            rankBy: run.rankBy as never,
            fracNoise: run.fracNoise,
            minExamplesPerClass: run.minExamplesPerClass,
          });
          const g = run.result;
          expect(result.issues).toEqual(g.issues);
          expect(Array.from(result.isIssue).flatMap((v, i) => (v ? [i] : []))).toEqual([...g.issues].sort((a, b) => a - b));
          expect(result.confidentJoint).toEqual(g.confidentJoint);
          expect(result.numLabelIssues).toBe(g.numLabelIssues);
          expect(result.classes.map((c) => c.labelIssues)).toEqual(g.classes.labelIssues);
          expect(result.classes.map((c) => c.inverseLabelIssues)).toEqual(g.classes.inverseLabelIssues);
          expectClose(Array.from(result.thresholds), g.thresholds, REAL);
          expectClose(result.joint, g.joint, REAL);
          expectClose(result.noiseMatrix, g.noiseMatrix, REAL);
          expectClose(result.inverseNoiseMatrix, g.inverseNoiseMatrix, REAL);
          expectClose(result.classes.map((c) => c.labelNoise), g.classes.labelNoise, REAL);
          expectClose(result.classes.map((c) => c.inverseLabelNoise), g.classes.inverseLabelNoise, REAL);
          expectClose(result.classes.map((c) => c.labelQuality), g.classes.labelQuality, REAL);
          expectClose([result.health, result.jointTrace], [g.health, g.jointTrace], REAL);
          expectClose(Array.from(result.qualityScores), golden.qualityScores[run.rankBy]!, REAL);
        } finally {
          tf.dispose([probabilities, labels]);
        }
      });
    }
  }

  it('takes plain rows and arrays as well as tensors, with the same result', () => {
    const golden = goldens.cases[3]!;
    const rows = golden.probabilities.map((row) => row.map(Math.fround));
    const result = findLabelIssues(golden.labels, rows);
    expect(result.issues).toEqual(golden.runs[0]!.result.issues);
    expect(result.confidentJoint).toEqual(golden.runs[0]!.result.confidentJoint);
  });
});

describe('findLabelIssues: hand-computed values', () => {
  it('two classes: thresholds, confident joint, one issue with its suggestion', () => {
    // Thresholds: class 0 mean p0 over examples 0,1 = 0.85; class 1 mean p1 over 2,3 = (0.9 + 0.05) / 2 = 0.475.
    // Confident: ex0 (0.9 ≥ 0.85) → 0; ex1 p1 0.2 < 0.475, p0 0.8 < 0.85 → none; ex2 → 1; ex3 p0 0.95 → 0.
    // Joint counts [[1, 0], [1, 1]] → calibrated to rows of 2: [[2, 0], [1, 1]].
    const probabilities = tf.tensor2d([
      [0.9, 0.1],
      [0.8, 0.2],
      [0.1, 0.9],
      [0.95, 0.05],
    ]);
    const result = findLabelIssues([0, 0, 1, 1], probabilities);
    expectClose(Array.from(result.thresholds), [0.85, 0.475], { atol: 1e-7 });
    expect(result.confidentJoint).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(result.issues).toEqual([3]);
    expect(Array.from(result.suggestedLabels)).toEqual([0, 0, 1, 0]);
    expectClose(result.noiseMatrix, [
      [2 / 3, 0],
      [1 / 3, 1],
    ]);
    expectClose(result.classes.map((c) => c.labelQuality), [1, 0.5]);
    expect(result.numLabelIssues).toBe(1);
    expectClose(result.health, 0.75);
    expectClose(Array.from(result.qualityScores), [0.9, 0.8, 0.9, 0.05], { atol: 1e-7 });
    probabilities.dispose();
  });

  it('rounds like numpy and keeps row totals', () => {
    expect([0.5, 1.5, 2.5, -0.5, 2.4999].map(roundHalfEven)).toEqual([0, 2, 2, -0, 2]);
    // 0.4 + 0.4 + 0.2 = 1: rounds to [0, 0, 0]; the largest residual gets +1 (ties: the later index, as numpy's reversed argsort).
    expect(Array.from(roundPreservingSum([0.4, 0.4, 0.2]))).toEqual([0, 1, 0]);
    // 1.6 + 1.6 + 0.8 = 4: rounds to [2, 2, 1] = 5; the smallest residual (−0.4, the first) gets −1.
    expect(Array.from(roundPreservingSum([1.6, 1.6, 0.8]))).toEqual([1, 2, 1]);
  });
});

describe('findLabelIssues: errors and memory', () => {
  const p = () => tf.tensor2d([
    [0.9, 0.1],
    [0.2, 0.8],
  ]);
  it('rejects labels that do not fit', () => {
    const probabilities = p();
    expect(() => findLabelIssues([0], probabilities)).toThrow(LabelError);
    expect(() => findLabelIssues([0], probabilities)).toThrow('findLabelIssues: labels must be one label per row of probabilities (2), got 1 labels');
    expect(() => findLabelIssues([0, 2], probabilities)).toThrow('findLabelIssues: labels[1] must be a class index in [0, 1], got 2');
    expect(() => findLabelIssues([0, 0.5], probabilities)).toThrow(LabelError);
    probabilities.dispose();
  });
  it('rejects probabilities that are not an n×K probability matrix', () => {
    const flat = tf.tensor1d([0.5, 0.5]);
    expect(() => findLabelIssues([0, 1], flat as never)).toThrow(ShapeError);
    expect(() => findLabelIssues([0, 1], flat as never)).toThrow('findLabelIssues: probabilities must be rank 2 [examples, classes], got float32 tensor [2]');
    const logits = tf.tensor2d([
      [2, -1],
      [0, 1],
    ]);
    expect(() => findLabelIssues([0, 1], logits)).toThrow(OptionError);
    expect(() => findLabelIssues([0, 1], [[0.7, 0.7], [0.5, 0.5]])).toThrow('findLabelIssues: probabilities[0] must be probabilities summing to 1 (softmax outputs, not logits), got a sum of 1.4');
    tf.dispose([flat, logits]);
  });
  it('rejects unknown or bad options', () => {
    const probabilities = p();
    expect(() => findLabelIssues([0, 1], probabilities, { filterBy: 'prune_by_noise_rate' as never })).toThrow(OptionError);
    expect(() => findLabelIssues([0, 1], probabilities, { rankby: 'selfConfidence' } as never)).toThrow(/did you mean 'rankBy'/);
    expect(() => findLabelIssues([0, 1], probabilities, { fracNoise: 0 })).toThrow('findLabelIssues: options.fracNoise must be a number in (0, 1], got 0');
    probabilities.dispose();
  });
  it('rejects null and disposed tensors', () => {
    const probabilities = p();
    probabilities.dispose();
    expect(() => findLabelIssues([0, 1], probabilities)).toThrow(/not disposed/);
    expect(() => findLabelIssues([0, 1], null as never)).toThrow(/must be a tf.Tensor, got null/);
  });
  it('leaks no tensors and leaves its inputs alive', async () => {
    const probabilities = p();
    await expectNoLeaks(() => findLabelIssues([0, 1], probabilities));
    expect(probabilities.isDisposed).toBe(false);
    probabilities.dispose();
  });
});
