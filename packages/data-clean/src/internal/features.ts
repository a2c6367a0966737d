import * as tf from '@tensorflow/tfjs-core';

/** Side of the square thumbnails used for neighbours and near duplicates. */
export const THUMB = 16;
/** Length of a flattened thumbnail. */
export const THUMB_SIZE = THUMB * THUMB;

/** Columns of the per-image statistics matrix returned by `chunkFeatures`. */
export const STAT = {
  nonFinite: 0,
  outOfRange: 1,
  spread: 2,
  p99: 3,
  p1: 4,
  std: 5,
  entropy: 6,
  laplacian: 7,
  mean: 8,
} as const;
export const STAT_COUNT = 9;

/** What one chunk of images gives, read into JS. */
export interface ChunkFeatures {
  /** B × STAT_COUNT statistics. */
  stats: Float32Array;
  /** B × 128 0/1 values: dHash bits then pHash bits. */
  bits: Int32Array;
  /** B × THUMB_SIZE unit thumbnails (all zero for blank or non-finite images). */
  thumbs: Float32Array;
  /** 1 for images usable in the embedding (finite, not constant), else 0. */
  eligible: Uint8Array;
}

/**
 * Area-resampling weights from `nIn` input pixels to `nOut` cells whose window is
 * moved by `offsets[b]` pixels: [B, nOut, nIn], built in JS from the per-image
 * offsets. Parts of a window outside the image count as zero.
 */
function areaWeights(nOut: number, nIn: number, offsets: ArrayLike<number>): tf.Tensor3D {
  const cell = nIn / nOut;
  const batch = offsets.length;
  const values = new Float32Array(batch * nOut * nIn);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < nOut; i++) {
      const start = i * cell + offsets[b]!;
      const end = start + cell;
      const first = Math.max(0, Math.floor(start));
      const last = Math.min(nIn - 1, Math.ceil(end) - 1);
      const row = (b * nOut + i) * nIn;
      for (let p = first; p <= last; p++) {
        const overlap = Math.min(end, p + 1) - Math.max(start, p);
        if (overlap > 0) values[row + p] = overlap / cell;
      }
    }
  }
  return tf.tensor3d(values, [batch, nOut, nIn]);
}

/** Orthonormal DCT-II basis, first `keep` rows of an n-point transform: [keep, n]. */
export function dctMatrix(keep: number, n: number): tf.Tensor2D {
  const values = new Float32Array(keep * n);
  for (let k = 0; k < keep; k++) {
    const scale = k === 0 ? Math.sqrt(1 / n) : Math.sqrt(2 / n);
    for (let i = 0; i < n; i++) values[k * n + i] = scale * Math.cos((Math.PI * (2 * i + 1) * k) / (2 * n));
  }
  return tf.tensor2d(values, [keep, n]);
}

/** `weightsY @ image @ weightsXᵀ` for every image of the batch: [B, h, w]. */
function resample(luma: tf.Tensor3D, weightsY: tf.Tensor3D, weightsX: tf.Tensor3D): tf.Tensor3D {
  return tf.matMul(tf.matMul(weightsY, luma), weightsX, false, true);
}

/** Applies a [k, n] matrix to both axes of a batch of [n, n] images: [B, k, k] (coefficients transposed). */
function separable(images: tf.Tensor3D, matrix: tf.Tensor2D): tf.Tensor3D {
  const [batch, n] = images.shape;
  const k = matrix.shape[0];
  const rows = tf.reshape(tf.matMul(tf.reshape(images, [batch * n, n]), matrix, false, true), [batch, n, k]);
  const swapped = tf.reshape(tf.transpose(rows, [0, 2, 1]), [batch * k, n]);
  return tf.reshape(tf.matMul(swapped, matrix, false, true), [batch, k, k]) as tf.Tensor3D;
}

/**
 * Every per-image quantity of the audit for one chunk [B, H, W, C], computed as
 * batched tensor ops (two tidies: statistics and luma, then the centred
 * resamplings for thumbnails and hashes) and read into JS. `low`/`high` is the
 * declared range; `constantThreshold` decides eligibility for the embedding.
 */
export async function chunkFeatures(
  images: tf.Tensor4D,
  low: number,
  high: number,
  constantThreshold: number,
): Promise<ChunkFeatures> {
  const [batch, height, width, channels] = images.shape;
  const first = tf.tidy(() => {
    const span = high - low;
    const x = images.dtype === 'float32' ? images : tf.cast(images, 'float32');
    const finite = tf.logicalNot(tf.logicalOr(tf.isNaN(x), tf.isInf(x)));
    const finiteCount = tf.sum(tf.cast(finite, 'float32'), [1, 2, 3]);
    const total = height * width * channels;
    const nonFinite = tf.sub(1, tf.div(finiteCount, total));
    const clean = tf.where(finite, x, tf.fill(x.shape, low));
    const outside = tf.logicalAnd(finite, tf.logicalOr(tf.less(x, low), tf.greater(x, high)));
    const outOfRange = tf.div(tf.sum(tf.cast(outside, 'float32'), [1, 2, 3]), tf.maximum(finiteCount, 1));
    const spread = tf.div(tf.sub(tf.max(clean, [1, 2, 3]), tf.min(clean, [1, 2, 3])), span);

    const unit = tf.clipByValue(tf.div(tf.sub(clean, low), span), 0, 1);
    let luma: tf.Tensor3D;
    if (channels >= 3) {
      const [r, g, b] = tf.split(tf.slice(unit, [0, 0, 0, 0], [-1, -1, -1, 3]), 3, 3);
      luma = tf.reshape(tf.addN([tf.mul(r!, 0.299), tf.mul(g!, 0.587), tf.mul(b!, 0.114)]), [batch, height, width]);
    } else {
      luma = tf.reshape(tf.slice(unit, [0, 0, 0, 0], [-1, -1, -1, 1]), [batch, height, width]);
    }
    const pixels = height * width;
    const flat = tf.reshape(luma, [batch, pixels]);
    const k = Math.max(1, Math.ceil(0.01 * pixels));
    const p99 = tf.reshape(tf.slice(tf.topk(flat, k).values, [0, k - 1], [-1, 1]), [batch]);
    const p1 = tf.neg(tf.reshape(tf.slice(tf.topk(tf.neg(flat), k).values, [0, k - 1], [-1, 1]), [batch]));
    const { mean, variance } = tf.moments(flat, 1);
    const std = tf.sqrt(variance);

    const bins = tf.cast(tf.minimum(tf.floor(tf.mul(flat, 256)), 255), 'int32') as tf.Tensor2D;
    const counts = tf.cast(tf.denseBincount(bins, tf.tensor2d([], [0, 0], 'int32'), 256), 'float32');
    const p = tf.div(counts, pixels);
    const plogp = tf.where(tf.greater(p, 0), tf.mul(p, tf.log(tf.maximum(p, 1e-30))), tf.zerosLike(p));
    const entropy = tf.div(tf.neg(tf.sum(plogp, 1)), Math.LN2);

    let laplacian: tf.Tensor1D;
    if (height >= 3 && width >= 3) {
      const kernel = tf.tensor4d([0, 1, 0, 1, -4, 1, 0, 1, 0], [3, 3, 1, 1]);
      const response = tf.conv2d(tf.reshape(luma, [batch, height, width, 1]) as tf.Tensor4D, kernel, 1, 'valid');
      laplacian = tf.moments(tf.reshape(response, [batch, -1]), 1).variance as tf.Tensor1D;
    } else {
      laplacian = tf.zeros([batch]);
    }
    const stats = tf.stack([nonFinite, outOfRange, spread, p99, p1, std, entropy, laplacian, mean], 1) as tf.Tensor2D;
    const profile = tf.concat([tf.sum(luma, 2), tf.sum(luma, 1), tf.reshape(tf.min(flat, 1), [batch, 1])], 1) as tf.Tensor2D;
    return { stats, luma, profile };
  });
  try {
    const [stats, profile] = (await Promise.all([first.stats.data(), first.profile.data()])) as [Float32Array, Float32Array];
    // Centre each image on the centroid of (luma − its minimum), so shifted copies line up.
    const dy = new Float32Array(batch);
    const dx = new Float32Array(batch);
    const columns = height + width + 1;
    for (let b = 0; b < batch; b++) {
      const row = b * columns;
      const minimum = profile[row + height + width]!;
      let mass = 0;
      let sy = 0;
      let sx = 0;
      for (let y = 0; y < height; y++) {
        const v = profile[row + y]! - minimum * width;
        mass += v;
        sy += v * (y + 0.5);
      }
      for (let x = 0; x < width; x++) sx += (profile[row + height + x]! - minimum * height) * (x + 0.5);
      if (mass > 1e-6 && Number.isFinite(mass)) {
        dy[b] = Math.max(-height / 2, Math.min(height / 2, sy / mass - height / 2));
        dx[b] = Math.max(-width / 2, Math.min(width / 2, sx / mass - width / 2));
      }
    }
    const second = tf.tidy(() => {
      const luma = first.luma;
      const thumb = tf.reshape(resample(luma, areaWeights(THUMB, height, dy), areaWeights(THUMB, width, dx)), [batch, THUMB_SIZE]);
      const small = resample(luma, areaWeights(8, height, dy), areaWeights(9, width, dx));
      const right = tf.slice(small, [0, 0, 1], [-1, -1, 8]);
      const left = tf.slice(small, [0, 0, 0], [-1, -1, 8]);
      const dBits = tf.reshape(tf.cast(tf.greater(right, left), 'int32'), [batch, 64]);
      const big = resample(luma, areaWeights(32, height, dy), areaWeights(32, width, dx));
      const coefficients = tf.reshape(separable(big, dctMatrix(8, 32)), [batch, 64]);
      const top = tf.topk(coefficients, 33).values;
      const median = tf.mean(tf.slice(top, [0, 31], [-1, 2]), 1, true);
      const pBits = tf.cast(tf.greater(coefficients, median), 'int32');
      return { thumb, bits: tf.concat([dBits, pBits], 1) };
    });
    try {
      const [thumbs, bits] = await Promise.all([second.thumb.data() as Promise<Float32Array>, second.bits.data() as Promise<Int32Array>]);
      const eligible = new Uint8Array(batch);
      for (let b = 0; b < batch; b++) {
        const t = thumbs.subarray(b * THUMB_SIZE, (b + 1) * THUMB_SIZE);
        let mean = 0;
        for (let i = 0; i < THUMB_SIZE; i++) mean += t[i]!;
        mean /= THUMB_SIZE;
        let norm = 0;
        for (let i = 0; i < THUMB_SIZE; i++) {
          t[i] = t[i]! - mean;
          norm += t[i]! * t[i]!;
        }
        norm = Math.sqrt(norm);
        const ok =
          stats[b * STAT_COUNT + STAT.nonFinite] === 0 && stats[b * STAT_COUNT + STAT.spread]! > constantThreshold && norm > 1e-6;
        eligible[b] = ok ? 1 : 0;
        for (let i = 0; i < THUMB_SIZE; i++) t[i] = ok ? t[i]! / norm : 0;
      }
      return { stats, bits, thumbs, eligible };
    } finally {
      tf.dispose(Object.values(second));
    }
  } finally {
    tf.dispose(Object.values(first));
  }
}
