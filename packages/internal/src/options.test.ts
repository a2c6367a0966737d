import { describe as suite, expect, it, vi } from 'vitest';
import { GanforgeError } from './errors';
import { checkNumber, checkOneOf, checkOptions, checkSeed, editDistance, nearest } from './options';

class OptionError extends GanforgeError {
  override name = 'OptionError';
}
const known = ['angle', 'translate', 'scale', 'shear', 'fill'];

suite('checkOptions', () => {
  it('returns {} for undefined and the object itself when every key is known', () => {
    expect(checkOptions('affine', undefined, known, OptionError)).toEqual({});
    const options = { angle: 3, fill: 0 };
    expect(checkOptions('affine', options, known, OptionError)).toBe(options);
  });

  it('rejects an unknown key with a did-you-mean', () => {
    expect(() => checkOptions('affine', { angel: 45 }, known, OptionError)).toThrow(
      "affine: options.angel must be a known option (did you mean 'angle'?): angle, translate, scale, shear, fill, got the unknown key 'angel'",
    );
    expect(() => checkOptions('affine', { zzzzzz: 1 }, known, OptionError)).toThrow(/must be a known option: angle/);
    expect(() => checkOptions('affine', { angle: 1, seeed: 1 }, [...known, 'seed'], OptionError)).toThrow(/did you mean 'seed'/);
  });

  it('rejects null, arrays, numbers and class instances', () => {
    for (const bad of [null, [1], 3, 'x', new Map()]) {
      expect(() => checkOptions('affine', bad as never, known, OptionError)).toThrow(OptionError);
    }
    expect(() => checkOptions('affine', null as never, known, OptionError)).toThrow('affine: options must be an options object or undefined, got null');
  });

  it('moves a deprecated spelling to its new name once, warning once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const out = checkOptions<{ pixelRange?: string }>('toUint8', { range: 'unit' } as never, ['pixelRange'], OptionError, { deprecated: { range: 'pixelRange' } });
    checkOptions('toUint8', { range: 'unit' } as never, ['pixelRange'], OptionError, { deprecated: { range: 'pixelRange' } });
    expect(out).toEqual({ pixelRange: 'unit' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/options.range is deprecated.*use options.pixelRange/);
    expect(() =>
      checkOptions('toUint8', { range: 'unit', pixelRange: 'unit' } as never, ['pixelRange'], OptionError, { deprecated: { range: 'pixelRange' } }),
    ).toThrow(/left out when options.pixelRange is given/);
    expect(() => checkOptions('toUint8', { rnage: 'unit' } as never, ['pixelRange'], OptionError, { deprecated: { range: 'pixelRange' } })).toThrow(
      /did you mean 'range'/,
    );
    warn.mockRestore();
  });
});

suite('nearest and editDistance', () => {
  it('counts edits with adjacent swaps as one', () => {
    expect(editDistance('angel', 'angle')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(nearest('dropRemainer', ['dropRemainder', 'batchSize'])).toBe('dropRemainder');
    expect(nearest('lables', ['labels', 'channels'])).toBe('labels');
    expect(nearest('xyz', ['labels'])).toBeUndefined();
  });
});

suite('value checks', () => {
  it('checkNumber states its bounds', () => {
    expect(checkNumber('f', 'lr', 0.5, { min: 0 }, OptionError)).toBe(0.5);
    expect(() => checkNumber('fusedAdam', 'learningRate', -1, { min: 0 }, OptionError)).toThrow('fusedAdam: learningRate must be a finite number >= 0, got -1');
    expect(() => checkNumber('f', 'n', 2.5, { integer: true, above: 0 }, OptionError)).toThrow('f: n must be an integer > 0, got 2.5');
    expect(() => checkNumber('f', 'n', Number.NaN, {}, OptionError)).toThrow('f: n must be a finite number, got NaN');
    expect(() => checkNumber('f', 'p', 1, { min: 0, below: 1 }, OptionError)).toThrow('must be a finite number >= 0 and < 1, got 1');
  });

  it('checkOneOf suggests the nearest value', () => {
    expect(checkOneOf('resize', 'mode', 'nearest', ['nearest', 'bilinear'] as const, OptionError)).toBe('nearest');
    expect(() => checkOneOf('resize', 'mode', 'bilinaer', ['nearest', 'bilinear'] as const, OptionError)).toThrow(
      "resize: mode must be one of 'nearest', 'bilinear' (did you mean 'bilinear'?), got 'bilinaer'",
    );
  });

  it('checkSeed takes undefined or a safe integer', () => {
    expect(checkSeed('f', 'seed', undefined, OptionError)).toBeUndefined();
    expect(checkSeed('f', 'seed', -3, OptionError)).toBe(-3);
    expect(() => checkSeed('f', 'seed', 1.5, OptionError)).toThrow('f: seed must be a safe integer or undefined, got 1.5');
  });
});
