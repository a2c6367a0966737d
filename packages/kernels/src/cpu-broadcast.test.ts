import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { registerTrainingKernels, unregisterTrainingKernels } from './index';
import { leadingBroadcastSize } from './internal/cpu-broadcast';
import { randomValues } from './internal/reference';

const OPS: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
  ['add', tf.add],
  ['sub', tf.sub],
  ['mul', tf.mul],
  ['div', tf.div],
];
/** Pairs of shapes: leading-axes broadcasts both ways, scalars, and others that go to tfjs's kernels. */
const PAIRS: [number[], number[]][] = [
  [[4, 3, 3, 5], [1, 1, 1, 5]],
  [[4, 3, 3, 5], [5]],
  [[5], [4, 3, 3, 5]],
  [[2, 6], []],
  [[], [2, 6]],
  [[3, 4, 5], [4, 5]],
  [[3, 4, 5], [1, 4, 1]],
  [[3, 1], [1, 4]],
  [[2, 3], [2, 3]],
];

// On cpu, registerTrainingKernels replaces these four binary kernels for leading-axes broadcasts.
describe('binary kernels with a broadcast operand', () => {
  it('give tfjs\'s values for every op and shape pair', () => {
    const inputs = PAIRS.map(([sa, sb], i) => [
      tf.tensor(randomValues(sa.reduce((p, d) => p * d, 1), 3 * i + 1), sa),
      tf.tensor(randomValues(sb.reduce((p, d) => p * d, 1), 3 * i + 2).map((v) => v + Math.sign(v) * 0.5), sb),
    ]);
    const run = () => inputs.flatMap(([a, b]) => OPS.map(([, op]) => tf.tidy(() => op(a!, b!)).dataSync()));
    registerTrainingKernels();
    const ours = run();
    const shapes = inputs.flatMap(([a, b]) => OPS.map(([, op]) => tf.tidy(() => op(a!, b!).shape)));
    unregisterTrainingKernels();
    const theirs = run();
    ours.forEach((values, i) => {
      const label = `${JSON.stringify(PAIRS[Math.floor(i / OPS.length)])} ${OPS[i % OPS.length]![0]}`;
      expect(Array.from(values), label).toEqual(Array.from(theirs[i]!));
    });
    expect(shapes[0]).toEqual([4, 3, 3, 5]);
    expect(shapes[2 * OPS.length]).toEqual([4, 3, 3, 5]);
    // By hand: [[1, 2], [3, 4]] - [10, 20] and [10, 20] / [[1, 2], [4, 5]].
    registerTrainingKernels();
    const d = tf.tidy(() => tf.sub(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor1d([10, 20])).dataSync());
    const q = tf.tidy(() => tf.div(tf.tensor1d([10, 20]), tf.tensor2d([1, 2, 4, 5], [2, 2])).dataSync());
    unregisterTrainingKernels();
    expect(Array.from(d)).toEqual([-9, -18, -7, -16]);
    expect(Array.from(q)).toEqual([10, 10, 2.5, 4]);
    tf.dispose(inputs.flat());
  });

  it('finds leading-axes broadcasts only', () => {
    expect(leadingBroadcastSize([4, 3, 3, 5], [1, 1, 1, 5])).toBe(5);
    expect(leadingBroadcastSize([4, 3, 3, 5], [3, 5])).toBe(15);
    expect(leadingBroadcastSize([2, 6], [])).toBe(1);
    expect(leadingBroadcastSize([3, 4, 5], [1, 4, 1])).toBe(-1);
    expect(leadingBroadcastSize([3, 4], [2, 3, 4])).toBe(-1);
  });

  it('keeps int32 and leaks nothing', async () => {
    registerTrainingKernels();
    try {
      const a = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
      const y = tf.add(a, tf.scalar(3, 'int32'));
      expect(y.dtype).toBe('int32');
      expect(Array.from(y.dataSync())).toEqual([4, 5, 6, 7]);
      const x = tf.randomNormal([4, 3, 3, 5]);
      const bias = tf.randomNormal([5]);
      await expectNoLeaks(() => tf.mul(x, bias));
      tf.dispose([a, y, x, bias]);
    } finally {
      unregisterTrainingKernels();
    }
  });
});
