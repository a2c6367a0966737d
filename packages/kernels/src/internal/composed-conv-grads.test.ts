/**
 * The composed input gradient called directly, on both of its filter paths:
 * - the generic path (StridedSlice + Reverse + Transpose kernels of the backend), which no
 *   registered backend reaches today (wasm always takes the heap path, cpu has its own loops,
 *   webgpu registers only the filter gradient), forced here with a BackendOps without heap access;
 * - the wasm heap path, where the backend offers it.
 * Both are checked against tfjs's own Conv2DBackpropInput kernel (this file registers none of
 * ours) and the naive definition, over a grid of shapes, unequal strides and kernel sides, so
 * that swapping the height and width phases (or their strides) fails.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendOps } from './backend-ops';
import { conv2dBackpropInputByConv } from './composed-conv-grads';
import { type ConvGridCase, type ConvPad, makeConvCase, naiveInputGrad, randomValues } from './reference';

/** BackendOps that never offers heap access: the generic StridedSlice path. */
class GenericOps extends BackendOps {
  override get heapAccess(): null {
    return null;
  }
}

function grid(): ConvGridCase[] {
  const cases: ConvGridCase[] = [];
  const pads: ConvPad[] = [
    'same',
    'valid',
    [
      [0, 0],
      [2, 1],
      [0, 1],
      [0, 0],
    ],
  ];
  let i = 0;
  for (const [h, w] of [
    [7, 10],
    [9, 8],
  ] as const)
    for (const [kh, kw] of [
      [3, 2],
      [2, 5],
      [4, 4],
    ] as const)
      for (const strides of [
        [2, 1],
        [1, 3],
        [3, 2],
        [2, 2],
      ] as [number, number][])
        for (const pad of pads) {
          const inC = [1, 3][i % 2]!;
          const outC = [2, 1, 3][i % 3]!;
          cases.push(makeConvCase([1 + (i % 2), h, w, inC], [kh, kw, inC, outC], strides, pad));
          i++;
        }
  // Stride above the kernel side: phases without taps.
  cases.push(makeConvCase([2, 9, 11, 2], [2, 1, 2, 3], [3, 4], 'same'));
  return cases;
}

function tfjsInputGrad(c: ConvGridCase, dy: tf.Tensor, filter: tf.Tensor): Float32Array {
  return tf.tidy(() => {
    const out = tf.engine().runKernel(
      'Conv2DBackpropInput',
      { dy, filter },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, inputShape: c.xShape } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
    return out.dataSync() as Float32Array;
  });
}

/** Runs the composed gradient with `ops` and returns its values in NHWC, disposing everything it made. */
function composedInputGrad(c: ConvGridCase, dy: tf.Tensor, filter: tf.Tensor, generic: boolean, dataFormat: 'NHWC' | 'NCHW'): { shape: number[]; values: Float32Array } {
  const backend = tf.backend();
  const ops = generic ? new GenericOps(backend, tf.getBackend()) : new BackendOps(backend, tf.getBackend());
  const [b, h, w, ci] = c.xShape;
  const inputShape = dataFormat === 'NHWC' ? c.xShape : [b, ci, h, w];
  const dyIn = dataFormat === 'NHWC' ? dy : tf.transpose(dy, [0, 3, 1, 2]);
  // Explicit padding is given in the layout of the data: [[0, 0], [0, 0], [top, bottom], [left, right]] for NCHW.
  const pad = typeof c.pad === 'string' || dataFormat === 'NHWC' ? c.pad : [c.pad[0], c.pad[3], c.pad[1], c.pad[2]];
  const attrs = { strides: c.strides, pad, dataFormat, dimRoundingMode: undefined };
  let info: tf.TensorInfo;
  try {
    info = conv2dBackpropInputByConv(ops, dyIn, filter, inputShape, attrs as never);
  } finally {
    ops.dispose();
  }
  const out = tf.engine().makeTensorFromTensorInfo(info);
  const nhwc = dataFormat === 'NHWC' ? out : tf.transpose(out, [0, 2, 3, 1]);
  const result = { shape: out.shape, values: nhwc.dataSync() as Float32Array };
  tf.dispose([out, nhwc]);
  if (dyIn !== dy) dyIn.dispose();
  return result;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

describe('conv2dBackpropInputByConv called directly', () => {
  const cases = grid();
  const hasHeap = new BackendOps(tf.backend(), tf.getBackend()).heapAccess !== null;

  it(`matches tfjs's Conv2DBackpropInput and the definition on ${cases.length} cases, generic (StridedSlice) path`, () => {
    expect(cases.length).toBeGreaterThan(70);
    const before = tf.memory().numTensors;
    cases.forEach((c, index) => {
      const dyShape = [c.xShape[0], c.outHeight, c.outWidth, c.filterShape[3]];
      const dyValues = randomValues(dyShape.reduce((a, b) => a * b), 100 + index);
      const wValues = randomValues(c.filterShape.reduce((a, b) => a * b), 200 + index);
      const dy = tf.tensor(dyValues, dyShape);
      const filter = tf.tensor(wValues, c.filterShape);
      const expected = naiveInputGrad(dyValues, wValues, c);
      const reference = tfjsInputGrad(c, dy, filter);
      expect(maxDifference(reference, expected), `tfjs vs definition, ${c.name}`).toBeLessThan(1e-4);
      const generic = composedInputGrad(c, dy, filter, true, 'NHWC');
      expect(generic.shape, c.name).toEqual(c.xShape);
      expect(maxDifference(generic.values, reference), `generic path, ${c.name}`).toBeLessThan(1e-4);
      if (index % 5 === 0) {
        const [b, h, w, ci] = c.xShape;
        const nchw = composedInputGrad(c, dy, filter, true, 'NCHW');
        expect(nchw.shape, c.name).toEqual([b, ci, h, w]);
        expect(maxDifference(nchw.values, reference), `generic path NCHW, ${c.name}`).toBeLessThan(1e-4);
      }
      tf.dispose([dy, filter]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it.skipIf(!hasHeap)('gives the same values on the heap path (wasm only: the backend with heap access)', () => {
    let compared = 0;
    cases.forEach((c, index) => {
      if (index % 3 !== 0) return;
      const dyShape = [c.xShape[0], c.outHeight, c.outWidth, c.filterShape[3]];
      const dy = tf.tensor(randomValues(dyShape.reduce((a, b) => a * b), 100 + index), dyShape);
      const filter = tf.tensor(randomValues(c.filterShape.reduce((a, b) => a * b), 200 + index), c.filterShape);
      const generic = composedInputGrad(c, dy, filter, true, 'NHWC');
      const heap = composedInputGrad(c, dy, filter, false, 'NHWC');
      expect(maxDifference(heap.values, generic.values), c.name).toBeLessThan(1e-5);
      compared++;
      tf.dispose([dy, filter]);
    });
    expect(compared).toBeGreaterThan(20);
  });
});
