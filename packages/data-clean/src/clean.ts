import { checkOneOf, checkOptions, checkTensor, describe, isTensorLike } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { AuditReport } from './audit-report';
import { LabelError, OptionError, ReportError, ShapeError, TensorError } from './errors';
import { ISSUE_TYPES, type IssueType } from './options';

/**
 * Options of `clean`.
 *
 * @example
 * const options: CleanOptions = { drop: ['nonFinite', 'exactDuplicate'], labels };
 */
export interface CleanOptions<L extends ArrayLike<number> | tf.Tensor1D = number[]> {
  /** Issues whose flagged images are dropped. Default: every check the report ran. */
  drop?: readonly IssueType[];
  /** Labels to filter along with the images (one per image). Default none. */
  labels?: L;
}

/**
 * What `clean` keeps: the images (new tensors, the caller disposes them), their
 * labels when given, and their indices in the original set.
 *
 * @example
 * const { images: kept, labels: keptLabels, indices, dropped } = clean(images, report, { labels });
 */
export interface CleanResult<I, L> {
  images: I;
  labels: L | undefined;
  indices: number[];
  dropped: number[];
}

/**
 * Drops the images a report flagged for the `drop` issues. Images are the same
 * in-memory set the report was made from: a `Tensor4D` NHWC (kept images are
 * gathered into a new `Tensor4D`) or an array of `Tensor3D` (kept images are
 * cloned). Labels (array or `Tensor1D`) are filtered alike. Inputs are never
 * disposed or changed. (For a streamed set, skip `report.flagged()` indices
 * while reading it again.)
 *
 * @throws TensorError for null, non-tensor or disposed images or label tensors;
 *   ShapeError for a tensor that is not rank 4; ReportError when the report
 *   describes a different number of images; OptionError for unknown option keys
 *   or issue names; LabelError for labels of the wrong length.
 * @example
 * const report = await audit(images, { labels });
 * const kept = clean(images, report, { labels, drop: ['nonFinite', 'constant', 'exactDuplicate'] });
 * console.log(kept.indices.length, 'kept');
 */
export function clean<I extends tf.Tensor4D | readonly tf.Tensor3D[], L extends ArrayLike<number> | tf.Tensor1D = number[]>(
  images: I,
  report: AuditReport,
  options: CleanOptions<L> = {},
): CleanResult<I extends tf.Tensor4D ? tf.Tensor4D : tf.Tensor3D[], L> {
  const fn = 'clean';
  const { drop: dropOption, labels } = checkOptions(fn, options, ['drop', 'labels'], OptionError);
  let size: number;
  if (Array.isArray(images)) {
    for (const [i, image] of images.entries()) checkTensor(fn, `images[${i}]`, image, TensorError);
    size = images.length;
  } else {
    const tensor = checkTensor<tf.Tensor>(fn, 'images', images, TensorError);
    if (tensor.rank !== 4) {
      throw new ShapeError({ functionName: fn, argument: 'images', expected: 'rank 4 [batch, h, w, c] or an array of Tensor3D', actual: describe(tensor) });
    }
    size = tensor.shape[0]!;
  }
  if (!(report instanceof AuditReport)) {
    throw new ReportError({ functionName: fn, argument: 'report', expected: 'an AuditReport from audit()', actual: describe(report) });
  }
  if (size !== report.size) {
    throw new ReportError({ functionName: fn, argument: 'report', expected: `a report of ${size} images`, actual: `a report of ${report.size} images` });
  }
  if (dropOption !== undefined && !Array.isArray(dropOption)) {
    throw new OptionError({ functionName: fn, argument: 'options.drop', expected: 'an array of issue types', actual: describe(dropOption) });
  }
  const drop: readonly IssueType[] = dropOption ?? report.checks;
  for (const [i, issue] of drop.entries()) checkOneOf(fn, `options.drop[${i}]`, issue, ISSUE_TYPES, OptionError);
  if (labels !== undefined) {
    let length: number;
    if (isTensorLike(labels)) {
      const tensor = checkTensor<tf.Tensor>(fn, 'options.labels', labels, TensorError);
      length = tensor.rank === 1 ? tensor.shape[0]! : -1;
    } else if (labels !== null && typeof labels === 'object' && typeof (labels as ArrayLike<number>).length === 'number') {
      length = (labels as ArrayLike<number>).length;
    } else {
      throw new LabelError({ functionName: fn, argument: 'options.labels', expected: 'an array or Tensor1D, one label per image', actual: describe(labels) });
    }
    if (length !== size) {
      throw new LabelError({ functionName: fn, argument: 'options.labels', expected: `one label per image (${size})`, actual: isTensorLike(labels) ? describe(labels) : `${length} labels` });
    }
  }
  const flaggedSet = new Set(report.flagged(drop.filter((issue) => report.flags[issue])));
  const indices: number[] = [];
  const dropped: number[] = [];
  for (let i = 0; i < size; i++) (flaggedSet.has(i) ? dropped : indices).push(i);
  const keptImages =
    images instanceof tf.Tensor
      ? tf.tidy(() => tf.gather(images, tf.tensor1d(indices, 'int32')))
      : indices.map((i) => tf.clone((images as readonly tf.Tensor3D[])[i]!));
  let keptLabels: L | undefined;
  if (labels instanceof tf.Tensor) {
    keptLabels = tf.tidy(() => tf.gather(labels, tf.tensor1d(indices, 'int32'))) as L;
  } else if (labels !== undefined) {
    keptLabels = indices.map((i) => (labels as ArrayLike<number>)[i]!) as unknown as L;
  }
  return {
    images: keptImages as I extends tf.Tensor4D ? tf.Tensor4D : tf.Tensor3D[],
    labels: keptLabels,
    indices,
    dropped,
  };
}
