import { describe, expect, it } from 'vitest';
import { DtypeError, NormalizeError, OptionError, RangeSpecError, ShapeError, StatsError } from './errors';

describe('errors', () => {
  it.each([
    [RangeSpecError, 'RangeSpecError'],
    [ShapeError, 'ShapeError'],
    [DtypeError, 'DtypeError'],
    [StatsError, 'StatsError'],
    [OptionError, 'OptionError'],
  ] as const)('%s is a NormalizeError with a name and the four fields', (ErrorClass, name) => {
    const error = new ErrorClass({ functionName: 'f', argument: 'a', expected: 'x', actual: 'y' });
    expect(error).toBeInstanceOf(NormalizeError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.message).toBe('f: a must be x, got y');
    expect([error.functionName, error.argument, error.expected, error.actual]).toEqual(['f', 'a', 'x', 'y']);
    expect(String(error)).toBe(`${name}: f: a must be x, got y`);
  });

  it('the base class has its own name', () => {
    const error = new NormalizeError({ functionName: 'g', argument: 'b', expected: 'p', actual: 'q' });
    expect(error.name).toBe('NormalizeError');
    expect(error.message).toBe('g: b must be p, got q');
  });
});
