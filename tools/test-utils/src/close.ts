import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

export interface CloseOptions {
  /** Absolute tolerance. Default 1e-5. */
  atol?: number;
  /** Relative tolerance, scaled by |expected|. Default 1e-5. */
  rtol?: number;
}

type Nested = number | ArrayLike<number> | Nested[];

/** Flattens a tensor, typed array or nested number array into a plain number array. */
export function toArray(value: tf.Tensor | Nested): number[] {
  if (value instanceof tf.Tensor) return Array.from(value.dataSync());
  if (typeof value === 'number') return [value];
  const out: number[] = [];
  for (const v of Array.from(value as ArrayLike<Nested>)) out.push(...toArray(v));
  return out;
}

/**
 * Asserts |actual - expected| <= atol + rtol * |expected| elementwise, and
 * equal shapes when both are tensors. NaN matches NaN.
 */
export function expectClose(actual: tf.Tensor | Nested, expected: tf.Tensor | Nested, options: CloseOptions = {}): void {
  const { atol = 1e-5, rtol = 1e-5 } = options;
  if (actual instanceof tf.Tensor && expected instanceof tf.Tensor) {
    expect(actual.shape, 'shape').toEqual(expected.shape);
  }
  const a = toArray(actual);
  const e = toArray(expected);
  expect(a.length, 'number of elements').toBe(e.length);
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const err = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    if (!(err <= 0) && (worst < 0 || !(err <= worstErr))) {
      worst = i;
      worstErr = err;
    }
  }
  expect(worst < 0, worst < 0 ? '' : `element ${worst}: got ${a[worst]}, expected ${e[worst]} (atol ${atol}, rtol ${rtol})`).toBe(true);
}
