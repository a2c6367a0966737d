import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { densityCoverage, OptionError, precisionRecall, ShapeError, TensorError } from './index';

const m = (values: number[]) => ({ data: Float64Array.from(values), shape: [values.length, 1] as [number, number] });

describe('precisionRecall and densityCoverage', () => {
  // real: 0, 1, 2, 3 (k = 1: every radius 1, the nearest other point); fake: 0.5, 2.5, 10, 10.5
  const real = m([0, 1, 2, 3]);
  const fake = m([0.5, 2.5, 10, 10.5]);

  it('computes k = 1 by hand', async () => {
    // precision: 0.5 and 2.5 lie strictly inside real balls; 10 and 10.5 do not -> 1/2
    // fake radii (k = 1): 0.5 -> 2 (to 2.5), 2.5 -> 2, 10 -> 0.5, 10.5 -> 0.5
    // recall: real 0 (|0-0.5| = 0.5 < 2), 1, 2, 3 (|3-2.5| = 0.5 < 2) -> 1
    expect(await precisionRecall(real, fake, { k: 1 })).toEqual({ precision: 0.5, recall: 1 });
    // density: 0.5 in the balls of 0 and 1, 2.5 in those of 2 and 3 -> 4 / (1 · 4) = 1
    // coverage: all 4 real balls hold a fake -> 1
    expect(await densityCoverage(real, fake, { k: 1 })).toEqual({ density: 1, coverage: 1 });
  });

  it('uses strict inequality, as the prdc package (a fake on a ball boundary is outside)', async () => {
    expect(await precisionRecall(real, m([4, 5, 6, 7]), { k: 1 })).toEqual({ precision: 0, recall: 0 });
  });

  it('defaults to k = 3 and k = 5, and works from tensors without leaks', async () => {
    const r = tf.tensor2d(Array.from({ length: 12 }, (_, i) => [i, (i * 7) % 5]));
    const f = tf.tensor2d(Array.from({ length: 12 }, (_, i) => [i + 0.25, (i * 7) % 5]));
    const pr = await precisionRecall(r, f);
    expect(pr.precision).toBe(1);
    expect(pr.recall).toBe(1);
    const dc = await densityCoverage(r, f);
    expect(dc.coverage).toBe(1);
    await expectNoLeaks(() => densityCoverage(r, f));
    await expect(densityCoverage(tf.slice(r, 0, 5) as tf.Tensor2D, f)).rejects.toThrow('densityCoverage: real must be at least 6 rows, got shape [5, 2]');
    tf.dispose([r, f]);
  });

  it('rejects bad input', async () => {
    await expect(precisionRecall(real, fake, { kk: 3 } as never)).rejects.toThrow(OptionError);
    await expect(precisionRecall(real, { data: new Float64Array(4), shape: [2, 2] })).rejects.toThrow(ShapeError);
    await expect(densityCoverage(undefined as never, fake)).rejects.toThrow(TensorError);
  });
});
