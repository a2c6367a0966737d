import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { audit, clean } from './index';

describe('README snippet', () => {
  it('finds the planted copy and blank image, and drops them', async () => {
    // The README's snippet minus the backend import (the test setup picks the backend).
    const images = tf.randomUniform([64, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D; // NHWC in [0, 1]
    const copy = tf.slice(images, [5, 0, 0, 0], [1, 28, 28, 1]);
    const blank = tf.zeros([1, 28, 28, 1]);
    const all = tf.concat([images, copy, blank]) as tf.Tensor4D;
    const report = await audit(all);
    expect([report.counts.exactDuplicate, report.counts.constant]).toEqual([1, 1]);
    expect(report.exactDuplicateGroups).toEqual([[5, 64]]);
    const { images: kept, indices } = clean(all, report, { drop: ['exactDuplicate', 'constant'] });
    expect(kept.shape).toEqual([64, 28, 28, 1]);
    expect(indices).toEqual(Array.from({ length: 64 }, (_, i) => i));
    tf.dispose([images, copy, blank, all, kept]);
  });
});
