import { readFileSync } from 'node:fs';
import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { classifierScore, classStatistics, densityCoverage, FeatureStatistics, frechetDistance, kernelInceptionDistance, polynomialMmd, precisionRecall } from './index';

// Made by scripts/make-goldens.py (pytorch-fid's sqrtm FID, torch-fidelity's KID, the prdc package's formulas, Salimans' IS).
const golden = JSON.parse(readFileSync(new URL('./golden/metrics.json', import.meta.url), 'utf8'));

interface Case {
  name: string;
  real: number[][];
  fake: number[][];
  shapeReal: [number, number];
  shapeFake: [number, number];
  fid: number;
  fidSame: number;
  meanReal: number[];
  covarianceReal: number[];
  kidFull: number;
  kidSubsets: { fake: number[]; real: number[]; mmd: number }[];
  kidMean: number;
  kidStd: number;
  kidDegree2Gamma05: number;
  prdc3: { precision: number; recall: number; density: number; coverage: number };
  prdc5: { precision: number; recall: number; density: number; coverage: number };
}

const matrix = (rows: number[][]) => ({ data: Float64Array.from(rows.flat()), shape: [rows.length, rows[0]!.length] as [number, number] });
const close = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);

describe.each(golden.cases as Case[])('golden $name', (c) => {
  const real = matrix(c.real);
  const fake = matrix(c.fake);
  const d = c.shapeReal[1];

  it('FID matches pytorch-fid (scipy sqrtm) to 1e-6 relative, mean and covariance to 1e-9', () => {
    const a = new FeatureStatistics(d).update(real);
    const b = new FeatureStatistics(d).update(fake);
    close(frechetDistance(a, b) / c.fid, 1, 1e-6);
    close(frechetDistance(a, a), 0, 1e-9);
    close(c.fidSame, 0, 1e-6);
    a.mean().forEach((v, i) => {
close(v, c.meanReal[i]!, 1e-9);
});
    a.covariance().forEach((v, i) => {
close(v, c.covarianceReal[i]!, 1e-9);
});
  });

  it('FID is the same from float32 tensors in batches merged (Chan) as from one float64 pass', () => {
    const stats = [new FeatureStatistics(d), new FeatureStatistics(d)];
    for (const [index, rows] of [c.real, c.fake].entries()) {
      for (let start = 0; start < rows.length; start += 97) {
        const batch = tf.tensor2d(rows.slice(start, start + 97));
        stats[index]!.update(batch);
        batch.dispose();
      }
    }
    expect(stats[0]!.count).toBe(c.shapeReal[0]);
    close(frechetDistance(stats[0]!, stats[1]!) / c.fid, 1, 1e-6);
  });

  it('KID subsets match torch-fidelity polynomial_mmd to 1e-6', async () => {
    const values: number[] = [];
    for (const subset of c.kidSubsets) {
      const value = await polynomialMmd(matrix(subset.fake.map((i) => c.fake[i]!)), matrix(subset.real.map((i) => c.real[i]!)));
      close(value, subset.mmd, 1e-6);
      values.push(value);
    }
    const mean = values.reduce((a, b) => a + b) / values.length;
    close(mean, c.kidMean, 1e-6);
    close(Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length), c.kidStd, 1e-6);
    const m = Math.min(c.shapeReal[0], c.shapeFake[0]);
    close(await polynomialMmd(matrix(c.fake.slice(0, m)), matrix(c.real.slice(0, m)), { degree: 2, gamma: 0.5, coef0: 0.25 }), c.kidDegree2Gamma05, 1e-6 * Math.max(1, Math.abs(c.kidDegree2Gamma05)));
  });

  it('kernelInceptionDistance over full-size subsets equals the full-set MMD², std 0', async () => {
    const m = Math.min(c.shapeReal[0], c.shapeFake[0]);
    const kid = await kernelInceptionDistance(matrix(c.fake.slice(0, m)), matrix(c.real.slice(0, m)), { subsets: 3, subsetSize: m });
    close(kid.mean, c.kidFull, 1e-6);
    close(kid.std, 0, 1e-9);
    expect([kid.subsets, kid.subsetSize]).toEqual([3, m]);
  });

  it('precision/recall (k = 3) and density/coverage (k = 5) match the prdc package exactly', async () => {
    const pr = await precisionRecall(real, fake);
    close(pr.precision, c.prdc3.precision, 1e-12);
    close(pr.recall, c.prdc3.recall, 1e-12);
    const dc = await densityCoverage(real, fake);
    close(dc.density, c.prdc5.density, 1e-12);
    close(dc.coverage, c.prdc5.coverage, 1e-12);
    const dc3 = await densityCoverage(real, fake, { k: 3 });
    close(dc3.density, c.prdc3.density, 1e-12);
    close(dc3.coverage, c.prdc3.coverage, 1e-12);
    const pr5 = await precisionRecall(real, fake, { k: 5 });
    close(pr5.precision, c.prdc5.precision, 1e-12);
    close(pr5.recall, c.prdc5.recall, 1e-12);
  });

  it('leaks no tensors', async () => {
    const r = tf.tensor2d(c.real.slice(0, 50));
    const f = tf.tensor2d(c.fake.slice(0, 50));
    await expectNoLeaks(async () => {
      await precisionRecall(r, f);
      await kernelInceptionDistance(f, r, { subsets: 2, subsetSize: 20 });
    });
    tf.dispose([r, f]);
  });
});

describe('golden classes', () => {
  const g = golden.classes;
  const probabilities = matrix(g.probabilities);

  it('classifier score matches the Inception Score formula to 1e-6', async () => {
    const score = await classifierScore(probabilities);
    close(score.mean, g.classifierScoreMean, 1e-6);
    close(score.std, g.classifierScoreStd, 1e-6);
  });

  it('class statistics match', async () => {
    const stats = await classStatistics(probabilities);
    expect(stats.classCounts).toEqual(g.classCounts);
    for (const [i, v] of stats.classHistogram.entries()) close(v, g.classHistogram[i], 1e-12);
    expect(stats.classesCovered).toBe(g.classesCovered);
    close(stats.classEntropy, g.classEntropy, 1e-12);
    close(stats.confidentShare, g.confidentShare, 1e-12);
  });
});
