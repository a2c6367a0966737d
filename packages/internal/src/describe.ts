/**
 * A short description of any value for error messages: `'float32 tensor [2, 28, 28, 1]'`,
 * `'[1, 2, 3]'`, `"'cubic'"`, `'null'`, `'an object {a, b}'`. Long arrays and
 * strings are cut.
 *
 * @example
 * describe([1, 2, 3]); // '[1, 2, 3]'
 * describe(tf.zeros([2, 3])); // 'float32 tensor [2, 3]'
 */
export function describe(value: unknown, maxItems = 8): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return String(value);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean' || typeof value === 'symbol') return String(value);
  if (typeof value === 'function') return `a function${value.name ? ` ${value.name}` : ''}`;
  if (isTensorLike(value)) {
    const disposed = value.isDisposed === true ? 'disposed ' : '';
    return `${disposed}${value.dtype} tensor [${value.shape.join(', ')}]`;
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, maxItems).map((item) => describe(item, 3));
    const more = items.length > maxItems ? `, ... (${items.length} items)` : '';
    const prefix = Array.isArray(value) ? '' : `${value.constructor.name} `;
    return `${prefix}[${shown.join(', ')}${more}]`;
  }
  if (value instanceof ArrayBuffer) return `an ArrayBuffer of ${value.byteLength} bytes`;
  const keys = Object.keys(value as object);
  const ctor = (value as object).constructor;
  const kind = ctor && ctor !== Object ? `a ${ctor.name}` : 'an object';
  const shown = keys.slice(0, maxItems).join(', ');
  return `${kind} {${shown}${keys.length > maxItems ? ', ...' : ''}}`;
}

/** The fields of a tfjs tensor that the checks read (duck-typed: works across tfjs copies). */
export interface TensorLike {
  shape: number[];
  dtype: string;
  size: number;
  rank: number;
  isDisposed: boolean;
}

/**
 * Whether `value` looks like a tfjs tensor (a `shape` array, a `dtype` and `dataSync`).
 *
 * @example
 * isTensorLike(tf.zeros([1])); // true
 */
export function isTensorLike(value: unknown): value is TensorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as TensorLike).shape) &&
    typeof (value as TensorLike).dtype === 'string' &&
    typeof (value as { dataSync?: unknown }).dataSync === 'function'
  );
}
