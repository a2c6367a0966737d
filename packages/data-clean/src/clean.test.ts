import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { audit, clean, LabelError, OptionError, ReportError, ShapeError } from './index';

/** Five 4×4 images: 0 fine, 1 NaN, 2 fine, 3 blank, 4 an exact copy of 0. */
function images(): tf.Tensor4D {
  const a = Array.from({ length: 16 }, (_, i) => (i % 5) / 4);
  const b = Array.from({ length: 16 }, (_, i) => ((i * 7) % 16) / 15);
  const nan = [...b];
  nan[2] = Number.NaN;
  return tf.tensor4d([...a, ...nan, ...b.map((v) => 1 - v), ...new Array(16).fill(0), ...a], [5, 4, 4, 1]);
}

describe('clean', () => {
  it('keeps the unflagged images, labels and indices', async () => {
    const x = images();
    const report = await audit(x, { checks: ['nonFinite', 'constant', 'exactDuplicate'] });
    expect(report.flagged()).toEqual([1, 3, 4]);
    const kept = clean(x, report, { labels: [10, 11, 12, 13, 14] });
    expect(kept.indices).toEqual([0, 2]);
    expect(kept.dropped).toEqual([1, 3, 4]);
    expect(kept.labels).toEqual([10, 12]);
    expect(kept.images.shape).toEqual([2, 4, 4, 1]);
    expect(kept.images.dtype).toBe('float32');
    expect(Array.from(kept.images.dataSync())).toEqual(Array.from(tf.gather(x, [0, 2]).dataSync()));
    const onlyNaN = clean(x, report, { drop: ['nonFinite'], labels: tf.tensor1d([10, 11, 12, 13, 14]) });
    expect(onlyNaN.indices).toEqual([0, 2, 3, 4]);
    expect(Array.from(onlyNaN.labels!.dataSync())).toEqual([10, 12, 13, 14]);
    expect(x.isDisposed).toBe(false);
    tf.dispose([x, kept.images, onlyNaN.images, onlyNaN.labels!]);
  });

  it('returns new tensors for an array of images', async () => {
    const x = images();
    const list = tf.unstack(x) as tf.Tensor3D[];
    const report = await audit(list, { checks: ['constant'] });
    const kept = clean(list, report);
    expect(kept.indices).toEqual([0, 1, 2, 4]);
    expect(kept.images).toHaveLength(4);
    expect(kept.images[0]).not.toBe(list[0]);
    expect(Array.from(kept.images[2]!.dataSync())).toEqual(Array.from(list[2]!.dataSync()));
    tf.dispose([x, ...list, ...kept.images]);
  });

  it('leaks no tensors', async () => {
    const x = images();
    const report = await audit(x);
    const labels = tf.tensor1d([1, 2, 3, 4, 5]);
    await expectNoLeaks(() => clean(x, report, { labels }));
    labels.dispose();
    x.dispose();
  });

  it('rejects a report of another set, unknown issues and wrong labels', async () => {
    const x = images();
    const report = await audit(x, { checks: ['constant'] });
    const other = tf.zeros([3, 4, 4, 1]) as tf.Tensor4D;
    expect(() => clean(other, report)).toThrow(ReportError);
    expect(() => clean(other, report)).toThrow('clean: report must be a report of 3 images, got a report of 5 images');
    expect(() => clean(x, {} as never)).toThrow('clean: report must be an AuditReport from audit(), got an object {}');
    expect(() => clean(x, report, { drop: ['shiny' as never] })).toThrow(OptionError);
    expect(() => clean(x, report, { labels: [1, 2] })).toThrow(LabelError);
    expect(() => clean(x, report, { labels: [1, 2] })).toThrow('clean: options.labels must be one label per image (5), got 2 labels');
    expect(() => clean(tf.zeros([5, 4]) as never, report)).toThrow(ShapeError);
    tf.dispose([x, other]);
  });
});
