import { chunkFeatures, STAT_COUNT, THUMB_SIZE } from './features';
import { contentHash, packBits } from './hash';
import { type ImageSource, readChunks } from './source';

/** Compact per-image features of a whole set (about 1.1 KB per image), kept in JS memory. */
export interface FeatureSet {
  size: number;
  /** Expected [h, w, c], or null when no image had a usable shape. */
  shape: [number, number, number] | null;
  shapeOk: Uint8Array;
  /** Shape text of each mismatched image (index → "[h, w, c]"). */
  badShapes: Map<number, string>;
  /** size × STAT_COUNT statistics, NaN for shape-mismatched images. */
  stats: Float32Array;
  /** size × 4 words: dHash (2 words) then pHash (2 words). */
  hashes: Uint32Array;
  /** size × 2 words of content hash. */
  content: Uint32Array;
  /** size × THUMB_SIZE unit thumbnails. */
  thumbs: Float32Array;
  eligible: Uint8Array;
}

function concat<T extends Float32Array | Uint32Array | Uint8Array>(parts: T[], make: (n: number) => T): T {
  const out = make(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Streams a source through `chunkFeatures`, reading each chunk's results into JS and disposing its tensors. */
export async function extractFeatures(
  fn: string,
  argument: string,
  source: ImageSource,
  options: { range: [number, number]; batchSize: number; shape: [number, number, number] | null; constantThreshold: number },
): Promise<FeatureSet> {
  let shape = options.shape;
  const stats: Float32Array[] = [];
  const hashes: Uint32Array[] = [];
  const content: Uint32Array[] = [];
  const thumbs: Float32Array[] = [];
  const eligible: Uint8Array[] = [];
  const shapeOk: Uint8Array[] = [];
  const badShapes = new Map<number, string>();
  let size = 0;
  for await (const chunk of readChunks(fn, argument, source, options.batchSize, shape, (s) => {
    shape = s;
  })) {
    const n = chunk.count;
    const chunkStats = new Float32Array(n * STAT_COUNT).fill(Number.NaN);
    const chunkHashes = new Uint32Array(n * 4);
    const chunkContent = new Uint32Array(n * 2);
    const chunkThumbs = new Float32Array(n * THUMB_SIZE);
    const chunkEligible = new Uint8Array(n);
    chunk.shapes.forEach((text, i) => {
      if (!chunk.shapeOk[i]) badShapes.set(size + i, text);
    });
    if (chunk.images) {
      try {
        const [features, raw] = await Promise.all([
          chunkFeatures(chunk.images, options.range[0], options.range[1], options.constantThreshold),
          chunk.images.data(),
        ]);
        const [, h, w, c] = chunk.images.shape;
        const pixels = h * w * c;
        const seed = `${chunk.images.dtype}:${h}x${w}x${c}`;
        let row = 0;
        for (let i = 0; i < n; i++) {
          if (!chunk.shapeOk[i]) continue;
          chunkStats.set(features.stats.subarray(row * STAT_COUNT, (row + 1) * STAT_COUNT), i * STAT_COUNT);
          packBits(features.bits, row * 128, chunkHashes, i * 4);
          packBits(features.bits, row * 128 + 64, chunkHashes, i * 4 + 2);
          contentHash(raw as Float32Array | Int32Array, row * pixels, pixels, seed, chunkContent, i * 2);
          chunkThumbs.set(features.thumbs.subarray(row * THUMB_SIZE, (row + 1) * THUMB_SIZE), i * THUMB_SIZE);
          chunkEligible[i] = features.eligible[row]!;
          row++;
        }
      } finally {
        if (chunk.owned) chunk.images.dispose();
      }
    }
    stats.push(chunkStats);
    hashes.push(chunkHashes);
    content.push(chunkContent);
    thumbs.push(chunkThumbs);
    eligible.push(chunkEligible);
    shapeOk.push(chunk.shapeOk);
    size += n;
  }
  return {
    size,
    shape,
    shapeOk: concat(shapeOk, (k) => new Uint8Array(k)),
    badShapes,
    stats: concat(stats, (k) => new Float32Array(k)),
    hashes: concat(hashes, (k) => new Uint32Array(k)),
    content: concat(content, (k) => new Uint32Array(k)),
    thumbs: concat(thumbs, (k) => new Float32Array(k)),
    eligible: concat(eligible, (k) => new Uint8Array(k)),
  };
}
