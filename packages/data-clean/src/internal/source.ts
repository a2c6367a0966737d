import { checkTensor, describe as describeValue, isTensorLike } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { DtypeError, ShapeError, TensorError } from '../errors';

/**
 * Images to audit: one NHWC batch, an array of single images [h, w, c] (shapes may
 * differ: mismatches are flagged `shape`), or a sync/async iterable of NHWC
 * batches (a stream: each batch is read completely before the next is requested,
 * so a generator may dispose the batch it yielded once it is resumed).
 *
 * @example
 * async function* batches(): AsyncGenerator<tf.Tensor4D> {
 *   for (const chunk of chunks) {
 *     const batch = tf.tensor4d(chunk, [chunk.length / 784, 28, 28, 1]);
 *     yield batch;
 *     batch.dispose(); // the audit is done with it
 *   }
 * }
 * const report = await audit(batches());
 */
export type ImageSource =
  | tf.Tensor4D
  | readonly tf.Tensor3D[]
  | Iterable<tf.Tensor4D>
  | AsyncIterable<tf.Tensor4D>;

/** A run of consecutive images; those with `shapeOk[i] === 0` are not in `images`. */
export interface SourceChunk {
  count: number;
  images: tf.Tensor4D | null;
  /** Whether `images` must be disposed by the consumer. */
  owned: boolean;
  shapeOk: Uint8Array;
  /** Shapes of the mismatched images, as text (empty string for matching ones). */
  shapes: string[];
}

const describe = (t: tf.Tensor) => `rank ${t.rank} [${t.shape.join(', ')}]`;
const key = (shape: readonly number[]) => shape.join('x');

/** A live tensor of dtype float32 or int32, else TensorError / DtypeError. */
function checkImages(fn: string, argument: string, value: unknown): tf.Tensor {
  const t = checkTensor<tf.Tensor>(fn, argument, value, TensorError);
  if (t.dtype !== 'float32' && t.dtype !== 'int32') {
    throw new DtypeError({ functionName: fn, argument, expected: 'a float32 or int32 tensor', actual: `dtype ${t.dtype}` });
  }
  return t;
}

/** Checks a source up front (what can be checked before streaming) and returns its kind. */
export function sourceKind(fn: string, argument: string, source: unknown): 'tensor' | 'list' | 'stream' {
  if (isTensorLike(source)) {
    const t = checkTensor<tf.Tensor>(fn, argument, source, TensorError);
    if (t.rank !== 4) throw new ShapeError({ functionName: fn, argument, expected: 'rank 4 [batch, h, w, c]', actual: describe(t) });
    checkImages(fn, argument, t);
    return 'tensor';
  }
  if (Array.isArray(source)) {
    for (const [i, item] of source.entries()) checkImages(fn, `${argument}[${i}]`, item);
    return 'list';
  }
  if (source && typeof source === 'object' && (Symbol.asyncIterator in source || Symbol.iterator in source)) return 'stream';
  throw new TensorError({
    functionName: fn,
    argument,
    expected: 'a Tensor4D [batch, h, w, c], an array of Tensor3D or an iterable of Tensor4D batches',
    actual: describeValue(source),
  });
}

/** The most common [h, w, c] among rank-3 tensors of a list (first one wins ties), or null. */
export function commonShape(list: readonly tf.Tensor[]): [number, number, number] | null {
  const counts = new Map<string, { count: number; shape: [number, number, number] }>();
  let best: { count: number; shape: [number, number, number] } | null = null;
  for (const t of list) {
    if (t.rank !== 3) continue;
    const k = key(t.shape);
    const entry = counts.get(k) ?? { count: 0, shape: t.shape as [number, number, number] };
    entry.count++;
    counts.set(k, entry);
    if (!best || entry.count > best.count) best = entry;
  }
  return best ? best.shape : null;
}

/**
 * Walks a source in chunks of at most `batchSize` images. `expected` is the
 * shape every image must have (null: take it from the data, see `AuditOptions.shape`).
 */
export async function* readChunks(
  fn: string,
  argument: string,
  source: ImageSource,
  batchSize: number,
  expected: [number, number, number] | null,
  onShape: (shape: [number, number, number]) => void,
): AsyncGenerator<SourceChunk> {
  const kind = sourceKind(fn, argument, source);
  if (kind === 'tensor') {
    const images = source as tf.Tensor4D;
    const [n, h, w, c] = images.shape;
    const shape = expected ?? [h, w, c];
    onShape(shape);
    const ok = key(shape) === key([h, w, c]);
    for (let start = 0; start < n; start += batchSize) {
      const count = Math.min(batchSize, n - start);
      yield {
        count,
        images: ok ? tf.slice(images, [start, 0, 0, 0], [count, h, w, c]) : null,
        owned: true,
        shapeOk: new Uint8Array(count).fill(ok ? 1 : 0),
        shapes: new Array(count).fill(ok ? '' : `[${h}, ${w}, ${c}]`),
      };
    }
    return;
  }
  if (kind === 'list') {
    const list = source as readonly tf.Tensor[];
    const shape = expected ?? commonShape(list);
    if (shape) onShape(shape);
    for (let start = 0; start < list.length; start += batchSize) {
      const items = list.slice(start, start + batchSize);
      const shapeOk = new Uint8Array(items.length);
      const shapes: string[] = [];
      const matching: tf.Tensor3D[] = [];
      items.forEach((item, i) => {
        const ok = shape !== null && item.rank === 3 && key(item.shape) === key(shape);
        shapeOk[i] = ok ? 1 : 0;
        shapes.push(ok ? '' : `[${item.shape.join(', ')}]`);
        if (ok) matching.push(item as tf.Tensor3D);
      });
      yield {
        count: items.length,
        images: matching.length > 0 ? (tf.stack(matching) as tf.Tensor4D) : null,
        owned: true,
        shapeOk,
        shapes,
      };
    }
    return;
  }
  let shape = expected;
  let index = 0;
  for await (const batch of source as AsyncIterable<tf.Tensor4D>) {
    checkImages(fn, `${argument} batch ${index}`, batch);
    if (batch.rank !== 4) {
      throw new ShapeError({ functionName: fn, argument: `${argument} batch ${index}`, expected: 'a Tensor4D [batch, h, w, c]', actual: describe(batch) });
    }
    const [n, h, w, c] = batch.shape;
    if (!shape) {
      shape = [h, w, c];
      onShape(shape);
    }
    const ok = key(shape) === key([h, w, c]);
    for (let start = 0; start < n; start += batchSize) {
      const count = Math.min(batchSize, n - start);
      const whole = start === 0 && count === n;
      yield {
        count,
        images: ok ? (whole ? batch : tf.slice(batch, [start, 0, 0, 0], [count, h, w, c])) : null,
        owned: ok && !whole,
        shapeOk: new Uint8Array(count).fill(ok ? 1 : 0),
        shapes: new Array(count).fill(ok ? '' : `[${h}, ${w}, ${c}]`),
      };
    }
    index++;
  }
}
