import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTrainingKernels, unregisterTrainingKernels } from './index';
import { type ConvGridCase, GRID_STRIDES, makeConvCase, naiveConv2d, randomValues, relativeError } from './internal/reference';

// On cpu a fused conv with a bias and no activation (a tfjs-layers Conv2D) runs the package's
// conv loops; with an activation it is tfjs's kernel. Both must give the definition.
describe('fused conv2d with a bias', () => {
  beforeAll(() => {
    registerTrainingKernels();
  });
  afterAll(() => {
    unregisterTrainingKernels();
  });

  const cases: ConvGridCase[] = [];
  for (const batch of [1, 3])
    for (const [kh, kw] of [
      [1, 1],
      [3, 3],
      [4, 4],
      [5, 2],
    ] as const)
      for (const strides of GRID_STRIDES)
        for (const pad of ['same', 'valid'] as const) cases.push(makeConvCase([batch, 8, 7, 3], [kh, kw, 3, 4], strides, pad));
  cases.push(makeConvCase([2, 28, 28, 1], [4, 4, 1, 16], [2, 2], 'same'));

  it(`matches conv + bias, linear and relu, on ${cases.length} cases`, () => {
    cases.forEach((c, i) => {
      const x = randomValues(c.xShape.reduce((a, b) => a * b), 5 * i + 1);
      const w = randomValues(c.filterShape.reduce((a, b) => a * b), 5 * i + 2);
      const channels = c.filterShape[3];
      const perChannel = randomValues(channels, 5 * i + 3);
      const conv = naiveConv2d(x, w, c);
      for (const [bias, biasShape] of [[perChannel, [channels]]] as [Float32Array, number[]][]) {
        for (const activation of ['linear', 'relu'] as const) {
          const y = tf.tidy(() => {
            const out = tf.fused.conv2d({
              x: tf.tensor4d(x, c.xShape),
              filter: tf.tensor4d(w, c.filterShape),
              strides: c.strides,
              pad: c.pad,
              bias: tf.tensor(bias, biasShape),
              activation,
            });
            expect(out.shape).toEqual([c.xShape[0], c.outHeight, c.outWidth, channels]);
            return out.dataSync();
          });
          const expected = conv.map((v, k) => {
            const z = v + bias[k % channels]!;
            return activation === 'relu' ? Math.max(0, z) : z;
          });
          expect(relativeError(y, expected), `${JSON.stringify(c.xShape)} ${c.filterShape} ${c.strides} ${c.pad} ${activation}`).toBeLessThan(1e-4);
        }
      }
    });
  });

  it('trains through tf.grads and leaks nothing', async () => {
    const c = cases[cases.length - 1]!;
    const x = tf.tensor4d(randomValues(c.xShape.reduce((a, b) => a * b), 7), c.xShape);
    const w = tf.tensor4d(randomValues(c.filterShape.reduce((a, b) => a * b), 8), c.filterShape);
    const b = tf.tensor1d(randomValues(16, 9));
    const loss = (wt: tf.Tensor, bt: tf.Tensor) =>
      tf.sum(tf.square(tf.fused.conv2d({ x, filter: wt as tf.Tensor4D, strides: 2, pad: 'same', bias: bt })));
    const [gw, gb] = tf.grads(loss)([w, b]);
    expect(gw!.shape).toEqual(c.filterShape);
    expect(gb!.shape).toEqual([16]);
    await expectNoLeaks(() => tf.grads(loss)([w, b]));
    tf.dispose([x, w, b, gw!, gb!]);
  });
});
