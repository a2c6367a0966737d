/**
 * registerReductionGradients' gradients of tfjs's fused ops (tf.fused.conv2d and
 * tf.fused.matMul: tfjs-layers' Conv2D and Dense with a bias): the same values as tfjs's own
 * customGrad gradients, bit for bit, over strides, paddings and transposes; and only the
 * gradients on the path to the variables computed.
 */
import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerTrainingKernels, unregisterTrainingKernels } from './register-training-kernels';
import { registerReductionGradients, unregisterReductionGradients } from './reduction-gradients';
import { type ConvPad, GRID_PADS, makeConvCase, randomValues } from './internal/reference';

const values = (shape: number[], seed: number) => tf.tensor(randomValues(shape.reduce((p, d) => p * d, 1), seed), shape);

/** The shared grid: shapes and kernel sides, unequal strides, every padding of GRID_PADS, bias or not. */
function convGrid(): { x: number[]; filter: number[]; strides: [number, number]; pad: ConvPad; bias: boolean }[] {
  const cases: { x: number[]; filter: number[]; strides: [number, number]; pad: ConvPad; bias: boolean }[] = [];
  let i = 0;
  for (const [h, w, kh, kw] of [
    [7, 7, 3, 3],
    [8, 9, 5, 5],
    [9, 8, 4, 2],
  ] as const)
    for (const strides of [
      [1, 1],
      [2, 2],
      [2, 3],
    ] as [number, number][])
      for (const pad of GRID_PADS) {
        const inC = [1, 3][i % 2]!;
        const outC = [2, 4, 3][i % 3]!;
        const c = makeConvCase([1 + (i % 2), h, w, inC], [kh, kw, inC, outC], strides, pad);
        if (c.outHeight > 0 && c.outWidth > 0) cases.push({ x: c.xShape, filter: c.filterShape, strides, pad, bias: i % 4 !== 3 });
        i++;
      }
  return cases;
}
const CONV_CASES = convGrid();

/** Gradients of a weighted sum of the fused conv with respect to x, filter and bias. */
function convGrads(c: (typeof CONV_CASES)[number]): number[][] {
  return tf.tidy(() => {
    const x = values(c.x, 1) as tf.Tensor4D;
    const filter = values(c.filter, 2) as tf.Tensor4D;
    const bias = c.bias ? values([c.filter[3]!], 3) : undefined;
    const f = (...args: tf.Tensor[]) => {
      const y = tf.fused.conv2d({ x: args[0] as tf.Tensor4D, filter: args[1] as tf.Tensor4D, strides: c.strides, pad: c.pad, bias: args[2] });
      return tf.sum(tf.mul(y, values(y.shape, 4)));
    };
    const grads = tf.grads(f)(bias ? [x, filter, bias] : [x, filter]);
    return grads.map((g) => Array.from(g.dataSync()));
  });
}

/** Calls `fn`, returning the names of the conv gradient kernels it ran (the registry's configs wrapped meanwhile). */
function convGradKernelsIn(fn: () => void): string[] {
  const names: string[] = [];
  const restore: (() => void)[] = [];
  for (const config of tf.getKernelsForBackend(tf.getBackend())) {
    if (!config.kernelName.startsWith('Conv2DBackprop')) continue;
    const inner = config.kernelFunc;
    config.kernelFunc = (args) => {
      names.push(config.kernelName);
      return inner(args);
    };
    restore.push(() => {
      config.kernelFunc = inner;
    });
  }
  try {
    fn();
  } finally {
    for (const r of restore) r();
  }
  return names.sort();
}

/** The conv gradient kernels run by tf.variableGrads of a two-layer fused conv net over `trainable` only. */
function kernelsRun(trainable: 'first' | 'second' | 'both'): string[] {
  const x = values([2, 8, 8, 1], 5) as tf.Tensor4D;
  const w1 = tf.variable(values([3, 3, 1, 4], 6), trainable !== 'second');
  const b1 = tf.variable(values([4], 7), trainable !== 'second');
  const w2 = tf.variable(values([3, 3, 4, 2], 8), trainable !== 'first');
  const b2 = tf.variable(values([2], 9), trainable !== 'first');
  const names = convGradKernelsIn(() => {
    const { value, grads } = tf.variableGrads(() => {
      const h = tf.fused.conv2d({ x, filter: w1 as tf.Tensor4D, strides: 2, pad: 'same', bias: b1 });
      const y = tf.fused.conv2d({ x: h, filter: w2 as tf.Tensor4D, strides: 1, pad: 'same', bias: b2 });
      return tf.mean(y);
    });
    tf.dispose([value, ...Object.values(grads)]);
  });
  tf.dispose([x, w1, b1, w2, b2]);
  return names;
}

describe('registerReductionGradients: fused conv2d and matMul', () => {
  // tfjs's customGrad clones the saved tensors with the backend's Identity, which copies on
  // wasm, and its engine in test mode takes the copies for a leak in the forward kernel; our
  // Identity shares the data. (Both gradients then run on the same registered kernels.)
  beforeEach(() => {
    registerTrainingKernels();
  });
  afterEach(() => {
    unregisterReductionGradients();
    unregisterTrainingKernels();
  });

  it('registers the fused ops tape nodes and removes them again', () => {
    expect(registerReductionGradients()).toEqual(['Mean', 'Sum', 'LeakyRelu', 'fusedConv2d__op', 'fusedMatMul__op']);
    expect(tf.getGradient('fusedConv2d__op')).toBeDefined();
    // The engine's runKernel is wrapped (an own property over the prototype's) while registered.
    expect(Object.hasOwn(tf.engine(), 'runKernel')).toBe(true);
    expect(unregisterReductionGradients()).toEqual(['Mean', 'Sum', 'LeakyRelu', 'fusedConv2d__op', 'fusedMatMul__op']);
    expect(tf.getGradient('fusedConv2d__op')).toBeUndefined();
    expect(Object.hasOwn(tf.engine(), 'runKernel')).toBe(false);
  });

  it('gives tfjs fused conv gradients bit for bit over the shape, stride and padding grid', () => {
    expect(CONV_CASES.length).toBeGreaterThan(20);
    for (const c of CONV_CASES) {
      const expected = convGrads(c);
      registerReductionGradients();
      const actual = convGrads(c);
      unregisterReductionGradients();
      expect(actual.length).toBe(c.bias ? 3 : 2);
      for (let i = 0; i < actual.length; i++) {
        expect(actual[i], `${JSON.stringify(c)} input ${i}`).toEqual(expected[i]);
        expect(actual[i]!.some((v) => v !== 0)).toBe(true);
      }
    }
  });

  it('gives tfjs fused matMul gradients bit for bit for every transpose, with and without bias', () => {
    for (const [transposeA, transposeB] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      for (const withBias of [true, false]) {
        const run = () =>
          tf.tidy(() => {
            const a = values(transposeA ? [5, 3] : [3, 5], 11);
            const b = values(transposeB ? [4, 5] : [5, 4], 12);
            const bias = values([4], 13);
            const f = (...args: tf.Tensor[]) => {
              const y = tf.fused.matMul({ a: args[0]!, b: args[1]!, transposeA, transposeB, bias: args[2] });
              return tf.sum(tf.mul(y, values([3, 4], 14)));
            };
            return tf.grads(f)(withBias ? [a, b, bias] : [a, b]).map((g) => ({ shape: g.shape, values: Array.from(g.dataSync()) }));
          });
        const expected = run();
        registerReductionGradients();
        const actual = run();
        unregisterReductionGradients();
        expect(actual).toEqual(expected);
        expect(actual[0]!.shape).toEqual(transposeA ? [5, 3] : [3, 5]);
      }
    }
  });

  it('computes only the gradients on the path to the trainable variables', () => {
    const before = { first: kernelsRun('first'), second: kernelsRun('second') };
    registerReductionGradients();
    const first = kernelsRun('first');
    const second = kernelsRun('second');
    const both = kernelsRun('both');
    // tfjs: both gradients of every layer on the path, needed or not.
    expect(before.first).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'Conv2DBackpropInput']);
    expect(before.second).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropInput']);
    // First layer only: its filter gradient, and the second layer's input gradient to reach it.
    expect(first).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropInput']);
    // Second layer only: its filter gradient alone.
    expect(second).toEqual(['Conv2DBackpropFilter']);
    // Both: the input gradient of the first layer (the data) is never needed.
    expect(both).toEqual(['Conv2DBackpropFilter', 'Conv2DBackpropFilter', 'Conv2DBackpropInput']);
  });

  it('gives tfjs second-order gradients (an R1 penalty: the filter gradient of |d output / d x|^2)', () => {
    const run = () =>
      tf.tidy(() => {
        const x = values([2, 6, 6, 2], 41) as tf.Tensor4D;
        const w1 = values([3, 3, 2, 3], 42) as tf.Tensor4D;
        const w2 = values([3, 3, 3, 1], 43) as tf.Tensor4D;
        const b = values([3], 44);
        const penalty = (f1: tf.Tensor, f2: tf.Tensor) => {
          const d = (t: tf.Tensor) => {
            const h = tf.tanh(tf.fused.conv2d({ x: t as tf.Tensor4D, filter: f1 as tf.Tensor4D, strides: 2, pad: 'same', bias: b }));
            return tf.sum(tf.fused.conv2d({ x: h, filter: f2 as tf.Tensor4D, strides: 1, pad: 'valid' }));
          };
          return tf.sum(tf.square(tf.grad(d)(x)));
        };
        return tf.grads(penalty)([w1, w2]).map((g) => Array.from(g.dataSync()));
      });
    const expected = run();
    registerReductionGradients();
    const actual = run();
    expect(actual).toEqual(expected);
    expect(actual[0]!.some((v) => v !== 0)).toBe(true);
  });

  it('leaks no tensors', async () => {
    registerReductionGradients();
    const x = values([2, 6, 6, 2], 21) as tf.Tensor4D;
    const w = tf.variable(values([3, 3, 2, 3], 22));
    const b = tf.variable(values([3], 23));
    await expectNoLeaks(() => {
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.fused.conv2d({ x, filter: w as tf.Tensor4D, strides: 2, pad: 'same', bias: b })));
      tf.dispose([value, ...Object.values(grads)]);
    });
    tf.dispose([x, w, b]);
  });
});
