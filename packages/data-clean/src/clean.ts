import * as tf from '@tensorflow/tfjs-core';
import { AuditReport } from './audit-report';
import { LabelError, OptionError, ReportError, ShapeError } from './errors';
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
 * @throws ReportError when the report describes a different number of images;
 *   OptionError for unknown issue names; LabelError for labels of the wrong length.
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
  if (!(report instanceof AuditReport)) {
    throw new ReportError('clean', 'report', 'an AuditReport from audit()', report === null ? 'null' : typeof report);
  }
  let size: number;
  if (images instanceof tf.Tensor) {
    if (images.rank !== 4) {
      throw new ShapeError('clean', 'images', 'rank 4 [batch, h, w, c]', `rank ${images.rank} [${images.shape.join(', ')}]`);
    }
    size = images.shape[0];
  } else if (Array.isArray(images)) {
    size = images.length;
  } else {
    throw new ShapeError('clean', 'images', 'a Tensor4D or an array of Tensor3D', typeof images);
  }
  if (size !== report.size) {
    throw new ReportError('clean', 'report', `a report of ${size} images`, `a report of ${report.size} images`);
  }
  const drop = options.drop ?? report.checks;
  for (const issue of drop) {
    if (!ISSUE_TYPES.includes(issue)) {
      throw new OptionError('clean', 'options.drop', `issue types among ${ISSUE_TYPES.join(', ')}`, JSON.stringify(issue));
    }
  }
  const labels = options.labels;
  if (labels !== undefined) {
    const length = labels instanceof tf.Tensor ? (labels.rank === 1 ? labels.shape[0] : -1) : labels.length;
    if (length !== size) {
      throw new LabelError('clean', 'options.labels', `one label per image (${size})`, labels instanceof tf.Tensor ? `shape [${labels.shape.join(', ')}]` : `${length} labels`);
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
