import * as tf from '@tensorflow/tfjs-core';

/** A short, readable description of any value for error messages. */
export function describe(value: unknown): string {
  if (value instanceof tf.Tensor) return `a ${value.dtype} tensor of rank ${value.rank} [${value.shape.join(', ')}]`;
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    const shown = items.slice(0, 8).map((item) => (typeof item === 'number' || typeof item === 'string' ? describe(item) : typeof item));
    return `[${shown.join(', ')}${items.length > 8 ? `, ... (${items.length} items)` : ''}]`;
  }
  if (typeof value === 'object') return `an object with keys {${Object.keys(value).join(', ')}}`;
  return typeof value;
}

/** `rank 3 [28, 28, 1]` */
export function describeShape(shape: readonly number[]): string {
  return `rank ${shape.length} [${shape.join(', ')}]`;
}
