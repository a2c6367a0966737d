/**
 * mnist -> data-clean -> normalize: the training images as a gan-train BatchSource
 * of NHWC float32 batches in [-1, 1], in a seeded order that changes every epoch.
 */
import { audit, type IssueType } from '@ganforge/data-clean';
import type { BatchSource } from '@ganforge/gan-train';
import { loadMnist, type MnistSplit } from '@ganforge/mnist';
import { scaleRange, shuffleIndices } from '@ganforge/normalize';
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetName } from './options';

/** Checks whose flagged images are dropped before training. */
export const dropChecks: readonly IssueType[] = ['nonFinite', 'outOfRange', 'constant', 'exactDuplicate'];

export interface TrainingData {
  split: MnistSplit;
  /** Images kept after cleaning, `[n, rows, cols, 1]` float32 in [-1, 1]. */
  images: tf.Tensor4D;
  /** Indices (into the loaded split) of the images kept. */
  kept: Int32Array;
  /** Per check, how many images it flagged (null when cleaning was skipped). */
  flagged: Partial<Record<IssueType, number>> | null;
  auditSeconds: number;
}

export async function loadTrainingData(
  dataset: DatasetName,
  options: { dataDir?: string; clean: boolean; limit?: number; offline?: boolean; log: (line: string) => void },
): Promise<TrainingData> {
  const split = await loadMnist({
    dataset,
    split: 'train',
    dir: options.dataDir,
    timeoutMs: 10_000,
    download: !options.offline,
    logger: (message) => options.log(message),
  });
  const { rows, cols } = split;
  const count = Math.min(split.count, options.limit ?? split.count);
  const raw = tf.tensor4d(split.images.subarray(0, count * rows * cols), [count, rows, cols, 1], 'float32');
  try {
    let kept = Int32Array.from({ length: count }, (_, i) => i);
    let flagged: TrainingData['flagged'] = null;
    let auditSeconds = 0;
    if (options.clean) {
      const report = await audit(raw as tf.Tensor4D, { range: [0, 255], checks: dropChecks });
      auditSeconds = report.seconds;
      flagged = report.counts;
      const drop = new Uint8Array(count);
      for (const check of ['nonFinite', 'outOfRange', 'constant'] as const) {
        report.flags[check]?.forEach((flag, i) => {
          if (flag) drop[i] = 1;
        });
      }
      // Of each group of identical images keep the first.
      for (const group of report.exactDuplicateGroups) for (const i of group.slice(1)) drop[i] = 1;
      kept = kept.filter((i) => !drop[i]);
    }
    const images = tf.tidy(() => {
      const selected = kept.length === count ? raw : tf.gather(raw, tf.tensor1d(kept, 'int32'));
      return scaleRange(selected, { from: [0, 255], to: [-1, 1] }) as tf.Tensor4D;
    });
    return { split, images, kept, flagged, auditSeconds };
  } finally {
    raw.dispose();
  }
}

/**
 * Batches of `batchSize` images (the remainder of an epoch is dropped), in the
 * order `shuffleIndices` gives for the epoch's seed: the same on every backend.
 */
export function shuffledBatches(images: tf.Tensor4D, batchSize: number): BatchSource {
  const count = images.shape[0];
  const batchesPerEpoch = Math.floor(count / batchSize);
  if (batchesPerEpoch < 1) {
    throw new Error(`--batch-size must be at most the number of training images (${count}), got ${batchSize}`);
  }
  let order: { seed: number; indices: Int32Array } | null = null;
  return {
    batchesPerEpoch,
    batch(index, { seed }) {
      if (order?.seed !== seed) order = { seed, indices: shuffleIndices(count, { seed }) };
      const indices = order.indices.subarray(index * batchSize, (index + 1) * batchSize);
      return tf.tidy(() => tf.gather(images, tf.tensor1d(indices, 'int32')));
    },
  };
}
