import { describe, expect, it } from 'vitest';
import { isGanforgeError } from '@ganforge/internal';
import { DtypeError, LimitError, NormalizeError, OptionError, RangeSpecError, ShapeError, StatsError, TensorError } from './errors';

describe('errors', () => {
  it.each([
    [RangeSpecError, 'RangeSpecError'],
    [ShapeError, 'ShapeError'],
    [DtypeError, 'DtypeError'],
    [StatsError, 'StatsError'],
    [OptionError, 'OptionError'],
    [TensorError, 'TensorError'],
    [LimitError, 'LimitError'],
  ] as const)('%s is a NormalizeError with a name and the four fields', (ErrorClass, name) => {
    const error = new ErrorClass({ functionName: 'f', argument: 'a', expected: 'x', actual: 'y' });
    expect(error).toBeInstanceOf(NormalizeError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.message).toBe('f: a must be x, got y');
    expect([error.functionName, error.argument, error.expected, error.actual]).toEqual(['f', 'a', 'x', 'y']);
    expect(String(error)).toBe(`${name}: f: a must be x, got y`);
    expect(isGanforgeError(error)).toBe(true);
  });

  it('the base class has its own name', () => {
    const error = new NormalizeError({ functionName: 'g', argument: 'b', expected: 'p', actual: 'q' });
    expect(error.name).toBe('NormalizeError');
    expect(error.message).toBe('g: b must be p, got q');
  });

  it('carries a cause', () => {
    const cause = new RangeError('inner');
    const error = new ShapeError({ functionName: 'g', argument: 'b', expected: 'p', actual: 'q', cause });
    expect(error.cause).toBe(cause);
  });
});
