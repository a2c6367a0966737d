import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { OptionError } from './errors';
import { numericGradient, roundTrip, withTapeLeakCheck } from './internal/test-helpers';
import { SpectralNormalization } from './spectral-normalization';

/** A built spectral-normalized Dense 2 → 2 with the given kernel, zero bias. */
function denseSn(kernel: number[][], args: { powerIterations?: number; activation?: 'relu' | 'linear'; refresh?: boolean } = {}) {
  const layer = new SpectralNormalization({
    layer: tfl.layers.dense({ units: kernel[0]!.length, activation: args.activation ?? 'linear' }),
    powerIterations: args.powerIterations ?? 1,
    seed: 1,
  });
  layer.apply(tfl.input({ shape: [kernel.length] }));
  const [, , u, v] = layer.getWeights();
  layer.setWeights([tf.tensor2d(kernel), tf.zeros([kernel[0]!.length]), u!, v!]);
  if (args.refresh) {
    // The stored vectors belong to the kernel drawn at build: re-estimate for the new one.
    const x = tf.ones([1, kernel.length]);
    for (let i = 0; i < 30; i++) tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
    x.dispose();
  }
  return layer;
}

describe('SpectralNormalization', () => {
  it('divides a Dense kernel by sigma = vᵀ W u from the stored vectors (hand-computed)', () => {
    const layer = denseSn([
      [3, 0],
      [0, 1],
    ]);
    // Weights: kernel, bias (trainable), then u (output channels) and v (fan-in).
    expect(layer.trainableWeights.length).toBe(2);
    expect(layer.nonTrainableWeights.map((w) => w.shape)).toEqual([[2], [2]]);
    layer.setWeights([tf.tensor2d([3, 0, 0, 1], [2, 2]), tf.zeros([2]), tf.tensor1d([1, 0]), tf.tensor1d([1, 0])]);
    const x = tf.tensor2d([[1, 1]]);
    const y = layer.apply(x) as tf.Tensor;
    expectClose(y, [[1, 1 / 3]]);
    expectClose(layer.sigma(), 3);
    tf.dispose([x, y]);
  });

  it('estimates the largest singular value when built and refines it in training calls', () => {
    // Singular values of [[2, 0, 0], [0, 5, 0]] are 5 and 2; 15 initial iterations converge.
    const layer = denseSn([
      [2, 0, 0],
      [0, 5, 0],
    ]);
    // setWeights replaced the kernel after build: the stored vectors belong to the old kernel.
    const x = tf.tensor2d([[1, 1]]);
    for (let i = 0; i < 30; i++) tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
    expectClose(layer.sigma(), 5, { rtol: 1e-4 });
    const y = layer.apply(x) as tf.Tensor;
    expectClose(y, [[2 / 5, 1, 0]], { atol: 1e-4 });
    tf.dispose([x, y]);
  });

  it('normalizes a Conv2D by the singular value of its [kh·kw·in, out] matrix', () => {
    const layer = new SpectralNormalization({
      layer: tfl.layers.conv2d({ filters: 2, kernelSize: 2, padding: 'valid', kernelInitializer: 'ones' }),
      seed: 3,
    });
    const x = tf.ones([1, 2, 2, 1]);
    const y = layer.apply(x) as tf.Tensor;
    // Kernel of ones as a 4×2 matrix: sigma = sqrt(4·2). Each output = 4 / sqrt(8).
    expectClose(layer.sigma(), Math.sqrt(8), { rtol: 1e-4 });
    expectClose(y, [[[[4 / Math.sqrt(8), 4 / Math.sqrt(8)]]]], { rtol: 1e-4 });
    tf.dispose([x, y]);
  });

  it('views a Conv2DTranspose kernel [kh, kw, out, in] with one column per output channel', () => {
    const layer = new SpectralNormalization({
      layer: tfl.layers.conv2dTranspose({ filters: 2, kernelSize: [1, 2], strides: 1, padding: 'same', useBias: false }),
      seed: 4,
    });
    layer.apply(tfl.input({ shape: [3, 3, 1] }));
    const [, u, v] = layer.getWeights();
    // kernel[0, w, o, 0] = (w == o): as [kh·kw·in, out] = identity 2×2 → sigma 1 (as [.., in] it would be √2).
    layer.setWeights([tf.tensor4d([1, 0, 0, 1], [1, 2, 2, 1]), u!, v!]);
    const x = tf.ones([1, 3, 3, 1]);
    for (let i = 0; i < 3; i++) tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
    expectClose(layer.sigma(), 1, { rtol: 1e-5 });
    tf.dispose(x);
  });

  it('carries the gradient through sigma to the kernel (u, v held fixed)', () => {
    const layer = denseSn(
      [
        [1, 2],
        [-1, 0.5],
      ],
      { activation: 'relu', refresh: true },
    );
    // MᵀM = [[2, 1.5], [1.5, 4.25]] has eigenvalues 5 and 1.25: sigma = √5.
    expectClose(layer.sigma(), Math.sqrt(5), { rtol: 1e-5 });
    const x = tf.tensor2d([
      [0.3, -0.2],
      [1, 0.7],
    ]);
    const w = tf.tensor2d([
      [1, -2],
      [0.5, 1],
    ]);
    const [kernel, bias, u, v] = layer.getWeights();
    const loss = () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, w)) as tf.Scalar;
    const { value, grads } = withTapeLeakCheck(() => tf.variableGrads(loss, [layer.trainableWeights[0]!.read() as tf.Variable]));
    const analytic = Array.from(Object.values(grads)[0]!.dataSync());
    const numeric = numericGradient((k) => {
      layer.setWeights([k, bias!, u!, v!]);
      return loss();
    }, kernel!);
    layer.setWeights([kernel!, bias!, u!, v!]);
    expect(Math.max(...analytic.map((a, i) => Math.abs(a - numeric[i]!)))).toBeLessThan(1e-2);
    // Treating sigma as a constant would give another gradient: d sigma / dW = v uᵀ matters.
    const sigma = layer.sigma();
    const constantSigma = tf.grad((k: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.div(tf.matMul(x, k), sigma)), w)))(kernel!);
    const gap = Math.max(...Array.from(constantSigma.dataSync()).map((g, i) => Math.abs(g - analytic[i]!)));
    expect(gap).toBeGreaterThan(0.05);
    tf.dispose([sigma, constantSigma]);
    tf.dispose([x, w, value, ...Object.values(grads)]);
  });

  it('updates u and v only in training calls', () => {
    const layer = denseSn([
      [1, 2],
      [3, 4],
    ]);
    const [, , u0] = layer.getWeights();
    const before = Array.from(u0!.dataSync());
    const x = tf.ones([1, 2]);
    tf.dispose(layer.apply(x) as tf.Tensor);
    expect(Array.from(layer.getWeights()[2]!.dataSync())).toEqual(before);
    tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
    const after = Array.from(layer.getWeights()[2]!.dataSync());
    expect(after).not.toEqual(before);
    expect(Math.hypot(...after)).toBeCloseTo(1, 5);
    x.dispose();
  });

  it('round-trips through getConfig/fromConfig with the wrapped layer', () => {
    const layer = new SpectralNormalization({
      layer: tfl.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      powerIterations: 2,
      seed: 5,
    });
    const x = tf.randomNormal([2, 4, 4, 2], 0, 1, 'float32', 6);
    const [a, b, copy] = roundTrip(layer, SpectralNormalization, x);
    expectClose(b, a, { atol: 1e-6 });
    const restored = copy as SpectralNormalization;
    expect(restored.layer.getClassName()).toBe('Conv2D');
    expect(restored.layer.getConfig().strides).toEqual([2, 2]);
    expect(restored.powerIterations).toBe(2);
    tf.dispose([x, a, b]);
  });

  it('rejects layers it cannot wrap, and leaks nothing in training calls', async () => {
    expect(() => new SpectralNormalization({ layer: tfl.layers.flatten() })).toThrow(OptionError);
    expect(() => new SpectralNormalization({ layer: tfl.layers.flatten() })).toThrow(
      'SpectralNormalization: args.layer must be a Dense, Conv2D, Conv2DTranspose layer, got a Flatten layer',
    );
    expect(
      () => new SpectralNormalization({ layer: tfl.layers.dense({ units: 1 }), powerIterations: 0 }),
    ).toThrow('SpectralNormalization: args.powerIterations must be an integer >= 1, got 0');
    const layer = denseSn([
      [1, 2],
      [3, 4],
    ]);
    const x = tf.ones([1, 2]);
    await expectNoLeaks(() => layer.apply(x, { training: true }));
    x.dispose();
  });
});
