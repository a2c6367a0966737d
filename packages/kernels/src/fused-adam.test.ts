import { expectClose } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { KernelsOptionError, OptionError, ShapeError, TensorError } from './errors';
import { FusedAdamOptimizer, fusedAdam } from './fused-adam';

const INIT = {
  w: { shape: [3, 4], values: Array.from({ length: 12 }, (_, i) => Math.sin(i + 1)) },
  b: { shape: [4], values: [0.5, -0.25, 2, -3] },
};

/** Variables with fixed initial values and a loss with varied gradients (quadratic + quartic). */
function problem() {
  const w = tf.tidy(() => tf.variable(tf.tensor(INIT.w.values, INIT.w.shape)));
  const b = tf.tidy(() => tf.variable(tf.tensor(INIT.b.values, INIT.b.shape)));
  const x = tf.tensor2d([
    [1, -2, 0.5],
    [0.25, 3, -1],
  ]);
  const loss = () =>
    tf.tidy(() => {
      const y = tf.add(tf.matMul(x, w), b);
      return tf.add(tf.mean(tf.square(tf.sub(y, 1))), tf.mul(0.01, tf.sum(tf.pow(w, 4))));
    }) as tf.Scalar;
  return { vars: [w, b], loss, dispose: () => tf.dispose([w, b, x]) };
}

function train(optimizer: tf.Optimizer, steps: number, p = problem()) {
  for (let i = 0; i < steps; i++) optimizer.minimize(p.loss, false, p.vars);
  return p;
}

describe('FusedAdamOptimizer', () => {
  it('matches tf.train.adam over 6 steps (values and moments)', async () => {
    for (const [lr, b1, b2] of [
      [1e-2, 0.5, 0.999],
      [0.1, 0.9, 0.99],
    ] as const) {
      const ref = tf.train.adam(lr, b1, b2);
      const ours = new FusedAdamOptimizer(lr, b1, b2);
      const p1 = train(ref, 6);
      const p2 = train(ours, 6);
      for (let i = 0; i < 2; i++) expectClose(p2.vars[i]!, p1.vars[i]!, { atol: 1e-7, rtol: 1e-6 });
      expect(Math.abs(p2.vars[0]!.dataSync()[0]! - INIT.w.values[0]!)).toBeGreaterThan(lr); // it moved
      const [wRef, wOurs] = [await ref.getWeights(), await ours.getWeights()];
      expect(wOurs.map((w) => w.name.replace(/^.*\//, ''))).toEqual(wRef.map((w) => w.name.replace(/^.*\//, '')));
      for (let i = 0; i < wRef.length; i++) expectClose(wOurs[i]!.tensor, wRef[i]!.tensor, { atol: 1e-9, rtol: 1e-6 });
      expect(ours.iterations).toBe(6);
      tf.dispose(wRef[0]!.tensor);
      tf.dispose(wOurs[0]!.tensor);
      ref.dispose();
      ours.dispose();
      p1.dispose();
      p2.dispose();
    }
  });

  it('names its state like AdamOptimizer: iter, then <variable>/m..., then <variable>/v...', async () => {
    const ours = fusedAdam(0.01);
    const p = train(ours, 1);
    const weights = await ours.getWeights();
    expect(weights.map((w) => w.name)).toEqual(['iter', `${p.vars[0]!.name}/m`, `${p.vars[1]!.name}/m`, `${p.vars[0]!.name}/v`, `${p.vars[1]!.name}/v`]);
    expect(weights[1]!.tensor.shape).toEqual([3, 4]);
    tf.dispose(weights[0]!.tensor);
    ours.dispose();
    p.dispose();
  });

  it('continues from an AdamOptimizer checkpoint exactly as AdamOptimizer does', async () => {
    const ref = tf.train.adam(0.05, 0.5, 0.999);
    const p1 = train(ref, 3);
    const p2 = problem();
    for (const [i, v] of p2.vars.entries()) v.assign(p1.vars[i]!);
    const saved = await ref.getWeights();
    const ours = new FusedAdamOptimizer(0.05, 0.5, 0.999);
    await ours.setWeights(saved.map((w) => ({ name: w.name, tensor: w.tensor.clone() })));
    expect(ours.iterations).toBe(3);
    train(ref, 3, p1);
    train(ours, 3, p2);
    for (let i = 0; i < 2; i++) expectClose(p2.vars[i]!, p1.vars[i]!, { atol: 1e-7, rtol: 1e-6 });
    tf.dispose(saved[0]!.tensor);
    ref.dispose();
    ours.dispose();
    p1.dispose();
    p2.dispose();
  });

  it('resumes bit for bit: setWeights restores the running beta products, not fround(beta^t)', async () => {
    const straight = fusedAdam(0.05, 0.5, 0.999);
    const p1 = train(straight, 7);
    const first = fusedAdam(0.05, 0.5, 0.999);
    const p2 = train(first, 2);
    const saved = await first.getWeights();
    const resumed = fusedAdam(0.05, 0.5, 0.999);
    await resumed.setWeights(saved.map((w) => ({ name: w.name, tensor: w.tensor.clone() })));
    train(resumed, 5, p2);
    const hidden = (o: unknown) => [(o as { accBeta1: number }).accBeta1, (o as { accBeta2: number }).accBeta2];
    expect(hidden(resumed)).toEqual(hidden(straight));
    for (let i = 0; i < 2; i++) expect(Array.from(p2.vars[i]!.dataSync())).toEqual(Array.from(p1.vars[i]!.dataSync()));
    tf.dispose(saved[0]!.tensor);
    for (const o of [straight, first, resumed]) o.dispose();
    p1.dispose();
    p2.dispose();
  });

  it('skips variables without a gradient', () => {
    const a = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const b = tf.tidy(() => tf.variable(tf.tensor1d([3, 4])));
    const ours = fusedAdam(0.1);
    const g = tf.tensor1d([1, -1]);
    ours.applyGradients({ [a.name]: g, [b.name]: null as unknown as tf.Tensor });
    // First Adam step moves each element by lr * sign(g) (up to epsilon).
    expectClose(a, [0.9, 2.1], { atol: 1e-6 });
    expect(Array.from(b.dataSync())).toEqual([3, 4]);
    tf.dispose([a, b, g]);
    ours.dispose();
  });

  it('takes gradients as a NamedTensor array too, like tf.train.adam', () => {
    const a = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3])));
    const b = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3])));
    const g = tf.tensor1d([0.5, -2, 0]);
    const ours = fusedAdam(0.1, 0.5);
    const ref = tf.train.adam(0.1, 0.5);
    for (let i = 0; i < 3; i++) {
      ours.applyGradients([{ name: a.name, tensor: g }]);
      ref.applyGradients([{ name: b.name, tensor: g }]);
    }
    expectClose(a, b, { atol: 1e-7, rtol: 1e-6 });
    expect(a.dataSync()[2]).toBe(3); // zero gradient: no move
    tf.dispose([a, b, g]);
    ours.dispose();
    ref.dispose();
  });

  it('serializes through getConfig / fromConfig under the class name FusedAdam', () => {
    const ours = new FusedAdamOptimizer(0.002, 0.5, 0.9, 1e-6);
    expect(ours.getClassName()).toBe('FusedAdam');
    expect(tf.serialization.SerializationMap.getMap().classNameMap.FusedAdam).toBeDefined();
    const copy = FusedAdamOptimizer.fromConfig(FusedAdamOptimizer, ours.getConfig()) as FusedAdamOptimizer;
    expect(copy.getConfig()).toEqual({ learningRate: 0.002, beta1: 0.5, beta2: 0.9, epsilon: 1e-6 });
  });

  it('rejects bad hyper-parameters', () => {
    expect(() => new FusedAdamOptimizer(0.1, 1, 0.999)).toThrow(OptionError);
    // The deprecated name is the same class for one minor version.
    expect(KernelsOptionError).toBe(OptionError);
    expect(() => new FusedAdamOptimizer(0.1, 1, 0.999)).toThrow(KernelsOptionError);
    expect(() => new FusedAdamOptimizer(0.1, 0.9, -0.5)).toThrow('FusedAdamOptimizer: beta2 must be a finite number >= 0 and < 1, got -0.5');
    expect(() => new FusedAdamOptimizer(Number.NaN, 0.9, 0.999)).toThrow('FusedAdamOptimizer: learningRate must be a finite number >= 0, got NaN');
    expect(() => new FusedAdamOptimizer(0.1, 0.9, 0.999, -1)).toThrow('FusedAdamOptimizer: epsilon must be a finite number >= 0, got -1');
  });

  it('refuses a negative learning rate (gradient ascent) and accepts 0', () => {
    expect(() => fusedAdam(-1)).toThrow(OptionError);
    expect(() => fusedAdam(-1)).toThrow('FusedAdamOptimizer: learningRate must be a finite number >= 0, got -1');
    expect(fusedAdam(0).getConfig().learningRate).toBe(0);
  });

  it('rejects gradients of unknown variables, disposed gradients and wrong shapes before updating', () => {
    const w = tf.variable(tf.tensor1d([1, 2]), true, 'fused_adam_contract_w');
    const optimizer = fusedAdam(0.1);
    expect(() => optimizer.applyGradients({ no_such_variable: tf.ones([2]) })).toThrow(TensorError);
    expect(() => optimizer.applyGradients({ no_such_variable: tf.ones([2]) })).toThrow(
      "FusedAdamOptimizer.applyGradients: variableGradients['no_such_variable'] must be the gradient of a registered tf.Variable, got no variable named 'no_such_variable'",
    );
    const gone = tf.ones([2]);
    gone.dispose();
    expect(() => optimizer.applyGradients({ fused_adam_contract_w: gone })).toThrow(TensorError);
    expect(() => optimizer.applyGradients([{ name: 'fused_adam_contract_w', tensor: tf.ones([3]) }])).toThrow(
      "FusedAdamOptimizer.applyGradients: variableGradients['fused_adam_contract_w'] must be the shape of its variable [2], got float32 tensor [3]",
    );
    expect(() => optimizer.applyGradients({ fused_adam_contract_w: tf.ones([3]) })).toThrow(ShapeError);
    expect(Array.from(w.dataSync())).toEqual([1, 2]);
    expect(optimizer.iterations).toBe(0);
    optimizer.dispose();
    w.dispose();
  });

  it('keeps the tensor count flat across steps and frees its state on dispose', () => {
    const before = tf.memory().numTensors;
    const ours = fusedAdam(0.01);
    const p = train(ours, 1);
    const afterOne = tf.memory().numTensors;
    train(ours, 5, p);
    expect(tf.memory().numTensors).toBe(afterOne);
    ours.dispose();
    p.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
