import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { audit, findLabelIssues, LabelError, labelIssueSheet, LimitError, neighbourProbabilities, OptionError, TensorError } from './index';
import { neighbourVoteProbabilities } from './internal/neighbour-probabilities';
import { generator } from './testing/digits';

/** `perClass` noisy copies of `classes` random 12×12 patterns, class-major, values in [0, 1]. */
function clusters(classes: number, perClass: number, seed = 3): { images: tf.Tensor4D; labels: number[] } {
  const random = generator(seed);
  const patterns = Array.from({ length: classes }, () => Array.from({ length: 144 }, () => random()));
  const values: number[] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      for (const v of patterns[c]!) values.push(Math.min(1, Math.max(0, v + (random() - 0.5) * 0.1)));
      labels.push(c);
    }
  }
  return { images: tf.tensor4d(values, [classes * perClass, 12, 12, 1]), labels };
}

describe('neighbourVoteProbabilities (hand values)', () => {
  it('weighs votes equally, by 1 / rank or by exp(−d²/h²) (h² the median squared k-th distance), plus smoothing', () => {
    // Three images, k = 2. Image 0: neighbours 1 (d 1, class 1) and 2 (d 2, class 0); image 1: 0 (d 1), 2 (d 1);
    // image 2: 0 (d 2), 1 (d 1). k-th distances 2, 1, 2 → median squared = 4.
    const lists = {
      rows: Int32Array.from([0, 1, 2]),
      neighbours: Int32Array.from([1, 2, 0, 2, 1, 0]),
      distances: Float32Array.from([1, 2, 1, 1, 1, 2]),
      k: 2,
    };
    const p = neighbourVoteProbabilities(lists, Int32Array.from([0, 1, 0]), 2, 3, 0.5);
    const w1 = Math.exp(-1 / 4);
    const w2 = Math.exp(-4 / 4);
    const row = (a: number, b: number) => [a / (a + b), b / (a + b)];
    expectClose(Array.from(p), [...row(0.25 + w2, 0.25 + w1), ...row(0.25 + w1 + w1, 0.25), ...row(0.25 + w2, 0.25 + w1)], { atol: 1e-12 });
    // Uniform: counts; rank: 1 / rank.
    const uniform = neighbourVoteProbabilities(lists, Int32Array.from([0, 1, 0]), 2, 3, 0.5, 'uniform');
    expectClose(Array.from(uniform), [...row(1.25, 1.25), ...row(2.25, 0.25), ...row(1.25, 1.25)], { atol: 1e-12 });
    const rank = neighbourVoteProbabilities(lists, Int32Array.from([0, 1, 0]), 2, 3, 0.5, 'rank');
    expectClose(Array.from(rank), [...row(0.75, 1.25), ...row(1.75, 0.25), ...row(0.75, 1.25)], { atol: 1e-12 });
  });

  it('gives uniform rows to images without neighbours', () => {
    const p = neighbourVoteProbabilities({ rows: Int32Array.from([]), neighbours: new Int32Array(), distances: new Float32Array(), k: 0 }, Int32Array.from([0]), 4, 1, 0.5);
    expect(Array.from(p)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe('neighbourProbabilities', () => {
  it('gives out-of-sample rows: a mislabelled copy gets the probability of its cluster', async () => {
    const { images, labels } = clusters(3, 6);
    labels[2] = 1; // a copy of pattern 0 labelled 1
    const p = await neighbourProbabilities(images, labels, { neighbours: 5 });
    expect(p.shape).toEqual([18, 3]);
    expect(p.dtype).toBe('float32');
    const rows = p.arraySync();
    for (const row of rows) expectClose(row.reduce((a, b) => a + b, 0), 1, { atol: 1e-6 });
    // Image 2 never votes for itself: its 5 neighbours are the other copies of pattern 0.
    expect(rows[2]![0]!).toBeGreaterThan(0.9);
    expect(rows[2]![1]!).toBeLessThan(0.05);
    // Its cluster mates see one vote (of 5) for class 1.
    expect(rows[0]![1]!).toBeGreaterThan(0.1);
    const { issues, suggestedLabels } = findLabelIssues(labels, p);
    expect(issues).toEqual([2]);
    expect(suggestedLabels[2]).toBe(0);
    tf.dispose([images, p]);
  });

  it('rejects bad labels and options', async () => {
    const { images, labels } = clusters(2, 3);
    await expect(neighbourProbabilities(images, [0, 1])).rejects.toThrow(LabelError);
    await expect(neighbourProbabilities(images, labels.map((l) => l + 0.5))).rejects.toThrow(/labels\[0\] must be a class index/);
    await expect(neighbourProbabilities(images, labels, { smoothing: 0 })).rejects.toThrow('neighbourProbabilities: options.smoothing must be a finite number > 0, got 0');
    await expect(neighbourProbabilities(images, labels, { numClasses: 1 })).rejects.toThrow(OptionError);
    await expect(neighbourProbabilities(images, labels, { neighbours: 5000 })).rejects.toThrow(LimitError);
    const dead = tf.tensor1d(labels);
    dead.dispose();
    await expect(neighbourProbabilities(images, dead)).rejects.toThrow(TensorError);
    images.dispose();
  });

  it('leaks no tensors beyond the result', async () => {
    const { images, labels } = clusters(2, 4);
    await expectNoLeaks(async () => {
      (await neighbourProbabilities(images, labels, { neighbours: 3 })).dispose();
    });
    images.dispose();
  });
});

describe('audit: label issues', () => {
  it('flags a mislabelled copy by confident learning by default, with its suggested label and the report', async () => {
    const { images, labels } = clusters(3, 8);
    labels[3] = 2;
    labels[12] = 0;
    const report = await audit(images, { labels, checks: ['labelIssue'], neighbours: 5 });
    expect(report.flagged('labelIssue')).toEqual([3, 12]);
    const summary = report.labelIssues!;
    expect(summary.method).toBe('confidentLearning');
    expect(summary.source).toBe('neighbours');
    expect(summary.classes).toEqual([0, 1, 2]);
    expect(summary.issues.map(({ index, given, suggested }) => [index, given, suggested]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [3, 2, 0],
      [12, 0, 1],
    ]);
    expect(summary.noiseMatrix).toHaveLength(3);
    expect(summary.health).toBeCloseTo(1 - 2 / 24, 10);
    // The score is the self-confidence p(given label): low for the two.
    expect(report.scores.labelIssue![3]!).toBeLessThan(0.1);
    expect(report.scores.labelIssue![0]!).toBeGreaterThan(0.5);
    const text = report.toString();
    expect(text).toMatch(/label issues \(confident learning on leave-one-out neighbour probabilities\): 2 flagged, label health 0\.917/);
    expect(text).toMatch(/#3\s+2 → 0/);
    expect(report.toJSON().labelIssues?.issues).toHaveLength(2);
    images.dispose();
  });

  it('keeps the neighbour vote as an option, and takes given probabilities', async () => {
    const { images, labels } = clusters(3, 8);
    labels[3] = 2;
    const vote = await audit(images, { labels, checks: ['labelIssue'], neighbours: 5, labelMethod: 'neighbourVote' });
    expect(vote.flagged('labelIssue')).toEqual([3]);
    expect(vote.scores.labelIssue![3]).toBe(0);
    expect(vote.scores.labelIssue![0]).toBeGreaterThanOrEqual(0.8);
    expect(vote.labelIssues!.issues).toEqual([{ index: 3, given: 2, suggested: 0, score: 0 }]);
    // Given probabilities: image 5 is predicted class 1 with confidence, labelled 0.
    const rows = labels.map((label, i) => (i === 5 ? [0.02, 0.96, 0.02] : [0, 1, 2].map((c) => (c === Math.floor(i / 8) ? 0.9 : 0.05))));
    const probabilities = tf.tensor2d(rows);
    const given = await audit(images, { labels, checks: ['labelIssue'], probabilities, labelIssues: { filterBy: 'confidentLearning' } });
    expect(given.labelIssues!.source).toBe('given');
    expect(given.flagged('labelIssue')).toEqual([3, 5]);
    await expect(audit(images, { labels: labels.map((l) => l + 5), probabilities })).rejects.toThrow(LabelError);
    await expect(audit(images, { labels, labelMethod: 'neighbourvote' as never })).rejects.toThrow(/did you mean 'neighbourVote'/);
    await expect(audit(images, { labels, labelIssues: { filterBy: 'pruneByClas' } as never })).rejects.toThrow(OptionError);
    tf.dispose([images, probabilities]);
  });

  it('draws a captioned contact sheet of the top issues', async () => {
    const { images, labels } = clusters(3, 8);
    labels[3] = 2;
    labels[12] = 0;
    const report = await audit(images, { labels, checks: ['labelIssue'], neighbours: 5 });
    const png = await labelIssueSheet(images, report, { scale: 1 });
    // PNG: signature, then IHDR width and height: two tiles of 13 × 19 px (caption "2>0": 3 glyphs of 4 px + 1; image 12 px + caption 7 px), 2 px padding.
    const view = new DataView(png.buffer, png.byteOffset);
    expect(Array.from(png.subarray(1, 4))).toEqual([80, 78, 71]);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([2 + 2 * (13 + 2), 2 + 12 + 7 + 2]);
    // The first caption starts one pixel into the tile, one pixel under the image: the top row of
    // the given label's glyph in red, then (4 px on) the arrow's tip in gray.
    const { data, width } = decode(png);
    const pixel = (x: number, y: number) => Array.from(data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3));
    const first = report.labelIssues!.issues[0]!;
    expect(first.given).toBe(first.index === 3 ? 2 : 0);
    expect(pixel(3, 15)).toEqual([255, 96, 96]);
    expect(pixel(7, 15)).toEqual([200, 200, 200]);
    expect(pixel(2, 15)).toEqual([0, 0, 0]);
    await expect(labelIssueSheet(images, [{ index: 99, given: 0, suggested: 1, score: 0 }])).rejects.toThrow('labelIssueSheet: issues[0].index must be an image index in [0, 23], got 99');
    const plain = await audit(images, { checks: ['constant'] });
    await expect(labelIssueSheet(images, plain)).rejects.toThrow(/a report of an audit with labels/);
    images.dispose();
  });
});
