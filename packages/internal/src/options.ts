import { describe } from './describe';
import type { ErrorClass } from './errors';

/** How {@link checkOptions} treats an options object. */
export interface CheckOptionsSettings {
  /** The name of the argument in messages. Default `'options'`. */
  argument?: string;
  /**
   * Old spellings still accepted for one minor version: `{ oldName: 'newName' }`.
   * The value moves to the new name (both given is an error) and a one-time
   * deprecation warning is printed.
   */
  deprecated?: Readonly<Record<string, string>>;
}

const warned = new Set<string>();

/**
 * Checks that `options` is `undefined` or a plain object whose keys are all in
 * `known`, and returns it (a shallow copy with deprecated spellings moved to
 * their new names). An unknown key is an error that suggests the nearest
 * known one, so that a typo never silently turns an option off.
 *
 * @example
 * const resolved = checkOptions('affine', options, ['angle', 'translate', 'scale', 'shear', 'fill'], OptionError);
 * // affine(x, { angel: 45 }) -> OptionError: affine: options.angel must be a known option (did you mean 'angle'?): angle, translate, scale, shear, fill, got the unknown key 'angel'
 */
export function checkOptions<T extends object>(
  functionName: string,
  options: T | undefined,
  known: readonly string[],
  ErrorKind: ErrorClass,
  settings: CheckOptionsSettings = {},
): T {
  const argument = settings.argument ?? 'options';
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== 'object' || Array.isArray(options) || isTensorOrClassInstance(options)) {
    throw new ErrorKind({ functionName, argument, expected: 'an options object or undefined', actual: describe(options) });
  }
  const deprecated = settings.deprecated ?? {};
  let result: Record<string, unknown> | undefined;
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const replacement = deprecated[key];
    if (replacement !== undefined) {
      result ??= { ...(options as Record<string, unknown>) };
      if ((options as Record<string, unknown>)[replacement] !== undefined) {
        throw new ErrorKind({
          functionName,
          argument: `${argument}.${key}`,
          expected: `left out when ${argument}.${replacement} is given (${key} is the deprecated name of ${replacement})`,
          actual: 'both',
        });
      }
      result[replacement] = result[key];
      delete result[key];
      const warning = `${functionName}: ${argument}.${key} is deprecated and will be removed in the next minor version; use ${argument}.${replacement}`;
      if (!warned.has(warning)) {
        warned.add(warning);
        console.warn(warning);
      }
      continue;
    }
    const guess = nearest(key, [...known, ...Object.keys(deprecated)]);
    throw new ErrorKind({
      functionName,
      argument: `${argument}.${key}`,
      expected: `a known option${guess ? ` (did you mean '${guess}'?)` : ''}: ${known.length ? known.join(', ') : 'none'}`,
      actual: `the unknown key '${key}'`,
    });
  }
  return (result ?? options) as T;
}

function isTensorOrClassInstance(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto !== null && proto !== Object.prototype;
}

/**
 * The known name closest to `name` (Damerau-Levenshtein, case-insensitive), if it
 * is within a third of the longer length (at least 2 edits), else `undefined`.
 *
 * @example
 * nearest('angel', ['angle', 'scale']); // 'angle'
 */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(2, Math.floor(Math.max(name.length, best.length) / 3));
  return bestDistance <= allowed ? best : undefined;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}

/** Bounds for {@link checkNumber}. */
export interface NumberBounds {
  /** Must be an integer. Default `false`. */
  integer?: boolean;
  /** Inclusive lower bound. */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive lower bound (e.g. `0` for "positive"). */
  above?: number;
  /** Exclusive upper bound. */
  below?: number;
}

/**
 * Checks that `value` is a finite number within `bounds` and returns it; else
 * throws `ErrorKind` with a message that states the bounds.
 *
 * @example
 * checkNumber('fusedAdam', 'learningRate', -1, { min: 0 }, OptionError);
 * // OptionError: fusedAdam: learningRate must be a finite number >= 0, got -1
 */
export function checkNumber(functionName: string, argument: string, value: unknown, bounds: NumberBounds, ErrorKind: ErrorClass): number {
  const parts: string[] = [];
  if (bounds.min !== undefined) parts.push(`>= ${bounds.min}`);
  if (bounds.above !== undefined) parts.push(`> ${bounds.above}`);
  if (bounds.max !== undefined) parts.push(`<= ${bounds.max}`);
  if (bounds.below !== undefined) parts.push(`< ${bounds.below}`);
  const expected = `${bounds.integer ? 'an integer' : 'a finite number'}${parts.length ? ` ${parts.join(' and ')}` : ''}`;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!bounds.integer || Number.isInteger(value)) &&
    (bounds.min === undefined || value >= bounds.min) &&
    (bounds.max === undefined || value <= bounds.max) &&
    (bounds.above === undefined || value > bounds.above) &&
    (bounds.below === undefined || value < bounds.below);
  if (!ok) throw new ErrorKind({ functionName, argument, expected, actual: describe(value) });
  return value as number;
}

/**
 * Checks that `value` is one of `allowed` and returns it.
 *
 * @example
 * checkOneOf('resize', 'options.interpolation', 'cubic', ['nearest', 'bilinear'], OptionError);
 * // OptionError: resize: options.interpolation must be one of 'nearest', 'bilinear', got 'cubic'
 */
export function checkOneOf<T extends string | number | boolean>(
  functionName: string,
  argument: string,
  value: unknown,
  allowed: readonly T[],
  ErrorKind: ErrorClass,
): T {
  if (!allowed.includes(value as T)) {
    const list = allowed.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
    const guess = typeof value === 'string' ? nearest(value, allowed.filter((v): v is T & string => typeof v === 'string')) : undefined;
    throw new ErrorKind({ functionName, argument, expected: `one of ${list}${guess ? ` (did you mean '${guess}'?)` : ''}`, actual: describe(value) });
  }
  return value as T;
}

/**
 * Checks a seed: `undefined` or a safe integer.
 *
 * @example
 * checkSeed('randomFlip', 'options.seed', 1.5, OptionError); // throws
 */
export function checkSeed(functionName: string, argument: string, value: unknown, ErrorKind: ErrorClass): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new ErrorKind({ functionName, argument, expected: 'a safe integer or undefined', actual: describe(value) });
  }
  return value;
}
