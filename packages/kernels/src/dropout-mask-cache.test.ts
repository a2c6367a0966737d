import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { deviceDropout } from './device-random';
import { counterBits, dropoutThreshold, streamKey } from './internal/counter-rng';

/** The mask of `seed` at `rate` for n elements, straight from the counter hash. */
function expectedKeep(seed: number, rate: number, n: number): number[] {
  const key = streamKey(seed);
  const threshold = dropoutThreshold(rate);
  return Array.from({ length: n }, (_, i) => (counterBits(key, i) >>> 8 >= threshold ? 1 : 0));
}

// cpu and wasm keep the masks of recent streams (the gradient reuses the forward's mask):
// a reused mask must give exactly the bits of a fresh one.
describe('dropout masks reused between calls', () => {
  it('gives the hash mask on a first call, a shorter call of the same seed, and a longer one', () => {
    for (const n of [300, 120, 1000]) {
      const y = deviceDropout(tf.ones([n]), 0.3, { seed: 4242 });
      const keep = Array.from(y.dataSync(), (v) => (v > 0 ? 1 : 0));
      y.dispose();
      expect(keep).toEqual(expectedKeep(4242, 0.3, n));
    }
  });

  it('scales kept elements and zeroes dropped ones of either sign', () => {
    const values = Array.from({ length: 400 }, (_, i) => (i % 2 ? -1 : 1) * (1 + i / 100));
    const y = deviceDropout(tf.tensor1d(values), 0.5, { seed: 77 });
    const keep = expectedKeep(77, 0.5, 400);
    const scale = Math.fround(1 / Math.fround(0.5));
    // == 0 rather than toBe(0): a dropped negative element is -0 on wasm (x · 0, as in tfjs's dropout).
    Array.from(y.dataSync()).forEach((v, i) => {
      if (keep[i]) expect(v).toBe(Math.fround(Math.fround(values[i]!) * scale));
      else expect(v === 0).toBe(true);
    });
    y.dispose();
  });

  it('gives fresh bits in reused buffers, shorter and longer than the last mask of a seed', () => {
    for (let s = 0; s < 6; s++) tf.dispose(deviceDropout(tf.ones([1000]), 0.3, { seed: 500 + s })); // fill and evict
    for (const n of [600, 600, 800, 1000]) {
      const y = deviceDropout(tf.ones([n]), 0.3, { seed: 601 });
      expect(Array.from(y.dataSync(), (v) => (v > 0 ? 1 : 0)), `n ${n}`).toEqual(expectedKeep(601, 0.3, n));
      y.dispose();
    }
  });

  it('keeps masks of different rates and seeds apart', () => {
    const a = deviceDropout(tf.ones([500]), 0.3, { seed: 99 });
    const b = deviceDropout(tf.ones([500]), 0.6, { seed: 99 });
    const c = deviceDropout(tf.ones([500]), 0.3, { seed: 100 });
    expect(Array.from(a.dataSync(), (v) => (v > 0 ? 1 : 0))).toEqual(expectedKeep(99, 0.3, 500));
    expect(Array.from(b.dataSync(), (v) => (v > 0 ? 1 : 0))).toEqual(expectedKeep(99, 0.6, 500));
    expect(Array.from(c.dataSync(), (v) => (v > 0 ? 1 : 0))).toEqual(expectedKeep(100, 0.3, 500));
    tf.dispose([a, b, c]);
  });

  it('gives the gradient the forward mask after other streams came between', () => {
    const x = tf.randomUniform([64, 50], 1, 2, 'float32', 5);
    const g = tf.grad((t: tf.Tensor) => {
      const y = deviceDropout(t, 0.4, { seed: 31 });
      for (let s = 0; s < 6; s++) tf.dispose(deviceDropout(tf.ones([3200]), 0.4, { seed: 1000 + s }));
      return tf.sum(y);
    })(x);
    const keep = expectedKeep(31, 0.4, 3200);
    const scale = Math.fround(1 / Math.fround(0.6));
    expect(Array.from(g.dataSync())).toEqual(keep.map((k) => (k ? scale : 0)));
    tf.dispose([x, g]);
  });
});
