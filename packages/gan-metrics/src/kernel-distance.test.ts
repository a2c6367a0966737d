import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { kernelInceptionDistance, LimitError, OptionError, polynomialMmd, ShapeError, TensorError } from './index';

const m = (rows: number[][]) => ({ data: Float64Array.from(rows.flat()), shape: [rows.length, rows[0]!.length] as [number, number] });

describe('polynomialMmd', () => {
  it('computes the unbiased MMD² by hand in one dimension', async () => {
    // x = {0, 1}, y = {1, 2}, k(a, b) = (a·b + 1)³ (γ = 1/D = 1).
    // K_XX off-diagonal: k(0,1) = 1 twice -> mean over m(m-1) = 2: 1
    // K_YY off-diagonal: k(1,2) = 27 twice -> 27
    // K_XY: k(0,1) = 1, k(0,2) = 1, k(1,1) = 8, k(1,2) = 27 -> sum 37, 2·37/4 = 18.5
    expect(await polynomialMmd(m([[0], [1]]), m([[1], [2]]))).toBeCloseTo(1 + 27 - 18.5, 12);
    // degree 1, γ = 2, coef0 = 0: k = 2ab; XX: 0, YY: 2·2·2/2 = 4, XY: 2·(0+0+1+2)=6 -> 2·6/4 = 3
    expect(await polynomialMmd(m([[0], [1]]), m([[1], [2]]), { degree: 1, gamma: 2, coef0: 0 })).toBeCloseTo(0 + 4 - 3, 12);
  });

  it('takes tensors and leaks nothing', async () => {
    const x = tf.tensor2d([[0], [1]]);
    const y = tf.tensor2d([[1], [2]]);
    expect(await polynomialMmd(x, y)).toBeCloseTo(9.5, 5);
    await expectNoLeaks(() => polynomialMmd(x, y));
    tf.dispose([x, y]);
  });

  it('rejects sets of different sizes or widths', async () => {
    await expect(polynomialMmd(m([[0], [1]]), m([[1], [2], [3]]))).rejects.toThrow('polynomialMmd: y must be 2 rows, as x, got shape [3, 1]');
    await expect(polynomialMmd(m([[0], [1]]), m([[1, 1], [2, 2]]))).rejects.toThrow(ShapeError);
    await expect(polynomialMmd(m([[0], [1]]), m([[1], [2]]), { degre: 2 } as never)).rejects.toThrow("did you mean 'degree'?");
  });
});

describe('kernelInceptionDistance', () => {
  const fake = m(Array.from({ length: 60 }, (_, i) => [Math.sin(i), Math.cos(i * 0.3) + 0.5]));
  const real = m(Array.from({ length: 80 }, (_, i) => [Math.sin(i * 1.3), Math.cos(i * 0.7)]));

  it('is the mean and population std of the subsets, the same for the same seed', async () => {
    const a = await kernelInceptionDistance(fake, real, { subsets: 7, subsetSize: 20, seed: 5 });
    const b = await kernelInceptionDistance(fake, real, { subsets: 7, subsetSize: 20, seed: 5 });
    const c = await kernelInceptionDistance(fake, real, { subsets: 7, subsetSize: 20, seed: 6 });
    expect(a).toEqual(b);
    expect(c.mean).not.toBe(a.mean);
    expect(a.std).toBeGreaterThan(0);
    expect([a.subsets, a.subsetSize]).toEqual([7, 20]);
  });

  it('defaults the subset size to the smaller set below 1000 rows', async () => {
    const kid = await kernelInceptionDistance(fake, real, { subsets: 2 });
    expect(kid.subsetSize).toBe(60);
  });

  it('is near 0 for two samples of one distribution and larger for shifted ones', async () => {
    const same = await kernelInceptionDistance(real, m(Array.from({ length: 80 }, (_, i) => [Math.sin(i * 1.3 + 0.001), Math.cos(i * 0.7)])), { subsets: 5, subsetSize: 40 });
    const shifted = await kernelInceptionDistance(real, m(Array.from({ length: 80 }, (_, i) => [Math.sin(i * 1.3) + 2, Math.cos(i * 0.7)])), { subsets: 5, subsetSize: 40 });
    expect(Math.abs(same.mean)).toBeLessThan(0.05);
    expect(shifted.mean).toBeGreaterThan(1);
  });

  it('rejects bad options and sizes', async () => {
    await expect(kernelInceptionDistance(fake, real, { subsetSize: 70 })).rejects.toThrow('kernelInceptionDistance: fake must be at least options.subsetSize = 70 rows, got shape [60, 2]');
    await expect(kernelInceptionDistance(fake, real, { subsets: 0 })).rejects.toThrow(OptionError);
    await expect(kernelInceptionDistance(fake, real, { subsets: 1e6 })).rejects.toThrow(LimitError);
    await expect(kernelInceptionDistance(fake, real, { seed: 1.5 })).rejects.toThrow(OptionError);
    await expect(kernelInceptionDistance(null as never, real)).rejects.toThrow(TensorError);
  });
});
