import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTrainingKernels, unregisterTrainingKernels } from './index';
import { BackendOps } from './internal/backend-ops';
import { conv2dBackpropFilterByConv, conv2dBackpropInputByConv } from './internal/composed-conv-grads';
import type { ConvGradAttrs } from './internal/conv-geometry';
import {
  conv2dBackpropFilterByGemm,
  conv2dBackpropInputByGemm,
  GEMM_MAX_CHANNELS,
  gemmFilterGradApplies,
  gemmInputGradApplies,
} from './internal/gemm-conv-grads';
import { type ConvGridCase, GRID_PADS, GRID_STRIDES, makeConvCase, naiveFilterGrad, naiveInputGrad, randomValues, relativeError } from './internal/reference';

/** Image channels 1 to 4 (the cases the matrix-product path takes) over kernels, strides and paddings. */
function grid(): ConvGridCase[] {
  const cases: ConvGridCase[] = [];
  const pads = GRID_PADS;
  let i = 0;
  for (const batch of [1, 3])
    for (const [h, w] of [
      [7, 7],
      [8, 9],
    ] as const)
      for (const [kh, kw] of [
        [1, 1],
        [3, 3],
        [4, 4],
        [5, 5],
        [3, 2],
      ] as const)
        for (const strides of GRID_STRIDES)
          for (const pad of pads) {
            const inC = [1, 3, 2, 4][i % 4]!;
            const outC = [5, 8, 1][(i >> 1) % 3]!;
            cases.push(makeConvCase([batch, h, w, inC], [kh, kw, inC, outC], strides, pad));
            i++;
          }
  // The seed and tutorial DCGANs' first D layer / last G layer, fewer images and channels.
  cases.push(makeConvCase([2, 28, 28, 1], [4, 4, 1, 16], [2, 2], 'same'));
  cases.push(makeConvCase([2, 28, 28, 1], [5, 5, 1, 8], [2, 2], 'same'));
  // Stride larger than the kernel: rows and columns no window reads.
  cases.push(makeConvCase([2, 9, 9, 2], [2, 2, 2, 3], [3, 3], 'same'));
  return cases;
}

const attrsOf = (c: ConvGridCase): ConvGradAttrs => ({ strides: c.strides, pad: c.pad, dataFormat: 'NHWC' });

function inputsOf(c: ConvGridCase, seed: number) {
  const dyShape = [c.xShape[0], c.outHeight, c.outWidth, c.filterShape[3]];
  return {
    x: tf.tensor(randomValues(c.xShape.reduce((a, b) => a * b), seed), c.xShape),
    w: tf.tensor(randomValues(c.filterShape.reduce((a, b) => a * b), seed + 1), c.filterShape),
    dy: tf.tensor(randomValues(dyShape.reduce((a, b) => a * b), seed + 2), dyShape),
  };
}

/** Runs one internal kernel function on the active backend; returns its values. */
function run(compute: (ops: BackendOps) => tf.TensorInfo): Float32Array {
  const ops = new BackendOps(tf.backend(), tf.getBackend());
  try {
    const info = compute(ops);
    const out = tf.engine().makeTensorFromTensorInfo(info);
    const values = out.dataSync() as Float32Array;
    out.dispose();
    return values;
  } finally {
    ops.dispose();
  }
}

const heap = () => new BackendOps(tf.backend(), tf.getBackend()).heapAccess != null;

describe('conv gradients by matrix product (few image channels; skipped on cpu, which has its own loops and no wasm heap)', () => {
  beforeAll(() => {
    registerTrainingKernels();
  });
  afterAll(() => {
    unregisterTrainingKernels();
  });
  const cases = grid();

  it.skipIf(!heap())(`Conv2DBackpropFilter by im2col matches the definition and the composed kernel on ${cases.length} cases`, () => {
    cases.forEach((c, i) => {
      const { x, w, dy } = inputsOf(c, 13 * i + 1);
      const ops = new BackendOps(tf.backend(), tf.getBackend());
      expect(gemmFilterGradApplies(ops, x, dy, c.filterShape, attrsOf(c)), c.name).toBe(true);
      const ours = run((o) => conv2dBackpropFilterByGemm(o, x, dy, c.filterShape, attrsOf(c)));
      expect(ours.length).toBe(c.filterShape.reduce((a, b) => a * b));
      expect(relativeError(ours, naiveFilterGrad(x.dataSync(), dy.dataSync(), c)), c.name).toBeLessThan(1e-4);
      const composed = run((o) => conv2dBackpropFilterByConv(o, x, dy, c.filterShape, attrsOf(c)));
      expect(relativeError(ours, composed), c.name).toBeLessThan(1e-4);
      tf.dispose([x, w, dy]);
    });
  });

  it.skipIf(!heap())(
    `Conv2DBackpropInput by col2im matches the definition, the composed kernel and tfjs's own on ${cases.length} cases`,
    () => {
      const removed = unregisterTrainingKernels({ backends: [tf.getBackend()] });
      const native = cases.map((c, i) => {
        const { x, w, dy } = inputsOf(c, 13 * i + 5);
        const out = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, {
          ...attrsOf(c),
          inputShape: c.xShape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor;
        const values = out.dataSync();
        tf.dispose([x, w, dy, out]);
        return values;
      });
      expect(removed.length).toBeGreaterThan(0);
      registerTrainingKernels({ backends: [tf.getBackend()] });
      cases.forEach((c, i) => {
        const { x, w, dy } = inputsOf(c, 13 * i + 5);
        const ops = new BackendOps(tf.backend(), tf.getBackend());
        expect(gemmInputGradApplies(ops, dy, w, attrsOf(c)), c.name).toBe(true);
        const ours = run((o) => conv2dBackpropInputByGemm(o, dy, w, c.xShape, attrsOf(c)));
        expect(ours.length).toBe(c.xShape.reduce((a, b) => a * b));
        expect(relativeError(ours, naiveInputGrad(dy.dataSync(), w.dataSync(), c)), c.name).toBeLessThan(1e-4);
        expect(relativeError(ours, run((o) => conv2dBackpropInputByConv(o, dy, w, c.xShape, attrsOf(c)))), c.name).toBeLessThan(1e-4);
        expect(relativeError(ours, native[i]!), c.name).toBeLessThan(1e-4);
        tf.dispose([x, w, dy]);
      });
    },
  );

  it.skipIf(!heap())('takes only NHWC float32 with at most GEMM_MAX_CHANNELS image channels', () => {
    const c = makeConvCase([1, 8, 8, GEMM_MAX_CHANNELS + 1], [3, 3, GEMM_MAX_CHANNELS + 1, 2], [1, 1], 'same');
    const { x, w, dy } = inputsOf(c, 3);
    const ops = new BackendOps(tf.backend(), tf.getBackend());
    expect(gemmFilterGradApplies(ops, x, dy, c.filterShape, attrsOf(c))).toBe(false);
    expect(gemmInputGradApplies(ops, dy, w, attrsOf(c))).toBe(false);
    const small = makeConvCase([1, 8, 8, 2], [3, 3, 2, 2], [1, 1], 'same');
    const s = inputsOf(small, 4);
    expect(gemmInputGradApplies(ops, s.dy, s.w, { ...attrsOf(small), dataFormat: 'NCHW' })).toBe(false);
    expect(gemmFilterGradApplies(ops, s.x, s.dy, small.filterShape, attrsOf(small))).toBe(true);
    tf.dispose([x, w, dy, s.x, s.w, s.dy]);
  });

  it.skipIf(!heap())('trains through tf.grads with the registered kernels, values of the definition, no leaks', async () => {
    const c = makeConvCase([2, 28, 28, 1], [4, 4, 1, 16], [2, 2], 'same');
    const { x, w, dy } = inputsOf(c, 21);
    const [gx, gw] = tf.tidy(() =>
      tf
        .grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), dy)))([x, w])
        .map((g) => g.dataSync()),
    );
    expect(relativeError(gx!, naiveInputGrad(dy.dataSync(), w.dataSync(), c))).toBeLessThan(1e-4);
    expect(relativeError(gw!, naiveFilterGrad(x.dataSync(), dy.dataSync(), c))).toBeLessThan(1e-4);
    await expectNoLeaks(() =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([x, w]),
    );
    tf.dispose([x, w, dy]);
  });
});
