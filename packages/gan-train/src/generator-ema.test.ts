import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ModelError, OptionError } from './errors';
import { createGeneratorEma } from './generator-ema';
import { microGenerator } from './test-support/micro-models';

describe('createGeneratorEma', () => {
  it('averages trainable weights, copies non-trainable state, by hand', () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const stats = tf.variable(tf.tensor1d([5]), false);
    const model = { apply: (x: tf.Tensor) => tf.mul(x, w), trainableVariables: [w], nonTrainableVariables: [stats] };
    const ema = createGeneratorEma(model, { decay: 0.9, warmup: false });
    w.assign(tf.tensor1d([11, 2]));
    stats.assign(tf.tensor1d([7]));
    ema.update();
    // 0.9·[1, 2] + 0.1·[11, 2] = [2, 2]; stats copied.
    expectClose(ema.variables()[0]!.variable, [2, 2]);
    expectClose(ema.variables()[1]!.variable, [7]);
    expect(ema.updates).toBe(1);
    // generate() uses the average and leaves the model's own weights as they were.
    const out = ema.generate(tf.tensor1d([1, 1]));
    expectClose(out, [2, 2]);
    expectClose(w, [11, 2]);
    tf.dispose([out, w, stats]);
    ema.dispose();
    expect(() => ema.update()).toThrow('GeneratorEma.update: this must be a live EMA, got a disposed EMA');
  });

  it('warms the decay up as min(decay, (1 + t) / (10 + t))', () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const model = { apply: (x: tf.Tensor) => tf.mul(x, w), trainableVariables: [w] };
    const ema = createGeneratorEma(model, { decay: 0.999 });
    w.assign(tf.tensor1d([11, 2]));
    ema.update();
    // t = 0: β = 0.1 → 0.1·[1, 2] + 0.9·[11, 2] = [10, 2]
    expectClose(ema.variables()[0]!.variable, [10, 2]);
    w.assign(tf.tensor1d([21, 2]));
    ema.update();
    // t = 1: β = 2/11 → (2/11)·10 + (9/11)·21 = 19
    expectClose(ema.variables()[0]!.variable, [19, 2], { atol: 1e-5 });
    tf.dispose(w);
    ema.dispose();
  });

  it('wraps tfjs-layers generators without leaks', async () => {
    const generator = microGenerator(4, 3);
    const ema = createGeneratorEma(generator);
    expect(ema.decay).toBe(0.999);
    const z = tf.ones([2, 4]);
    const direct = generator.apply(z) as tf.Tensor;
    const averaged = ema.generate(z);
    expectClose(averaged, direct);
    await expectNoLeaks(() => ema.generate(z));
    const before = tf.memory().numTensors;
    ema.update();
    expect(tf.memory().numTensors).toBe(before);
    ema.setState({ updates: 7 });
    expect(ema.getState()).toEqual({ updates: 7 });
    expect(() => ema.setState({ updates: -1 })).toThrow(OptionError);
    expect(() => createGeneratorEma(generator, { decay: 1 })).toThrow('createGeneratorEma: options.decay must be a number in [0, 1), got 1');
    expect(() => createGeneratorEma({ apply: (x: tf.Tensor) => x, trainableVariables: [] })).toThrow(ModelError);
    tf.dispose([z, direct, averaged]);
    ema.dispose();
  });
});
