import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTrainingKernels, unregisterTrainingKernels } from './index';
import { naiveMatMul, randomValues, relativeError } from './internal/reference';

describe('matmul and tile kernels after registerTrainingKernels', () => {
  beforeAll(() => {
    registerTrainingKernels();
  });
  afterAll(() => {
    unregisterTrainingKernels();
  });

  const shapes: [number[], number[], boolean, boolean][] = [
    [[2, 5, 4], [2, 4, 6], false, false],
    [[2, 4, 5], [2, 4, 6], true, false],
    [[2, 5, 4], [2, 6, 4], false, true],
    [[3, 4, 5], [3, 6, 4], true, true],
    [[1, 64, 10], [1, 64, 33], true, false],
  ];

  it('BatchMatMul matches the definition with every transpose combination', () => {
    shapes.forEach(([aShape, bShape, ta, tb], i) => {
      const a = randomValues(aShape.reduce((p, d) => p * d), i + 1);
      const b = randomValues(bShape.reduce((p, d) => p * d), i + 50);
      const out = tf.tidy(() => tf.matMul(tf.tensor3d(a, aShape as [number, number, number]), tf.tensor3d(b, bShape as [number, number, number]), ta, tb));
      const expected = naiveMatMul(a, aShape, b, bShape, ta, tb);
      expect(out.shape).toEqual(expected.shape);
      expect(relativeError(out.dataSync(), expected.values)).toBeLessThan(1e-5);
      out.dispose();
    });
  });

  it('fused matMul with bias and activation matches the definition with transposes', () => {
    // tfjs 4.22's own wasm _FusedMatMul gets this wrong with transposeB + bias; ours transposes first.
    shapes.forEach(([aShape, bShape, ta, tb], i) => {
      const a = randomValues(aShape.reduce((p, d) => p * d), i + 7);
      const b = randomValues(bShape.reduce((p, d) => p * d), i + 70);
      const n = tb ? bShape[1]! : bShape[2]!;
      const bias = randomValues(n, i + 99);
      const out = tf.tidy(() =>
        tf.fused.matMul({
          a: tf.tensor3d(a, aShape as [number, number, number]),
          b: tf.tensor3d(b, bShape as [number, number, number]),
          transposeA: ta,
          transposeB: tb,
          bias: tf.tensor1d(bias),
          activation: 'relu',
        }),
      );
      const expected = naiveMatMul(a, aShape, b, bShape, ta, tb).values.map((v, j) => Math.max(0, v + bias[j % n]!));
      expect(relativeError(out.dataSync(), expected), `${aShape} ${bShape} ${ta} ${tb}`).toBeLessThan(1e-5);
      out.dispose();
    });
  });

  it('Tile repeats every axis, for float32, int32 and bool', () => {
    const t = tf.tidy(() => tf.tile(tf.tensor3d([1, 2, 3, 4], [1, 2, 2]), [2, 1, 3]));
    expect(t.shape).toEqual([2, 2, 6]);
    expect(Array.from(t.dataSync())).toEqual([1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4]);
    const i = tf.tidy(() => tf.tile(tf.tensor2d([5, 6], [2, 1], 'int32'), [2, 3]));
    expect(i.dtype).toBe('int32');
    expect(Array.from(i.dataSync())).toEqual([5, 5, 5, 6, 6, 6, 5, 5, 5, 6, 6, 6]);
    const b = tf.tidy(() => tf.tile(tf.tensor1d([true, false], 'bool'), [2]));
    expect(b.dtype).toBe('bool');
    expect(Array.from(b.dataSync())).toEqual([1, 0, 1, 0]);
    const broadcast = tf.tidy(() => tf.tile(tf.reshape(tf.tensor1d([1, 2, 3]), [1, 1, 1, 3]), [2, 2, 2, 1]));
    expect(Array.from(broadcast.dataSync())).toEqual(Array.from({ length: 8 }, () => [1, 2, 3]).flat());
    tf.dispose([t, i, b, broadcast]);
  });

  it('leaks no tensors', async () => {
    const a = tf.tensor3d(randomValues(40, 1), [2, 5, 4]);
    const b = tf.tensor3d(randomValues(48, 2), [2, 6, 4]);
    await expectNoLeaks(() => tf.matMul(a, b, false, true));
    await expectNoLeaks(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D, false, true)))([a, b]));
    await expectNoLeaks(() => tf.tile(a, [1, 2, 3]));
    tf.dispose([a, b]);
  });
});
