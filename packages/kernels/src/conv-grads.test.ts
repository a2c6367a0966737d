import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTrainingKernels, unregisterTrainingKernels } from './index';
import { type ConvCase, type ConvGridCase, GRID_PADS, GRID_STRIDES, makeConvCase, naiveConv2d, naiveFilterGrad, naiveInputGrad, randomValues, relativeError } from './internal/reference';

/** The grid: batch x spatial size x kernel x stride x padding, channels varying with the case. */
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
        [5, 5],
        [3, 2],
      ] as const)
        for (const strides of GRID_STRIDES)
          for (const pad of pads) {
            const inC = [1, 3, 2][i % 3]!;
            const outC = [2, 4, 1][(i >> 1) % 3]!;
            cases.push(makeConvCase([batch, h, w, inC], [kh, kw, inC, outC], strides, pad));
            i++;
          }
  // The tutorial DCGAN's layer shapes, scaled down in channels.
  cases.push(makeConvCase([2, 14, 14, 8], [5, 5, 8, 16], [2, 2], 'same'));
  cases.push(makeConvCase([2, 28, 28, 1], [5, 5, 1, 8], [2, 2], 'same'));
  cases.push(makeConvCase([2, 7, 7, 16], [5, 5, 16, 8], [1, 1], 'same'));
  // Stride larger than the kernel: some output phases get no tap.
  cases.push(makeConvCase([2, 9, 9, 2], [2, 2, 2, 3], [3, 3], 'same'));
  return cases;
}

const convAttrs = (c: ConvGridCase, dataFormat: 'NHWC' | 'NCHW' = 'NHWC') => ({
  strides: c.strides,
  pad: c.pad,
  dataFormat,
  dimRoundingMode: undefined,
});

function inputsOf(c: ConvGridCase, seed: number) {
  const dyShape = [c.xShape[0], c.outHeight, c.outWidth, c.filterShape[3]];
  return {
    x: randomValues(c.xShape.reduce((a, b) => a * b), seed),
    w: randomValues(c.filterShape.reduce((a, b) => a * b), seed + 1),
    dy: randomValues(dyShape.reduce((a, b) => a * b), seed + 2),
    dyShape,
  };
}

function runFilterGrad(c: ConvGridCase, x: Float32Array, dy: Float32Array, dyShape: number[]): Float32Array {
  return tf.tidy(() => {
    const out = tf.engine().runKernel(
      'Conv2DBackpropFilter',
      { x: tf.tensor(x, c.xShape), dy: tf.tensor(dy, dyShape) },
      { ...convAttrs(c), filterShape: c.filterShape } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
    expect(out.shape).toEqual(c.filterShape);
    return out.dataSync() as Float32Array;
  });
}

function runInputGrad(c: ConvGridCase, dy: Float32Array, dyShape: number[], w: Float32Array): Float32Array {
  return tf.tidy(() => {
    const out = tf.engine().runKernel(
      'Conv2DBackpropInput',
      { dy: tf.tensor(dy, dyShape), filter: tf.tensor(w, c.filterShape) },
      { ...convAttrs(c), inputShape: c.xShape } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
    expect(out.shape).toEqual(c.xShape);
    return out.dataSync() as Float32Array;
  });
}

describe('training conv kernels', () => {
  let registered: ReturnType<typeof registerTrainingKernels> = [];
  beforeAll(() => {
    registered = registerTrainingKernels();
  });
  afterAll(() => {
    unregisterTrainingKernels();
  });

  it('registers both conv gradients for the active backend', () => {
    const names = registered.filter((k) => k.backendName === tf.getBackend()).map((k) => k.kernelName);
    expect(names).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput']));
  });

  const cases = grid();
  it(`Conv2DBackpropFilter matches the naive definition on ${cases.length} cases to 1e-4 relative`, () => {
    let worst = 0;
    cases.forEach((c, i) => {
      const { x, dy, dyShape } = inputsOf(c, 10 * i + 1);
      const err = relativeError(runFilterGrad(c, x, dy, dyShape), naiveFilterGrad(x, dy, c));
      expect(err, c.name).toBeLessThan(1e-4);
      worst = Math.max(worst, err);
    });
    expect(worst).toBeLessThan(1e-4);
  });

  it(`Conv2DBackpropInput matches the naive definition on ${cases.length} cases to 1e-4 relative`, () => {
    cases.forEach((c, i) => {
      const { w, dy, dyShape } = inputsOf(c, 10 * i + 5);
      expect(relativeError(runInputGrad(c, dy, dyShape, w), naiveInputGrad(dy, w, c)), c.name).toBeLessThan(1e-4);
    });
  });

  it(`Conv2D (forward) matches the naive definition on ${cases.length} cases and with dilation 2`, () => {
    cases.forEach((c, i) => {
      const { x, w } = inputsOf(c, 10 * i + 7);
      const y = tf.tidy(() => tf.conv2d(tf.tensor4d(x, c.xShape), tf.tensor4d(w, c.filterShape), c.strides, c.pad).dataSync());
      expect(relativeError(y, naiveConv2d(x, w, c)), c.name).toBeLessThan(1e-4);
    });
    for (const pad of ['same', 'valid'] as const) {
      const info = tf.backend_util.computeConv2DInfo([2, 11, 10, 3], [3, 3, 3, 4], 1, 2, pad);
      const c: ConvCase = {
        xShape: [2, 11, 10, 3],
        filterShape: [3, 3, 3, 4],
        strides: [1, 1],
        pads: { top: info.padInfo.top, bottom: info.padInfo.bottom, left: info.padInfo.left, right: info.padInfo.right },
        outHeight: info.outHeight,
        outWidth: info.outWidth,
      };
      const x = randomValues(660, 3);
      const w = randomValues(108, 4);
      const y = tf.tidy(() => tf.conv2d(tf.tensor4d(x, c.xShape), tf.tensor4d(w, c.filterShape), 1, pad, 'NHWC', 2));
      expect(y.shape).toEqual([2, info.outHeight, info.outWidth, 4]);
      expect(relativeError(y.dataSync(), naiveConv2d(x, w, c, [2, 2]))).toBeLessThan(1e-4);
      y.dispose();
    }
  });

  it("fused conv2d with 'same' padding, bias and relu matches the definition, stride larger than the kernel included", () => {
    for (const c of [cases[cases.length - 1]!, makeConvCase([2, 14, 14, 8], [5, 5, 8, 16], [2, 2], 'same')]) {
      const { x, w } = inputsOf(c, 21);
      const bias = randomValues(c.filterShape[3], 22);
      const y = tf.tidy(() =>
        tf.fused
          .conv2d({
            x: tf.tensor4d(x, c.xShape),
            filter: tf.tensor4d(w, c.filterShape),
            strides: c.strides,
            pad: 'same',
            bias: tf.tensor1d(bias),
            activation: 'relu',
          })
          .dataSync(),
      );
      const expected = naiveConv2d(x, w, c).map((v, i) => Math.max(0, v + bias[i % c.filterShape[3]]!));
      expect(relativeError(y, expected), c.name).toBeLessThan(1e-4);
    }
  });

  it("matches the backend's own kernels where the backend has them", () => {
    const sample = cases.filter((_, i) => i % 7 === 0);
    const ours = sample.map((c, i) => {
      const { x, w, dy, dyShape } = inputsOf(c, 3 * i + 100);
      return { f: runFilterGrad(c, x, dy, dyShape), d: runInputGrad(c, dy, dyShape, w) };
    });
    const removed = unregisterTrainingKernels();
    try {
      const hadFilter = removed.some((k) => k.kernelName === 'Conv2DBackpropFilter' && k.replaced);
      const hadInput = removed.some((k) => k.kernelName === 'Conv2DBackpropInput' && k.replaced);
      expect(hadInput).toBe(true);
      sample.forEach((c, i) => {
        const { x, w, dy, dyShape } = inputsOf(c, 3 * i + 100);
        if (hadFilter) expect(relativeError(ours[i]!.f, runFilterGrad(c, x, dy, dyShape)), c.name).toBeLessThan(1e-4);
        expect(relativeError(ours[i]!.d, runInputGrad(c, dy, dyShape, w)), c.name).toBeLessThan(1e-4);
      });
    } finally {
      registerTrainingKernels();
    }
  });

  it('handles NCHW inputs', () => {
    for (const c of [cases[4]!, cases[40]!, cases[cases.length - 3]!]) {
      const { x, w, dy, dyShape } = inputsOf(c, 77);
      const [dw, dx] = tf.tidy(() => {
        const xt = tf.transpose(tf.tensor4d(x, c.xShape), [0, 3, 1, 2]);
        const dyt = tf.transpose(tf.tensor(dy, dyShape), [0, 3, 1, 2]);
        const inputShape = [c.xShape[0], c.xShape[3], c.xShape[1], c.xShape[2]];
        const f = tf.engine().runKernel('Conv2DBackpropFilter', { x: xt, dy: dyt }, {
          ...convAttrs(c, 'NCHW'),
          filterShape: c.filterShape,
        } as unknown as tf.NamedAttrMap);
        const d = tf.engine().runKernel(
          'Conv2DBackpropInput',
          { dy: dyt, filter: tf.tensor(w, c.filterShape) },
          { ...convAttrs(c, 'NCHW'), inputShape } as unknown as tf.NamedAttrMap,
        ) as tf.Tensor4D;
        return [(f as tf.Tensor).dataSync(), tf.transpose(d, [0, 2, 3, 1]).dataSync()];
      });
      expect(relativeError(dw!, naiveFilterGrad(x, dy, c)), c.name).toBeLessThan(1e-4);
      expect(relativeError(dx!, naiveInputGrad(dy, w, c)), c.name).toBeLessThan(1e-4);
    }
  });

  it('gives tf.grads of conv2d and conv2dTranspose the definitions', () => {
    const c = makeConvCase([2, 9, 8, 3], [3, 3, 3, 4], [2, 2], 'same');
    const { x, w, dy, dyShape } = inputsOf(c, 5);
    const [gx, gw] = tf.tidy(() => {
      const grads = tf.grads((xt: tf.Tensor, wt: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, c.strides, 'same'), tf.tensor(dy, dyShape))),
      )([tf.tensor4d(x, c.xShape), tf.tensor4d(w, c.filterShape)]);
      return grads.map((g) => g.dataSync());
    });
    expect(relativeError(gx!, naiveInputGrad(dy, w, c))).toBeLessThan(1e-4);
    expect(relativeError(gw!, naiveFilterGrad(x, dy, c))).toBeLessThan(1e-4);

    // conv2dTranspose(y, w) is the input gradient of the conv: its gradients are
    // a forward conv (wrt y) and the filter gradient with x and dy swapped (wrt w).
    const [ty, tw, forward] = tf.tidy(() => {
      const upstream = tf.tensor4d(x, c.xShape);
      const grads = tf.grads((yt: tf.Tensor, wt: tf.Tensor) =>
        tf.sum(tf.mul(tf.conv2dTranspose(yt as tf.Tensor4D, wt as tf.Tensor4D, c.xShape, c.strides, 'same'), upstream)),
      )([tf.tensor(dy, dyShape), tf.tensor4d(w, c.filterShape)]);
      const forward = tf.conv2d(upstream, tf.tensor4d(w, c.filterShape), c.strides, 'same');
      return [...grads.map((g) => g.dataSync()), forward.dataSync()];
    });
    expect(relativeError(tw!, naiveFilterGrad(x, dy, c))).toBeLessThan(1e-4);
    expect(relativeError(ty!, forward!)).toBeLessThan(1e-4);
  });

  it('leaks no tensors', async () => {
    const c = makeConvCase([2, 14, 14, 4], [5, 5, 4, 6], [2, 2], 'same');
    const { x, w } = inputsOf(c, 9);
    const xt = tf.tensor4d(x, c.xShape);
    const wt = tf.tensor4d(w, c.filterShape);
    const wTransposed = tf.tensor4d(w, [5, 5, 6, 4]);
    await expectNoLeaks(() =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([xt, wt]),
    );
    await expectNoLeaks(() =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, 28, 28, 6], 2, 'same')),
      )([xt, wTransposed]),
    );
    tf.dispose([xt, wt, wTransposed]);
  });
});
