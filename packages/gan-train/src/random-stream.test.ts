import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { OptionError } from './errors';
import { RandomStream } from './random-stream';

describe('RandomStream', () => {
  it('is xoshiro128**: reference outputs from state [1, 2, 3, 4]', () => {
    // Reference values from an independent Python implementation of xoshiro128**.
    const random = RandomStream.fromState({ algorithm: 'xoshiro128**', state: [1, 2, 3, 4] });
    expect(Array.from({ length: 6 }, () => random.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
    expect(random.getState()).toEqual({ algorithm: 'xoshiro128**', state: [1110993931, 286554632, 2431677446, 2165318166], spareNormal: null });
  });

  it('repeats from a seed or a saved state, and differs between seeds', () => {
    const a = new RandomStream(42);
    const b = new RandomStream(42);
    const c = new RandomStream(43);
    const draw = (r: RandomStream) => [r.nextUint32(), r.nextFloat(), r.nextSeed(), r.nextInt(10)];
    expect(draw(a)).toEqual(draw(b));
    expect(draw(new RandomStream(42))).not.toEqual(draw(c));
    const saved = JSON.parse(JSON.stringify(a.getState()));
    const continued = RandomStream.fromState(saved);
    expect(draw(continued)).toEqual(draw(a));
    expect(new RandomStream(2 ** 40).nextUint32()).not.toBe(new RandomStream(0).nextUint32());
  });

  it('draws values in their ranges', () => {
    const random = new RandomStream(1);
    for (let i = 0; i < 1000; i++) {
      const f = random.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      const s = random.nextSeed();
      expect(Number.isInteger(s) && s >= 1 && s <= 2 ** 31 - 1).toBe(true);
      expect(random.nextInt(3)).toBeLessThan(3);
    }
    const p = random.permutation(10);
    expect([...p].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(p).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(random.permutation(0)).toEqual([]);
  });

  it('gives tfjs seeded ops the same numbers on every backend for the same seed', () => {
    const seed = new RandomStream(5).nextSeed();
    const a = tf.randomNormal([3], 0, 1, 'float32', seed);
    const b = tf.randomNormal([3], 0, 1, 'float32', seed);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
  });

  it('rejects bad seeds and states', () => {
    expect(() => new RandomStream(1.5)).toThrow(OptionError);
    expect(() => new RandomStream(1.5)).toThrow('RandomStream: seed must be a safe integer, got 1.5');
    const random = new RandomStream(1);
    expect(() => random.setState({ algorithm: 'xoshiro128**', state: [0, 0, 0, 0] })).toThrow("RandomStream.setState: state must be { algorithm: 'xoshiro128**', state: four uint32 words, not all 0 }");
    expect(() => random.setState({ algorithm: 'mt' as never, state: [1, 2, 3, 4] })).toThrow(OptionError);
    expect(() => random.nextInt(0)).toThrow('RandomStream.nextInt: bound must be an integer in [1, 2**32], got 0');
  });
});
