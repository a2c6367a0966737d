import { describe, expect, it } from 'vitest';
import { fmix32, Xoshiro128 } from './prng';

describe('Xoshiro128', () => {
  it('matches the reference xoshiro128** outputs for state [1, 2, 3, 4]', () => {
    // From the reference C implementation (prng.di.unimi.it/xoshiro128starstar.c).
    const random = Xoshiro128.fromState([1, 2, 3, 4]);
    const out = Array.from({ length: 6 }, () => random.nextUint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('fmix32 matches MurmurHash3 fmix32 on known values', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });

  it('nextBelow stays in range and covers it', () => {
    const random = new Xoshiro128([5]);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = random.nextBelow(7);
      expect(v >= 0 && v < 7 && Number.isInteger(v)).toBe(true);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
    expect(new Xoshiro128([5]).nextBelow(1)).toBe(0);
  });
});
