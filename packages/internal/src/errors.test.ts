import { describe as suite, expect, it } from 'vitest';
import { GANFORGE_ERROR_MARKER, GanforgeError, isGanforgeError } from './errors';

class PackageError extends GanforgeError {
  override name = 'PackageError';
}
class OptionError extends PackageError {
  override name = 'OptionError';
}

suite('GanforgeError', () => {
  it('builds the standard sentence and keeps the fields and cause', () => {
    const cause = new Error('inner');
    const error = new OptionError({ functionName: 'affine', argument: 'options.angle', expected: 'a finite number', actual: 'NaN', cause });
    expect(error.message).toBe('affine: options.angle must be a finite number, got NaN');
    expect(error.name).toBe('OptionError');
    expect([error.functionName, error.argument, error.expected, error.actual]).toEqual(['affine', 'options.angle', 'a finite number', 'NaN']);
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(PackageError);
    expect(error).toBeInstanceOf(Error);
  });

  it('takes a full message when given', () => {
    const error = new OptionError({ functionName: 'readIdx', argument: 'path', expected: 'a readable file', actual: 'ENOENT', message: 'readIdx: cannot read x' });
    expect(error.message).toBe('readIdx: cannot read x');
    expect('cause' in error).toBe(false);
  });

  it('isGanforgeError recognizes errors of other copies by the Symbol.for marker', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('ganforge.error')]: true });
    expect(isGanforgeError(foreign)).toBe(true);
    expect(isGanforgeError(new OptionError({ functionName: 'f', argument: 'a', expected: 'e', actual: 'g' }))).toBe(true);
    expect(isGanforgeError(new Error('plain'))).toBe(false);
    expect(isGanforgeError(null)).toBe(false);
    expect(GANFORGE_ERROR_MARKER).toBe(Symbol.for('ganforge.error'));
  });
});
