import { describe as suite, expect, it } from 'vitest';
import { Prng, PrngArgumentError } from './prng';

suite('Prng', () => {
  it('matches the reference xoshiro128** output from a raw state', () => {
    // Reference: xoshiro128** with state [1, 2, 3, 4] gives 11520, 0, 5927040, 70819200 (Vigna's C code).
    const random = Prng.fromState({ algorithm: 'xoshiro128**', state: [1, 2, 3, 4] });
    expect([random.nextUint32(), random.nextUint32(), random.nextUint32(), random.nextUint32()]).toEqual([11520, 0, 5927040, 70819200]);
  });

  it('same seed, same stream; other seeds and keys differ', () => {
    const a = new Prng(7);
    const b = new Prng(7);
    const drawsA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(drawsA);
    expect(new Prng(8).nextUint32()).not.toBe(drawsA[0]);
    expect(Prng.fromKey([7, 0]).nextUint32()).not.toBe(Prng.fromKey([7, 1]).nextUint32());
    expect(Prng.fromKey([7, 1]).nextUint32()).toBe(Prng.fromKey([7, 1]).nextUint32());
  });

  it('round-trips its state through JSON, the cached normal included', () => {
    const random = new Prng(3);
    random.normal();
    const copy = Prng.fromState(JSON.parse(JSON.stringify(random.getState())));
    expect(copy.normal()).toBe(random.normal());
    expect(copy.nextFloat()).toBe(random.nextFloat());
    expect(random.clone().nextSeed()).toBe(random.nextSeed());
  });

  it('draws in range', () => {
    const random = new Prng(1);
    for (let i = 0; i < 1000; i++) {
      const f = random.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      const k = random.int(-2, 2);
      expect(k >= -2 && k <= 2 && Number.isInteger(k)).toBe(true);
      const s = random.nextSeed();
      expect(s >= 1 && s <= 0x7fffffff).toBe(true);
    }
    expect(random.permutation(6).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('has a mean near 0 and a variance near 1 for normals', () => {
    const random = new Prng(11);
    const n = 20000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const x = random.normal();
      sum += x;
      sq += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.04);
  });

  it('rejects bad seeds, bounds and states', () => {
    expect(() => new Prng(1.5)).toThrow(PrngArgumentError);
    expect(() => new Prng(1).nextInt(0)).toThrow('Prng.nextInt: bound must be an integer in [1, 2**32], got 0');
    expect(() => Prng.fromState({ algorithm: 'xoshiro128**', state: [0, 0, 0, 0] })).toThrow(/Prng.setState/);
  });
});
