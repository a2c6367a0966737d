import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { type DiffAugmentPolicy, diffAugment, diffAugmentation, OptionError, ShapeError } from './index';

// A fixed random weighting makes the loss sensitive to where every pixel goes.
const weights = () => tf.randomUniform([2, 6, 5, 3], -1, 1, 'float32', 99);
const input = () => tf.randomUniform([2, 6, 5, 3], -1, 1, 'float32', 7) as tf.Tensor4D;

/** Central finite differences of f at x (float32, so a coarse step). */
function finiteDifference(f: (x: tf.Tensor4D) => tf.Scalar, x: tf.Tensor4D, eps = 1e-2): Float32Array {
  const base = x.dataSync();
  const out = new Float32Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const plus = Float32Array.from(base);
    const minus = Float32Array.from(base);
    plus[i]! += eps;
    minus[i]! -= eps;
    const fp = tf.tidy(() => f(tf.tensor4d(plus, x.shape)).dataSync()[0]!);
    const fm = tf.tidy(() => f(tf.tensor4d(minus, x.shape)).dataSync()[0]!);
    out[i] = (fp - fm) / (2 * eps);
  }
  return out;
}

describe('diffAugment', () => {
  const policies: DiffAugmentPolicy[] = ['color', 'translation', 'cutout', 'flip'];

  it.each(policies)('passes a finite, non-zero gradient equal to finite differences through %s', (policy) => {
    const x = input();
    const w = weights();
    const loss = (v: tf.Tensor4D) => tf.sum(tf.mul(tf.square(diffAugment(v, { policy: [policy], seed: 3 })), w)) as tf.Scalar;
    const grad = tf.grad(loss as (v: tf.Tensor) => tf.Tensor)(x);
    const g = grad.dataSync();
    expect(g.every(Number.isFinite)).toBe(true);
    expect(g.some((v) => v !== 0)).toBe(true);
    expectClose(g, finiteDifference(loss, x), { atol: 2e-3, rtol: 2e-3 });
    // the transform did something for this seed
    const out = diffAugment(x, { policy: [policy], seed: 3 });
    expect(Array.from(out.dataSync()).some((v, i) => v !== x.dataSync()[i])).toBe(true);
  });

  it('computes DiffAugment on a hand-checked input', () => {
    // translation by its params: out[i, j] = x[i + ty, j + tx]
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const aug = diffAugmentation({ policy: ['translation'], translationRatio: 0.34 });
    const params = { type: 'diffAugment', batch: 1, translateX: [1], translateY: [-1] };
    expectClose(aug.replay(x, params), [0, 0, 0, 2, 3, 0, 5, 6, 0]);
    // colour: brightness +0.1, saturation x1, contrast x2 about the mean 5.1
    const color = diffAugmentation({ policy: ['color'] });
    const out = color.replay(x, { type: 'diffAugment', batch: 1, brightness: [0.1], saturation: [1], contrast: [2] });
    expectClose(out, [1, 2, 3, 4, 5, 6, 7, 8, 9].map((v) => 2 * (v + 0.1 - 5.1) + 5.1), { atol: 1e-5 });
    // cutout 2x2 at the top-left corner
    const cut = diffAugmentation({ policy: ['cutout'] }).replay(x, { type: 'diffAugment', batch: 1, cutoutTop: [-1], cutoutLeft: [0], cutoutHeight: [2], cutoutWidth: [2] });
    expectClose(cut, [0, 0, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('is seeded, per image and keeps the shape', () => {
    const x = input();
    const a = diffAugment(x, { seed: 4 });
    expectClose(a, diffAugment(x, { seed: 4 }), { atol: 0, rtol: 0 });
    expect(Array.from(a.dataSync()).some((v, i) => v !== diffAugment(x, { seed: 5 }).dataSync()[i])).toBe(true);
    expect(a.shape).toEqual([2, 6, 5, 3]);
    const { params } = diffAugmentation({ seed: 1 }).applyWithParams(tf.zeros([16, 8, 8, 1]) as tf.Tensor4D);
    expect(new Set(params.translateX as number[]).size).toBeGreaterThan(1);
  });

  it('p = 0 is the identity', () => {
    const x = input();
    expectClose(diffAugment(x, { policy: ['color', 'translation', 'cutout', 'flip'], p: 0, seed: 1 }), x, { atol: 0, rtol: 0 });
  });

  it('rejects bad input', () => {
    expect(() => diffAugment(tf.zeros([2, 2]) as unknown as tf.Tensor4D)).toThrow(ShapeError);
    expect(() => diffAugment(input(), { policy: ['blur' as 'color'] })).toThrow(OptionError);
    expect(() => diffAugment(input(), { p: -0.1 })).toThrow('diffAugment: p must be a finite number in [0, 1], got -0.1');
  });

  it('does not leak, also under tf.grad', async () => {
    const x = input();
    await expectNoLeaks(() => diffAugment(x, { seed: 1, policy: ['color', 'translation', 'cutout', 'flip'] }));
    await expectNoLeaks(() => tf.grad((v: tf.Tensor) => tf.sum(diffAugment(v as tf.Tensor4D, { seed: 1 })))(x));
  });
});
