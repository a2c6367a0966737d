import * as tf from '@tensorflow/tfjs-core';
import { describe } from '@ganforge/internal';
import { OptionError } from './errors';
import { identityTable, type RemapStage, runStages, uniformLinear } from './internal/stages';
import { checkImages, checkKeys, type Shape4 } from './internal/validate';

/** Which samples to flip: all (true), none (false) or one flag per sample. */
export type FlipMask = boolean | readonly boolean[];

/** @internal Remap stage that mirrors columns (`axis` 'x') or rows ('y') of the flagged samples. */
export function flipStage(fn: string, shape: Shape4, axis: 'x' | 'y', which: FlipMask): RemapStage {
  const [batch, h, w, c] = shape;
  const flags = resolveMask(fn, which, batch);
  const rows = identityTable(batch, h);
  const cols = identityTable(batch, w);
  const linear = uniformLinear(batch, 1, 0, 1, 0);
  for (let n = 0; n < batch; n++) {
    if (!flags[n]) continue;
    if (axis === 'x') {
      for (let j = 0; j < w; j++) cols[n * w + j] = w - 1 - j;
      linear.colSign[n] = -1;
      linear.colOffset[n] = w - 1;
    } else {
      for (let i = 0; i < h; i++) rows[n * h + i] = h - 1 - i;
      linear.rowSign[n] = -1;
      linear.rowOffset[n] = h - 1;
    }
  }
  return { kind: 'remap', outH: h, outW: w, rows, cols, fill: new Float32Array(c), linear };
}

function resolveMask(fn: string, which: FlipMask, batch: number): boolean[] {
  if (typeof which === 'boolean') return new Array(batch).fill(which);
  if (!Array.isArray(which) || which.length !== batch || which.some((v) => typeof v !== 'boolean')) {
    throw new OptionError({ functionName: fn, argument: 'which', expected: `a boolean or an array of ${batch} booleans (one per image)`, actual: describe(which) });
  }
  return which as boolean[];
}

/** Options of {@link horizontalFlip} and {@link verticalFlip}. */
export interface FlipOptions {
  /** Which images to flip: `true` (all, default), `false`, or one boolean per image. */
  which?: FlipMask;
}

/**
 * Mirrors NHWC images left-right (any channel count, any pixel range).
 * Matches torchvision's `hflip`.
 *
 * @example
 * const flipped = horizontalFlip(images);                         // all images
 * const some = horizontalFlip(images, { which: [true, false] });  // per image
 */
export function horizontalFlip(images: tf.Tensor4D, options: FlipOptions = {}): tf.Tensor4D {
  const shape = checkImages('horizontalFlip', images);
  const { which } = checkKeys('horizontalFlip', options, ['which']);
  const stage = flipStage('horizontalFlip', shape, 'x', which ?? true);
  return tf.tidy(() => runStages(images, [stage]));
}

/**
 * Mirrors NHWC images top-bottom (any channel count, any pixel range).
 * Matches torchvision's `vflip`.
 *
 * @example
 * const flipped = verticalFlip(images);
 */
export function verticalFlip(images: tf.Tensor4D, options: FlipOptions = {}): tf.Tensor4D {
  const shape = checkImages('verticalFlip', images);
  const { which } = checkKeys('verticalFlip', options, ['which']);
  const stage = flipStage('verticalFlip', shape, 'y', which ?? true);
  return tf.tidy(() => runStages(images, [stage]));
}
