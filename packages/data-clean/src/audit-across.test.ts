import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { audit, auditAcross, LeakageReport, OptionError, ShapeError } from './index';

/** 16×16 test pattern number k: a bar of length 3..10 at a k-dependent place and angle. */
function pattern(k: number, shift = 0): number[] {
  const out = new Array(256).fill(0);
  const length = 3 + (k % 8);
  const vertical = k % 2 === 0;
  const base = 2 + ((k * 3) % 6);
  for (let i = 0; i < length; i++) {
    const y = vertical ? 2 + i + shift : base + shift;
    const x = vertical ? base + shift : 2 + i + shift;
    out[y * 16 + x] = 1;
    out[y * 16 + Math.min(15, x + 1 + (k % 3))] = 0.5;
  }
  return out;
}

describe('auditAcross', () => {
  it('finds exact and shifted copies of train images in test', async () => {
    const train = tf.tensor4d(Array.from({ length: 12 }, (_, k) => pattern(k)).flat(), [12, 16, 16, 1]);
    // test 0: exact copy of train 5; test 1: train 8 shifted by 1 px; test 2, 3: new patterns.
    const test = tf.tensor4d([...pattern(5), ...pattern(8, 1), ...pattern(13).map((v, i) => (i % 7 === 0 ? 0.3 : v)), ...new Array(256).fill(0).map((_, i) => ((i * 37) % 256) / 255)], [4, 16, 16, 1]);
    const leakage = await auditAcross(train, test);
    expect(leakage).toBeInstanceOf(LeakageReport);
    expect(leakage.exactPairs).toEqual([{ train: 5, test: 0 }]);
    expect(leakage.nearPairs.map((p) => [p.a, p.b])).toEqual([[8, 1]]);
    expect(leakage.flaggedTest()).toEqual([0, 1]);
    expect(leakage.counts).toEqual({ exactPairs: 1, nearPairs: 1, testImages: 2, trainImages: 2 });
    expect(Array.from(leakage.trainFlags).flatMap((f, i) => (f ? [i] : []))).toEqual([5, 8]);
    const json = JSON.parse(JSON.stringify(leakage));
    expect(json.nearPairs[0].train).toBe(8);
    expect(json.nearPairs[0].test).toBe(1);
    expect(String(leakage)).toMatch(/2 of 4 test images/);
    // The same from reports, reusing their features.
    const fromReports = await auditAcross(await audit(train), await audit(test));
    expect(fromReports.exactPairs).toEqual(leakage.exactPairs);
    expect(fromReports.nearPairs).toEqual(leakage.nearPairs);
    tf.dispose([train, test]);
  });

  it('leaks no tensors', async () => {
    const train = tf.tensor4d(Array.from({ length: 4 }, (_, k) => pattern(k)).flat(), [4, 16, 16, 1]);
    const test = tf.tensor4d(pattern(2), [1, 16, 16, 1]);
    await expectNoLeaks(() => auditAcross(train, test).then(() => undefined));
    tf.dispose([train, test]);
  });

  it('rejects bad sets and options', async () => {
    const x = tf.zeros([2, 16, 16, 1]) as tf.Tensor4D;
    await expect(auditAcross(x, tf.zeros([16, 16]) as never)).rejects.toThrow(ShapeError);
    await expect(auditAcross(x, tf.zeros([16, 16]) as never)).rejects.toThrow('auditAcross: test must be rank 4 [batch, h, w, c], got rank 2 [16, 16]');
    await expect(auditAcross(x, x, { thresholds: { nearDuplicate: Number.NaN } })).rejects.toThrow(OptionError);
    await expect(auditAcross(x, x, { labels: [0, 1] } as never)).rejects.toThrow(/auditAcross: options.labels must be a known option/);
    const rgb = tf.ones([2, 16, 16, 3]) as tf.Tensor4D;
    await expect(auditAcross(x, rgb)).rejects.toThrow(ShapeError);
    await expect(auditAcross(x, rgb)).rejects.toThrow('auditAcross: test must be images with the channels of train (1, train shape [16, 16, 1]), got 3 channels (shape [16, 16, 3])');
    const dead = tf.zeros([2, 16, 16, 1]);
    dead.dispose();
    await expect(auditAcross(x, dead as tf.Tensor4D)).rejects.toThrow('auditAcross: test must be a tf.Tensor that is not disposed, got disposed float32 tensor [2, 16, 16, 1]');
    expect(() => new LeakageReport(null as never)).toThrow('LeakageReport: init must be the fields of a leakage report, as auditAcross() builds them, got null');
    tf.dispose([x, rgb]);
  });
});
