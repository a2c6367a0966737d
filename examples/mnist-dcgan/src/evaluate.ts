/**
 * Sample quality with `@ganforge/gan-metrics`: the shipped MNIST (or Fashion-MNIST)
 * feature network against its shipped reference statistics. `--evaluate` scores the
 * exported samples (the uint8 IDX bytes, exactly what `pnpm metrics --fake` reads);
 * `--evaluate-every N` scores a fixed set of fresh samples every N epochs.
 */
import {
  type FeatureNetwork,
  type GanMetrics,
  loadFeatureNetwork,
  loadReference,
  type ReferenceSet,
  scoreImages,
} from '@ganforge/gan-metrics';
import * as tf from '@tensorflow/tfjs-core';
import type { DatasetName } from './options';
import { type Generate, requestedClasses, requestedLabels } from './samples';

/** The feature network and reference set each dataset is scored with. */
export const metricSources = {
  mnist: { network: 'mnist', reference: 'mnist' },
  'fashion-mnist': { network: 'fashion-mnist', reference: 'fashion-mnist-train' },
} as const satisfies Record<DatasetName, { network: 'mnist' | 'fashion-mnist'; reference: string }>;

/** Images per batch handed to gan-metrics. */
const chunk = 500;

/** `[n, h, w, 1]` float32 batches (values 0…255) of uint8 images `[count, h, w]`. */
function* uint8Batches(pixels: Uint8Array, height: number, width: number): Generator<tf.Tensor4D> {
  const size = height * width;
  const count = Math.floor(pixels.length / size);
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const batch = tf.tensor4d(Float32Array.from(pixels.subarray(start * size, (start + n) * size)), [n, height, width, 1]);
    try {
      yield batch;
    } finally {
      batch.dispose();
    }
  }
}

/**
 * Scores uint8 samples `[count, height, width]` with every metric (FID, KID, precision/recall,
 * density/coverage, classes); with the requested `labels` of a conditional run, also the
 * classifier's agreement with them.
 */
export async function scoreSamples(pixels: Uint8Array, height: number, width: number, dataset: DatasetName, labels: Uint8Array | null = null): Promise<GanMetrics> {
  const { network, reference } = metricSources[dataset];
  return scoreImages(uint8Batches(pixels, height, width), { pixelRange: 'uint8', network, reference, ...(labels ? { labels } : {}) });
}

/** One line of a score, for the log. */
export function describeScore(s: GanMetrics): string {
  const f = (v: number | null, digits = 3) => (v === null ? '-' : v.toFixed(digits));
  return (
    `FID ${f(s.fid, 2)}, KID ${f(s.kid, 4)} ± ${f(s.kidStd, 4)}, precision ${f(s.precision)} / recall ${f(s.recall)}, ` +
    `density ${f(s.density)} / coverage ${f(s.coverage)}, classes covered ${s.classesCovered ?? '-'}/10 ` +
    `(${(s.classHistogram ?? []).map((n, c) => `${c}:${n}`).join(' ')}), confident ${f(s.confidentShare)}` +
    (s.classAgreement === null || s.classAgreement === undefined ? '' : `, agreement with the requested class ${f(s.classAgreement)}`) +
    ` (${s.network} network vs ${s.reference}, ${s.count} samples)`
  );
}

/** FID and class coverage of a fixed set of fresh samples, for `metrics.jsonl` during training. */
export interface EpochScore {
  epoch: number;
  step: number;
  fid: number;
  classCoverage: number;
  classesCovered: number;
  /** Share of samples the classifier puts in the requested class (conditional runs), else absent. */
  classAgreement?: number;
}

export interface EpochEvaluator {
  score(epoch: number, step: number, generate: Generate): Promise<EpochScore>;
  dispose(): void;
}

/**
 * Loads the feature network and the reference once; each `score` generates `count`
 * samples from the same latents (`sampleLatent(n, seed + part)`) and computes FID and
 * class coverage only (no pairwise passes), so the curve follows the generator alone.
 */
export async function createEpochEvaluator(
  dataset: DatasetName,
  sampleLatent: (count: number, seed: number) => tf.Tensor,
  count: number,
  seed: number,
  numClasses: number | null = null,
): Promise<EpochEvaluator> {
  const sources = metricSources[dataset];
  const network: FeatureNetwork = await loadFeatureNetwork(sources.network);
  const reference: ReferenceSet = await loadReference(sources.reference);
  return {
    async score(epoch, step, generate) {
      async function* batches(): AsyncGenerator<tf.Tensor4D> {
        for (let start = 0, part = 0; start < count; start += chunk, part++) {
          const n = Math.min(chunk, count - start);
          const images = tf.tidy(() => {
            const generated = generate(sampleLatent(n, seed + part), requestedLabels(numClasses, start, n)) as tf.Tensor4D;
            return tf.clipByValue(tf.slice(generated, [0, 0, 0, 0], [-1, -1, -1, 1]), -1, 1) as tf.Tensor4D;
          });
          try {
            yield images;
          } finally {
            images.dispose();
          }
        }
      }
      const labels = numClasses === null ? undefined : requestedClasses(numClasses, 0, count);
      const s = await scoreImages(batches(), { pixelRange: 'symmetric', network, reference, metrics: ['fid', 'classes'], ...(labels ? { labels } : {}) });
      return {
        epoch,
        step,
        fid: s.fid!,
        classCoverage: s.classCoverage!,
        classesCovered: s.classesCovered!,
        ...(typeof s.classAgreement === 'number' ? { classAgreement: s.classAgreement } : {}),
      };
    },
    dispose() {
      network.dispose();
    },
  };
}
