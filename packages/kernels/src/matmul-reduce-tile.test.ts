import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTrainingKernels, unregisterTrainingKernels } from './index';
import { naiveMatMul, randomValues, relativeError } from './internal/reference';

describe('matmul, reduction, identity and tile kernels after registerTrainingKernels', () => {
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

  it('Sum and Mean over leading axes match the definition', () => {
    const shape = [3, 4, 5, 6];
    const v = randomValues(360, 11);
    const cases: [number | number[], boolean, boolean][] = [
      [[0, 1, 2], false, false],
      [[0, 1, 2], true, true],
      [0, false, false],
      [[1, 0], true, false],
      [[1, 2], false, true],
      [-1, false, false],
      [[0, 1, 2, 3], false, true],
    ];
    for (const [axis, keepDims, mean] of cases) {
      const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + 4 : a));
      const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const expected = new Float64Array(outShape.reduce((p, d) => p * d, 1));
      const count = axes.reduce((p, a) => p * shape[a]!, 1);
      for (let i = 0; i < 360; i++) {
        const idx = [Math.floor(i / 120), Math.floor(i / 30) % 4, Math.floor(i / 6) % 5, i % 6];
        const o = idx.reduce((p, d, k) => p * outShape[k]! + (axes.includes(k) ? 0 : d), 0);
        expected[o]! += v[i]! / (mean ? count : 1);
      }
      const out = tf.tidy(() => {
        const x = tf.tensor4d(v, shape as [number, number, number, number]);
        return mean ? tf.mean(x, axis, keepDims) : tf.sum(x, axis, keepDims);
      });
      expect(out.shape).toEqual(keepDims ? outShape : outShape.filter((_, i) => !axes.includes(i)));
      expect(relativeError(out.dataSync(), expected), JSON.stringify([axis, keepDims, mean])).toBeLessThan(1e-5);
      out.dispose();
    }
  });

  it('Sum and Mean over many leading rows match the definition', () => {
    for (const [shape, axis] of [
      [[16, 7, 7, 12], [0, 1, 2]],
      [[300, 5], 0],
      [[2, 256, 3], [0, 1]],
      [[7, 3, 5], [0, 1]],
    ] as [number[], number[] | number][]) {
      const size = shape.reduce((p, d) => p * d, 1);
      const v = randomValues(size, 17);
      const axes = Array.isArray(axis) ? axis : [axis];
      const rows = axes.reduce((p, a) => p * shape[a]!, 1);
      const cols = size / rows;
      const sums = new Float64Array(cols);
      for (let i = 0; i < size; i++) sums[i % cols]! += v[i]!;
      for (const mean of [false, true]) {
        for (const keepDims of [false, true]) {
          const out = tf.tidy(() => {
            const x = tf.tensor(v, shape);
            return mean ? tf.mean(x, axis, keepDims) : tf.sum(x, axis, keepDims);
          });
          expect(out.shape).toEqual(keepDims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i)));
          const expected = Array.from(sums, (s) => (mean ? s / rows : s));
          expect(relativeError(out.dataSync(), expected), `${shape} ${mean} ${keepDims}`).toBeLessThan(1e-5);
          out.dispose();
        }
      }
    }
  });

  it('clone (Identity) gives the values and outlives its source', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x);
    x.dispose();
    expect(y.shape).toEqual([2, 2]);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    const v = tf.variable(y);
    v.assign(tf.tensor2d([5, 6, 7, 8], [2, 2]));
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(v.dataSync())).toEqual([5, 6, 7, 8]);
    tf.dispose([y, v]);
  });

  it('leaks no tensors', async () => {
    const a = tf.tensor3d(randomValues(40, 1), [2, 5, 4]);
    const b = tf.tensor3d(randomValues(48, 2), [2, 6, 4]);
    await expectNoLeaks(() => tf.matMul(a, b, false, true));
    await expectNoLeaks(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.matMul(x as tf.Tensor3D, y as tf.Tensor3D, false, true)))([a, b]));
    await expectNoLeaks(() => tf.tile(a, [1, 2, 3]));
    await expectNoLeaks(() => [tf.sum(a, [0, 1]), tf.mean(a, 0, true), tf.clone(a)]);
    tf.dispose([a, b]);
  });
});
