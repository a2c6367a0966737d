import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
// Registers tfjs-core's gradients, as an app does (createGanStep and the penalties do it themselves).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { OptionError, ShapeError } from './errors';
import { hingeLoss } from './hinge-loss';
import { leastSquaresLoss } from './least-squares-loss';
import { minimaxLoss } from './minimax-loss';
import { nonSaturatingLoss } from './non-saturating-loss';
import { relativisticAverageLoss } from './relativistic-average-loss';
import { wassersteinLoss } from './wasserstein-loss';

// Hand formulas in plain JS, independent of tfjs.
const softplus = (x: number) => Math.log1p(Math.exp(x));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const r = [1, 3, -0.5];
const f = [0, 2, -1];
const real = () => tf.tensor2d(r, [3, 1]);
const fake = () => tf.tensor2d(f, [3, 1]);
const value = (t: tf.Tensor) => {
  expect(t.shape).toEqual([]);
  expect(t.dtype).toBe('float32');
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
};

describe('losses on hand-computed logits', () => {
  it('nonSaturatingLoss: D = BCE(r, 1 - s) + BCE(f, 0), G = mean softplus(-f)', () => {
    const [x, y] = [real(), fake()];
    expectClose(value(nonSaturatingLoss().discriminator(x, y)), mean(r.map((v) => softplus(v) - v)) + mean(f.map(softplus)));
    expectClose(value(nonSaturatingLoss({ labelSmoothing: 0.1 }).discriminator(x, y)), mean(r.map((v) => softplus(v) - 0.9 * v)) + mean(f.map(softplus)));
    expectClose(value(nonSaturatingLoss().generator(y)), mean(f.map((v) => softplus(-v))));
    // Known point: both logits 0 → 2 ln 2.
    expectClose(value(nonSaturatingLoss().discriminator(tf.zeros([1, 1]), tf.zeros([1, 1]))), 2 * Math.LN2);
    tf.dispose([x, y]);
  });

  it('minimaxLoss: same D as non-saturating, G = -mean softplus(f)', () => {
    const [x, y] = [real(), fake()];
    expectClose(value(minimaxLoss({ labelSmoothing: 0.2 }).discriminator(x, y)), mean(r.map((v) => softplus(v) - 0.8 * v)) + mean(f.map(softplus)));
    expectClose(value(minimaxLoss().generator(y)), -mean(f.map(softplus)));
    tf.dispose([x, y]);
  });

  it('hingeLoss: D = mean relu(1 - r) + mean relu(1 + f), G = -mean f', () => {
    const [x, y] = [real(), fake()];
    // relu(1 - [1, 3, -0.5]) = [0, 0, 1.5]; relu(1 + [0, 2, -1]) = [1, 3, 0].
    expectClose(value(hingeLoss().discriminator(x, y)), 0.5 + 4 / 3);
    expectClose(value(hingeLoss().generator(y)), -1 / 3);
    tf.dispose([x, y]);
  });

  it('wassersteinLoss: D = mean f - mean r, G = -mean f', () => {
    const [x, y] = [real(), fake()];
    expectClose(value(wassersteinLoss().discriminator(x, y)), 1 / 3 - 3.5 / 3);
    expectClose(value(wassersteinLoss().generator(y)), -1 / 3);
    tf.dispose([x, y]);
  });

  it('leastSquaresLoss: D = ½mean (r-b)² + ½mean (f-a)², G = ½mean (f-c)²', () => {
    const [x, y] = [real(), fake()];
    // (r-1)² = [0, 4, 2.25]; f² = [0, 4, 1]; (f-1)² = [1, 1, 4].
    expectClose(value(leastSquaresLoss().discriminator(x, y)), 0.5 * (6.25 / 3) + 0.5 * (5 / 3));
    expectClose(value(leastSquaresLoss().generator(y)), 0.5 * 2);
    const custom = leastSquaresLoss({ fakeTarget: -1, realTarget: 1, generatorTarget: 0 });
    expect(custom.threshold).toBe(0);
    expectClose(value(custom.discriminator(x, y)), 0.5 * mean(r.map((v) => (v - 1) ** 2)) + 0.5 * mean(f.map((v) => (v + 1) ** 2)));
    expectClose(value(custom.generator(y)), 0.5 * mean(f.map((v) => v ** 2)));
    expect(leastSquaresLoss().threshold).toBe(0.5);
    tf.dispose([x, y]);
  });

  it('relativisticAverageLoss: compares each side with the mean of the other', () => {
    const [x, y] = [real(), fake()];
    const mr = mean(r);
    const mf = mean(f);
    const rr = r.map((v) => v - mf);
    const ff = f.map((v) => v - mr);
    expectClose(value(relativisticAverageLoss().discriminator(x, y)), mean(rr.map((v) => softplus(v) - v)) + mean(ff.map(softplus)));
    expectClose(value(relativisticAverageLoss({ labelSmoothing: 0.1 }).discriminator(x, y)), mean(rr.map((v) => softplus(v) - 0.9 * v)) + mean(ff.map(softplus)));
    expectClose(value(relativisticAverageLoss().generator(y, x)), mean(ff.map((v) => softplus(-v))) + mean(rr.map(softplus)));
    expect(relativisticAverageLoss().generatorUsesRealLogits).toBe(true);
    tf.dispose([x, y]);
  });

  it('stays finite for large logits (softplus form)', () => {
    const big = tf.tensor1d([100, -100]);
    expectClose(value(nonSaturatingLoss().discriminator(big, big)), (0 + 100) / 2 + (100 + 0) / 2, { rtol: 1e-5 });
    expectClose(value(nonSaturatingLoss().generator(big)), 50, { rtol: 1e-5 });
    big.dispose();
  });

  it('records its name and resolved config', () => {
    expect(nonSaturatingLoss({ labelSmoothing: 0.1 }).config).toEqual({ labelSmoothing: 0.1 });
    expect(leastSquaresLoss().config).toEqual({ fakeTarget: 0, realTarget: 1, generatorTarget: 1 });
    expect([nonSaturatingLoss(), minimaxLoss(), hingeLoss(), wassersteinLoss(), leastSquaresLoss(), relativisticAverageLoss()].map((l) => l.name)).toEqual([
      'nonSaturating',
      'minimax',
      'hinge',
      'wasserstein',
      'leastSquares',
      'relativisticAverage',
    ]);
  });

  it('rejects bad options and bad logits with named errors', () => {
    expect(() => nonSaturatingLoss({ labelSmoothing: 1 })).toThrow(OptionError);
    expect(() => nonSaturatingLoss({ labelSmoothing: 1 })).toThrow('nonSaturatingLoss: options.labelSmoothing must be a number in [0, 1), got 1');
    expect(() => leastSquaresLoss({ realTarget: 0 })).toThrow('leastSquaresLoss: options.realTarget must be a number different from fakeTarget 0, got 0');
    const [a, b] = [tf.zeros([4, 1]), tf.zeros([3, 1])];
    expect(() => hingeLoss().discriminator(a, b)).toThrow(ShapeError);
    expect(() => hingeLoss().discriminator(a, b)).toThrow('hingeLoss.discriminator: fakeLogits must be logits with the same shape as realLogits [4,1], got [3,1]');
    expect(() => relativisticAverageLoss().generator(a)).toThrow('relativisticAverageLoss.generator: realLogits must be the logits of real samples');
    const ints = tf.zeros([2, 1], 'int32');
    expect(() => wassersteinLoss().generator(ints)).toThrow('wassersteinLoss.generator: fakeLogits must be float32 logits of rank >= 1');
    tf.dispose([a, b, ints]);
  });

  it('is differentiable and leaks no tensors', async () => {
    const [x, y] = [real(), fake()];
    // d/df of hinge G = -1/n per element.
    const grad = tf.grad((t: tf.Tensor) => hingeLoss().generator(t))(y);
    expectClose(grad, [-1 / 3, -1 / 3, -1 / 3]);
    grad.dispose();
    for (const loss of [nonSaturatingLoss({ labelSmoothing: 0.1 }), minimaxLoss(), hingeLoss(), wassersteinLoss(), leastSquaresLoss(), relativisticAverageLoss()]) {
      await expectNoLeaks(() => [loss.discriminator(x, y), loss.generator(y, x)]);
    }
    tf.dispose([x, y]);
  });
});
