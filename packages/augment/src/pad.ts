import * as tf from '@tensorflow/tfjs-core';
import { describe, LIMITS } from '@ganforge/internal';
import { LimitError, OptionError } from './errors';
import { type RemapStage, runStages, uniformLinear } from './internal/stages';
import { checkEnum, checkFill, checkImages, checkKeys, checkNumber, checkOutputShape, type Shape4 } from './internal/validate';

/** How {@link pad} fills the border (torchvision's `padding_mode`). */
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

/** Options of {@link pad}. */
export interface PadOptions {
  /** Value of constant padding: a number or one per channel. Default 0. */
  fill?: number | readonly number[];
  /** Padding mode. Default 'constant'. */
  mode?: PaddingMode;
}

/** @internal Resolves padding (number, [lr, tb] or [l, t, r, b]) to [left, top, right, bottom]. */
export function resolvePadding(fn: string, padding: unknown, argument = 'padding'): [number, number, number, number] {
  const arr = typeof padding === 'number' ? [padding] : padding;
  if (!Array.isArray(arr) || ![1, 2, 4].includes(arr.length)) {
    throw new OptionError({ functionName: fn, argument: argument, expected: 'a number or an array of 2 or 4 numbers', actual: describe(padding) });
  }
  const v = arr.map((x, i) => {
    const name = typeof padding === 'number' ? argument : `${argument}[${i}]`;
    if (typeof x === 'number' && Number.isInteger(x) && x > LIMITS.imageSide) {
      throw new LimitError({ functionName: fn, argument: name, expected: `an integer in [0, ${LIMITS.imageSide}] (LIMITS.imageSide)`, actual: describe(x) });
    }
    return checkNumber(fn, name, x, { integer: true, min: 0 });
  });
  if (v.length === 1) return [v[0]!, v[0]!, v[0]!, v[0]!];
  if (v.length === 2) return [v[0]!, v[1]!, v[0]!, v[1]!];
  return v as [number, number, number, number];
}

/** Source index of padded position `i` (before the pad) in a line of `size`. */
function sourceIndex(i: number, size: number, mode: PaddingMode): number {
  if (i >= 0 && i < size) return i;
  if (mode === 'constant') return -1;
  if (mode === 'edge') return i < 0 ? 0 : size - 1;
  if (size === 1) return 0;
  const period = mode === 'reflect' ? 2 * (size - 1) : 2 * size;
  const k = ((i % period) + period) % period;
  if (mode === 'reflect') return k < size ? k : period - k;
  return k < size ? k : period - 1 - k;
}

/** @internal Remap stage padding [left, top, right, bottom]. */
export function padStage(shape: Shape4, padding: [number, number, number, number], mode: PaddingMode, fill: Float32Array): RemapStage {
  const [batch, h, w] = shape;
  const [l, t, r, b] = padding;
  const outH = h + t + b;
  const outW = w + l + r;
  const rows = new Int32Array(batch * outH);
  const cols = new Int32Array(batch * outW);
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < outH; i++) rows[n * outH + i] = sourceIndex(i - t, h, mode);
    for (let j = 0; j < outW; j++) cols[n * outW + j] = sourceIndex(j - l, w, mode);
  }
  const linear = mode === 'constant' ? uniformLinear(batch, 1, -t, 1, -l) : undefined;
  return { kind: 'remap', outH, outW, rows, cols, fill, ...(linear ? { linear } : {}) };
}

/**
 * Pads NHWC images (any channel count) on each side. `padding` is a number
 * (all sides), [left/right, top/bottom] or [left, top, right, bottom], like
 * torchvision's `F.pad`. Modes: 'constant' (`fill`), 'edge', 'reflect'
 * (mirror without the edge pixel) and 'symmetric' (with it).
 *
 * @example
 * const padded = pad(images, 2);                            // 28x28 -> 32x32, zeros
 * const mirrored = pad(images, [4, 0], { mode: 'reflect' }); // width + 8
 */
export function pad(images: tf.Tensor4D, padding: number | readonly number[], options: PadOptions = {}): tf.Tensor4D {
  const shape = checkImages('pad', images);
  const p = resolvePadding('pad', padding);
  const checked = checkKeys('pad', options, ['fill', 'mode']);
  const mode = checkEnum('pad', 'mode', checked.mode ?? 'constant', ['constant', 'edge', 'reflect', 'symmetric'] as const);
  const fill = checkFill('pad', checked.fill ?? 0, shape[3]);
  checkOutputShape('pad', [shape[0], shape[1] + p[1] + p[3], shape[2] + p[0] + p[2], shape[3]]);
  const stage = padStage(shape, p, mode, fill);
  return tf.tidy(() => runStages(images, [stage]));
}
