import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { collectTensors, expectClose, expectNoLeaks, toArray } from './index';

describe('test-utils', () => {
  it('runs on the backend its project names', () => {
    expect(['cpu', 'wasm']).toContain(tf.getBackend());
    expect(tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync()).toEqual([4, 6]);
  });

  it('collectTensors finds tensors in nested containers', () => {
    const a = tf.scalar(1);
    const b = tf.scalar(2);
    expect(collectTensors({ x: [a, { y: b }], z: 3 })).toEqual([a, b]);
    tf.dispose([a, b]);
  });

  it('expectNoLeaks fails when a tensor leaks', async () => {
    const kept: tf.Tensor[] = [];
    await expect(expectNoLeaks(() => void kept.push(tf.scalar(1)))).rejects.toThrow(/leaked/);
    tf.dispose(kept);
    await expectNoLeaks(() => tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2))));
  });

  it('expectClose honours tolerances and reports the worst element', () => {
    expect(toArray([[1, 2], [3]])).toEqual([1, 2, 3]);
    expectClose([1, 2.000001], [1, 2]);
    expect(() => expectClose([1, 2.1], [1, 2])).toThrow(/element 1/);
    expect(() => expectClose(tf.zeros([2, 1]), tf.zeros([1, 2]))).toThrow();
  });
});
