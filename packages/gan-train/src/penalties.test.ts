import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { OptionError, ShapeError } from './errors';
import { gradientPenalty } from './gradient-penalty';
import { r1Penalty, r2Penalty } from './zero-centered-penalty';

const scalarOf = (t: tf.Tensor) => {
  expect(t.shape).toEqual([]);
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
};

describe('penalties on hand-computed discriminators', () => {
  // Linear D(x) = x·w with w = [2, -1]: ∇x D = w for every sample, ‖∇‖² = 5.
  const w = () => tf.tensor2d([[2], [-1]]);

  it('r1Penalty = γ/2 · mean ‖∇x D(real)‖², r2Penalty on fake', () => {
    const [weights, real, fake] = [w(), tf.tensor2d([[1, 2], [0, 1]]), tf.tensor2d([[5, 5], [1, 1]])];
    const discriminator = (x: tf.Tensor) => tf.matMul(x, weights);
    expectClose(scalarOf(r1Penalty({ gamma: 10 }).compute({ discriminator, real, fake, seed: 1 })), 25);
    expectClose(scalarOf(r2Penalty({ gamma: 1 }).compute({ discriminator, real, fake, seed: 1 })), 2.5);
    // Quadratic D(x) = c·‖x‖²: ∇x = 2c·x, ‖∇‖² = 4c²‖x‖²; R1 on real ([5, 1], mean 3) and R2 on fake ([50, 2], mean 26).
    const c = 0.5;
    const quadratic = (x: tf.Tensor) => tf.mul(c, tf.sum(tf.square(x), 1));
    expectClose(scalarOf(r1Penalty({ gamma: 2 }).compute({ discriminator: quadratic, real, fake, seed: 1 })), 4 * c * c * 3);
    expectClose(scalarOf(r2Penalty({ gamma: 2 }).compute({ discriminator: quadratic, real, fake, seed: 1 })), 4 * c * c * 26);
    tf.dispose([weights, real, fake]);
  });

  it('r1Penalty has second-order gradients with respect to the discriminator variables', () => {
    const c = tf.variable(tf.scalar(0.5));
    const real = tf.tensor2d([[1, 2], [0, 1]]);
    const discriminator = (x: tf.Tensor) => tf.mul(c, tf.sum(tf.square(x), 1));
    // d/dc [γ/2 · 4c² · mean‖x‖²] = γ/2 · 8c · 3 = 12 for γ = 2, c = 0.5.
    const { value, grads } = tf.variableGrads(() => r1Penalty({ gamma: 2 }).compute({ discriminator, real, fake: real, seed: 1 }), [c]);
    expectClose(value, 3);
    expectClose(grads[c.name]!, 12);
    tf.dispose([value, grads[c.name]!, c, real]);
  });

  it('differentiates through LeakyReLU (zero gradients of its comparison)', () => {
    const w = tf.variable(tf.tensor2d([[1], [1]]));
    const discriminator = (x: tf.Tensor) => tf.leakyRelu(tf.matMul(x, w), 0.2);
    // x·w = 3 > 0: ∇x = w, R1 = γ/2·‖w‖² = 2 for γ = 2, d/dw = γ·w = [2, 2].
    const positive = tf.tensor2d([[1, 2]]);
    const a = tf.variableGrads(() => r1Penalty({ gamma: 2 }).compute({ discriminator, real: positive, fake: positive, seed: 1 }), [w]);
    expectClose(a.value, 2);
    expectClose(a.grads[w.name]!, [2, 2]);
    // x·w = -3 < 0: ∇x = 0.2·w, R1 = 0.04·2, d/dw = 2·0.04·w.
    const negative = tf.tensor2d([[-1, -2]]);
    const b = tf.variableGrads(() => r1Penalty({ gamma: 2 }).compute({ discriminator, real: negative, fake: negative, seed: 1 }), [w]);
    expectClose(b.value, 0.08);
    expectClose(b.grads[w.name]!, [0.08, 0.08]);
    tf.dispose([w, positive, negative, a.value, a.grads[w.name]!, b.value, b.grads[w.name]!]);
  });

  it('gradientPenalty = λ · mean((‖∇x̂ D(x̂)‖ - 1)²) on interpolates', () => {
    const [weights, real, fake] = [w(), tf.tensor2d([[1, 2], [0, 1]]), tf.tensor2d([[5, 5], [1, 1]])];
    const linear = (x: tf.Tensor) => tf.matMul(x, weights);
    // Linear D: the norm is √5 wherever x̂ lies.
    expectClose(scalarOf(gradientPenalty({ weight: 10 }).compute({ discriminator: linear, real, fake, seed: 3 })), 10 * (Math.sqrt(5) - 1) ** 2);
    expectClose(scalarOf(gradientPenalty({ weight: 1, target: 0 }).compute({ discriminator: linear, real, fake, seed: 3 })), 5, { rtol: 1e-5 });
    // Quadratic D with real = fake: x̂ = x, norms 2c‖x‖ = [√5, 1] for c = 0.5; and the gradient with respect to c.
    const c = tf.variable(tf.scalar(0.5));
    const quadratic = (x: tf.Tensor) => tf.mul(c, tf.sum(tf.square(x), 1));
    const { value, grads } = tf.variableGrads(() => gradientPenalty({ weight: 10 }).compute({ discriminator: quadratic, real, fake: real, seed: 3 }), [c]);
    expectClose(value, (10 * (Math.sqrt(5) - 1) ** 2) / 2);
    // d/dc λ·mean((2c‖x‖ - 1)²) = λ·mean(2(2c‖x‖ - 1)·2‖x‖) = 10·(2(√5 - 1)·2√5 + 0)/2.
    expectClose(grads[c.name]!, 20 * (5 - Math.sqrt(5)), { rtol: 1e-5 });
    tf.dispose([value, grads[c.name]!, c, weights, real, fake]);
  });

  it('gradientPenalty draws one ε per sample from the seed: x̂ = ε·real + (1 - ε)·fake', () => {
    const real = tf.tensor2d([[1, 0], [1, 0]]);
    const fake = tf.zeros([2, 2]);
    // D(x) = ‖x‖²: at x̂ = [ε, 0] the norm is 2ε.
    const discriminator = (x: tf.Tensor) => tf.sum(tf.square(x), 1);
    const epsilon = tf.randomUniform([2, 1], 0, 1, 'float32', 11).dataSync();
    const expected = (((2 * epsilon[0]! - 1) ** 2 + (2 * epsilon[1]! - 1) ** 2) / 2) * 10;
    expect(epsilon[0]).not.toBe(epsilon[1]);
    const penalty = gradientPenalty();
    expectClose(scalarOf(penalty.compute({ discriminator, real, fake, seed: 11 })), expected, { rtol: 1e-5 });
    expectClose(scalarOf(penalty.compute({ discriminator, real, fake, seed: 11 })), expected, { rtol: 1e-5 });
    expect(scalarOf(penalty.compute({ discriminator, real, fake, seed: 12 }))).not.toBeCloseTo(expected, 6);
    tf.dispose([real, fake]);
  });

  it('works on NHWC image batches and leaks nothing', async () => {
    const real = tf.ones([2, 2, 2, 1]);
    const fake = tf.zeros([2, 2, 2, 1]);
    // D = 3·sum over pixels: ∇ = 3 everywhere, ‖∇‖² = 4·9 = 36.
    const discriminator = (x: tf.Tensor) => tf.mul(3, tf.sum(x, [1, 2, 3]));
    expectClose(scalarOf(r1Penalty({ gamma: 1 }).compute({ discriminator, real, fake, seed: 1 })), 18);
    expectClose(scalarOf(gradientPenalty({ weight: 1 }).compute({ discriminator, real, fake, seed: 1 })), 25);
    for (const p of [r1Penalty(), r2Penalty(), gradientPenalty()]) {
      await expectNoLeaks(() => p.compute({ discriminator, real, fake, seed: 5 }));
    }
    tf.dispose([real, fake]);
  });

  it('records config and rejects bad options and inputs', () => {
    expect(r1Penalty().config).toEqual({ gamma: 10 });
    expect(gradientPenalty().config).toEqual({ weight: 10, target: 1 });
    expect([r1Penalty().name, r2Penalty().name, gradientPenalty().name]).toEqual(['r1', 'r2', 'gradientPenalty']);
    expect(() => r1Penalty({ gamma: -1 })).toThrow(OptionError);
    expect(() => r1Penalty({ gamma: -1 })).toThrow('r1Penalty: options.gamma must be a finite number >= 0, got -1');
    expect(() => gradientPenalty({ weight: Number.NaN })).toThrow('gradientPenalty: options.weight must be a finite number >= 0, got NaN');
    const [a, b] = [tf.zeros([2, 3]), tf.zeros([3, 3])];
    const discriminator = (x: tf.Tensor) => tf.sum(x, 1);
    expect(() => gradientPenalty().compute({ discriminator, real: a, fake: b, seed: 1 })).toThrow(ShapeError);
    expect(() => gradientPenalty().compute({ discriminator, real: a, fake: b, seed: 1 })).toThrow('gradientPenalty.compute: fake must be a batch shaped like real [2,3], got [3,3]');
    const vector = tf.zeros([3]);
    expect(() => r1Penalty().compute({ discriminator, real: vector, fake: vector, seed: 1 })).toThrow('r1Penalty.compute: inputs must be a batch of rank >= 2 [batch, ...], got [3]');
    tf.dispose([a, b, vector]);
  });
});
