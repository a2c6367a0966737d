/**
 * The data section: @ganforge/mnist's embedded digits (its browser build carries
 * them), audited by @ganforge/data-clean, with a contact sheet of what was flagged
 * (or, for a check that flagged nothing, of the highest-scoring digits).
 */
import { type AuditReport, audit, clean, contactSheet, type IssueType } from '@ganforge/data-clean';
import { loadMnist, toImageTensor } from '@ganforge/mnist';
import * as tf from '@tensorflow/tfjs-core';

/** Checks whose flagged images are dropped before training (as the Node CLI). */
export const DROP_CHECKS: readonly IssueType[] = ['nonFinite', 'outOfRange', 'constant', 'exactDuplicate'];

export interface PageData {
  /** All digits, NHWC [n, 28, 28, 1] in [0, 1]. */
  images: tf.Tensor4D;
  labels: Uint8Array;
  source: string;
}

export async function loadDigits(): Promise<PageData> {
  const split = await loadMnist({ dataset: 'mnist', split: 'train', download: false, logger: () => {} });
  return { images: toImageTensor(split, { pixelRange: 'unit' }) as tf.Tensor4D, labels: split.labels, source: split.source };
}

export async function auditDigits(images: tf.Tensor4D): Promise<AuditReport> {
  return audit(images, { pixelRange: 'unit' });
}

/** The training set: digits flagged by {@link DROP_CHECKS} dropped, mapped to [-1, 1]. */
export function trainingImages(images: tf.Tensor4D, report: AuditReport | null): tf.Tensor4D {
  return tf.tidy(() => {
    const kept = report ? clean(images, report, { drop: DROP_CHECKS }).images : images;
    return tf.sub(tf.mul(kept, 2), 1) as tf.Tensor4D;
  });
}

/** Indices to show for one check: the flagged digits, else the 48 highest scores. */
export function sheetIndices(report: AuditReport, issue: IssueType): { indices: number[]; flagged: boolean } {
  const flagged = report.flagged(issue);
  if (flagged.length > 0) return { indices: flagged.slice(0, 96), flagged: true };
  const scores = report.scores[issue];
  if (!scores) return { indices: [], flagged: false };
  const order = Array.from(scores.keys()).filter((i) => Number.isFinite(scores[i]!));
  order.sort((a, b) => scores[b]! - scores[a]!);
  return { indices: order.slice(0, 48), flagged: false };
}

/** A PNG contact sheet (data-clean's) of the given digits, as an object URL. */
export async function sheetUrl(images: tf.Tensor4D, indices: number[]): Promise<string | null> {
  if (indices.length === 0) return null;
  const picked = tf.tidy(() => tf.gather(images, indices) as tf.Tensor4D);
  try {
    const png = await contactSheet(picked, { columns: 16, scale: 2, pixelRange: 'unit' });
    return URL.createObjectURL(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }));
  } finally {
    picked.dispose();
  }
}
