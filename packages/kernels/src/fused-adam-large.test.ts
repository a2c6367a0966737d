import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { fusedAdam } from './fused-adam';
import { ADAM_KERNEL, type AdamAttrs, ensureDeviceKernels, reference } from './internal/device-kernels';
import { randomValues } from './internal/reference';

const fr = Math.fround;
// Large variables take the native path on wasm (13 XNNPACK kernels); small ones the JS loop.
const SIZES = [20000, 100];

function attrsAt(t: number, lr = 1e-3, beta1 = 0.5, beta2 = 0.999, epsilon = 1e-7): AdamAttrs {
  return {
    beta1: fr(beta1),
    oneMinusBeta1: fr(1 - beta1),
    beta2: fr(beta2),
    oneMinusBeta2: fr(1 - beta2),
    biasCorrection1: fr(1 - beta1 ** t),
    biasCorrection2: fr(1 - beta2 ** t),
    epsilon: fr(epsilon),
    negLearningRate: fr(-lr),
  };
}

describe('Adam update kernel on large variables', () => {
  it('gives the bits of the JS reference, for every size', () => {
    expect(ensureDeviceKernels(tf.getBackend())).toBe(true);
    for (const size of SIZES) {
      for (const t of [1, 7]) {
        const value = randomValues(size, 1 + t);
        const m = randomValues(size, 2 + t).map((x) => x * 0.1);
        const v = randomValues(size, 3 + t).map((x) => x * x * 0.01);
        const g = randomValues(size, 4 + t);
        const attrs = attrsAt(t);
        const outs = [new Float32Array(size), new Float32Array(size), new Float32Array(size)] as const;
        reference.jsAdam(value, m, v, g, outs[0], outs[1], outs[2], attrs);
        const got = tf.tidy(() =>
          (
            tf.engine().runKernel(
              ADAM_KERNEL,
              { value: tf.tensor1d(value), m: tf.tensor1d(m), v: tf.tensor1d(v), gradient: tf.tensor1d(g) },
              attrs as unknown as tf.NamedAttrMap,
            ) as tf.Tensor[]
          ).map((x) => x.dataSync()),
        );
        for (let k = 0; k < 3; k++) expect(Array.from(got[k]!), `size ${size} t ${t} output ${k}`).toEqual(Array.from(outs[k]!));
      }
    }
  });

  it('matches tf.train.adam on a 20,000-weight layer over 4 steps, without leaks', async () => {
    const init = randomValues(20000, 9);
    const x = tf.tensor2d(randomValues(8 * 200, 10), [8, 200]);
    const target = tf.tensor2d(randomValues(8 * 100, 11), [8, 100]);
    const run = (optimizer: tf.Optimizer) => {
      const w = tf.variable(tf.tensor2d(init, [200, 100]));
      const loss = () => tf.tidy(() => tf.mean(tf.square(tf.sub(tf.matMul(x, w), target)))) as tf.Scalar;
      for (let i = 0; i < 4; i++) optimizer.minimize(loss, false, [w]);
      return { w, loss };
    };
    const ref = tf.train.adam(1e-2, 0.5);
    const ours = fusedAdam(1e-2, 0.5);
    const a = run(ref);
    const b = run(ours);
    expectClose(b.w, a.w, { atol: 1e-7, rtol: 1e-6 });
    expect(Math.abs(b.w.dataSync()[0]! - init[0]!)).toBeGreaterThan(1e-3); // it moved
    await expectNoLeaks(() => {
      ours.minimize(b.loss, false, [b.w]);
    });
    tf.dispose([a.w, b.w, x, target]);
    ref.dispose();
    ours.dispose();
  });
});
