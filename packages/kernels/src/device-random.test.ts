import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { deviceDropout, deviceRandomUniform } from './device-random';
import { DtypeError, LimitError, OptionError, TensorError } from './errors';
import { counterBits, pcgHash, streamKey } from './internal/counter-rng';

// Golden values from a C implementation of the same hash (uint32_t arithmetic, as WGSL's u32).
describe('counter-based bits', () => {
  it('match the C reference for seeds 0 and 7', () => {
    expect(streamKey(0)).toBe(1711508414);
    expect(streamKey(7)).toBe(2066840103);
    expect([0, 1, 2, 3].map((i) => counterBits(streamKey(0), i))).toEqual([2847541631, 710341103, 2748587765, 3215677482]);
    expect([0, 1, 2, 3].map((i) => counterBits(streamKey(7), i))).toEqual([2173267997, 880401361, 1317472304, 876007277]);
  });

  it('agree with a BigInt evaluation of the hash', () => {
    const M = 0xffffffffn;
    const big = (v: bigint): bigint => {
      const state = (v * 747796405n + 2891336453n) & M;
      const word = (((state >> ((state >> 28n) + 4n)) ^ state) * 277803737n) & M;
      return (word >> 22n) ^ word;
    };
    for (const v of [0, 1, 2 ** 31, 2 ** 32 - 1, 123456789]) expect(pcgHash(v)).toBe(Number(big(BigInt(v))));
  });
});

describe('deviceRandomUniform', () => {
  it('gives the golden numbers for seed 7 (same bits on every backend)', () => {
    const u = deviceRandomUniform([2, 2], { seed: 7 });
    expect(u.shape).toEqual([2, 2]);
    expect(u.dtype).toBe('float32');
    expectClose(u, [0.50600338, 0.204984367, 0.306747913, 0.203961313], { atol: 0, rtol: 1e-7 });
    const v = deviceRandomUniform([4], { seed: 7, minval: -1, maxval: 1 });
    expectClose(v, [0.01200676, -0.590031266, -0.386504174, -0.592077374], { atol: 1e-7, rtol: 0 });
    tf.dispose([u, v]);
  });

  it('has the range, mean and variance of U[min, max)', () => {
    const u = deviceRandomUniform([200000], { seed: 3, minval: 2, maxval: 6 });
    const values = u.dataSync();
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let sq = 0;
    for (const x of values) {
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
      sq += x * x;
    }
    const mean = sum / values.length;
    const variance = sq / values.length - mean * mean;
    expect(min).toBeGreaterThanOrEqual(2);
    expect(max).toBeLessThan(6);
    expect(min).toBeLessThan(2.001);
    expect(max).toBeGreaterThan(5.999);
    expect(Math.abs(mean - 4)).toBeLessThan(0.01); // sd of the mean 0.0026
    expect(Math.abs(variance - 16 / 12)).toBeLessThan(0.01);
    u.dispose();
  });

  it('repeats per seed and differs between seeds (including 0)', () => {
    const a = deviceRandomUniform([1000], { seed: 11 });
    const b = deviceRandomUniform([1000], { seed: 11 });
    const c = deviceRandomUniform([1000], { seed: 12 });
    const d = deviceRandomUniform([1000], { seed: 0 });
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    const same = (x: tf.Tensor, y: tf.Tensor) => x.dataSync().filter((v, i) => v === y.dataSync()[i]).length;
    expect(same(a, c)).toBeLessThan(5);
    expect(same(a, d)).toBeLessThan(5);
    tf.dispose([a, b, c, d]);
  });

  it('draws fresh numbers when unseeded', () => {
    const a = deviceRandomUniform([64]);
    const b = deviceRandomUniform([64]);
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
  });

  it('rejects bad shapes, bounds and seeds', () => {
    expect(() => deviceRandomUniform([2, -1])).toThrow(OptionError);
    expect(() => deviceRandomUniform([2, 1.5])).toThrow('deviceRandomUniform: shape must be an array of non-negative integers, got [2, 1.5]');
    expect(() => deviceRandomUniform([2], { minval: 1, maxval: 1 })).toThrow('deviceRandomUniform: options.maxval must be a finite number > 1, got 1');
    expect(() => deviceRandomUniform([2], { minval: Number.NEGATIVE_INFINITY })).toThrow(OptionError);
    expect(() => deviceRandomUniform([2], { seed: -1 })).toThrow(
      'deviceRandomUniform: options.seed must be an integer >= 0 and <= 4294967295, got -1',
    );
    expect(() => deviceRandomUniform([2], { seed: 2 ** 32 })).toThrow(OptionError);
  });

  it('rejects misspelled options and shapes past LIMITS.tensorElements before allocating', () => {
    expect(() => deviceRandomUniform([2], { maxVal: 5 } as never)).toThrow(
      "deviceRandomUniform: options.maxVal must be a known option (did you mean 'maxval'?): minval, maxval, seed, got the unknown key 'maxVal'",
    );
    expect(() => deviceRandomUniform([2], { sed: 1 } as never)).toThrow(OptionError);
    const before = tf.memory().numTensors;
    expect(() => deviceRandomUniform([1e6, 1e6], { seed: 1 })).toThrow(LimitError);
    expect(() => deviceRandomUniform([2 ** 31], { seed: 1 })).toThrow(
      'deviceRandomUniform: shape must be at most 2147483647 elements (LIMITS.tensorElements), got shape [2147483648] (2147483648 elements)',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('does not leak', async () => {
    await expectNoLeaks(() => deviceRandomUniform([3, 5], { seed: 1 }));
  });
});

describe('deviceDropout', () => {
  const scale = Math.fround(1 / Math.fround(0.7));

  it('keeps the golden mask for seed 123 at rate 0.3 and scales by 1 / 0.7', () => {
    const x = tf.range(1, 10001, 1, 'float32');
    const y = deviceDropout(x, 0.3, { seed: 123 });
    expect(y.shape).toEqual([10000]);
    expect(y.dtype).toBe('float32');
    const values = y.dataSync();
    const kept = values.filter((v) => v !== 0).length;
    expect(kept).toBe(7023);
    const flags = Array.from(values.slice(0, 12), (v) => (v !== 0 ? 1 : 0)).join('');
    expect(flags).toBe('111010111111');
    expect(values[0]).toBe(Math.fround(1 * scale));
    expect(values[1]).toBe(Math.fround(2 * scale));
    expect(values[3]).toBe(0);
    tf.dispose([x, y]);
  });

  it('does not modify its input and keeps its shape', () => {
    const x = tf.ones([2, 3, 4, 5]);
    const y = deviceDropout(x, 0.5, { seed: 1 });
    expect(y.shape).toEqual([2, 3, 4, 5]);
    expect(Array.from(x.dataSync()).every((v) => v === 1)).toBe(true);
    expect(Array.from(y.dataSync()).every((v) => v === 0 || v === 2)).toBe(true);
    tf.dispose([x, y]);
  });

  it('has the gradient of its mask: dropout of dy with the same seed', () => {
    const x = tf.range(0, 64, 1, 'float32');
    const w = tf.range(1, 65, 1, 'float32');
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(deviceDropout(t, 0.3, { seed: 5 }), w)))(x);
    const expected = deviceDropout(w, 0.3, { seed: 5 });
    expect(Array.from(grad.dataSync())).toEqual(Array.from(expected.dataSync()));
    expect(expected.dataSync().filter((v) => v === 0).length).toBeGreaterThan(5);
    tf.dispose([x, w, grad, expected]);
  });

  it('returns a copy at rate 0', () => {
    const x = tf.tensor1d([1, -2, 3]);
    const y = deviceDropout(x, 0);
    expect(y).not.toBe(x);
    expect(Array.from(y.dataSync())).toEqual([1, -2, 3]);
    tf.dispose([x, y]);
  });

  it('rejects non-float inputs, bad rates and seeds', () => {
    const i = tf.tensor1d([1, 2], 'int32');
    const x = tf.ones([2]);
    expect(() => deviceDropout(i, 0.5)).toThrow(DtypeError);
    expect(() => deviceDropout(i, 0.5)).toThrow('deviceDropout: x must be a float32 tensor, got int32 tensor [2]');
    expect(() => deviceDropout(x, 1)).toThrow('deviceDropout: rate must be a finite number >= 0 and < 1, got 1');
    expect(() => deviceDropout(x, -0.1)).toThrow(OptionError);
    expect(() => deviceDropout(x, 0.5, { seed: 0.5 })).toThrow('deviceDropout: options.seed must be an integer >= 0 and <= 4294967295, got 0.5');
    expect(() => deviceDropout(x, 0.5, { seeed: 1 } as never)).toThrow("deviceDropout: options.seeed must be a known option (did you mean 'seed'?)");
    expect(() => deviceDropout(null as never, 0.5)).toThrow('deviceDropout: x must be a tf.Tensor, got null');
    const gone = tf.ones([2]);
    gone.dispose();
    expect(() => deviceDropout(gone, 0.5)).toThrow(TensorError);
    expect(() => deviceDropout(gone, 0.5)).toThrow('deviceDropout: x must be a tf.Tensor that is not disposed, got disposed float32 tensor [2]');
    tf.dispose([i, x]);
  });

  it('does not leak, forward or backward', async () => {
    const x = tf.ones([4, 4]);
    await expectNoLeaks(() => deviceDropout(x, 0.5, { seed: 9 }));
    await expectNoLeaks(() => tf.grad((t: tf.Tensor) => tf.sum(deviceDropout(t, 0.5, { seed: 9 })))(x));
    x.dispose();
  });
});
