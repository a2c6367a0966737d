/** The final grid, the GIF of gan-train's epoch grids, and the IDX export of generated digits. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodePng, imageGrid } from '@ganforge/gan-train';
import { writeIdx } from '@ganforge/mnist';
import { toUint8 } from '@ganforge/normalize';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { writeFileAtomic } from '@ganforge/internal/node';
import { type GrayFrame, writeGrayGif } from './gif';

/** Generates images (NHWC, [-1, 1]) from latent noise (and class labels `[n, 1]` int32 for a conditional model). */
export type Generate = (latent: tf.Tensor, labels?: tf.Tensor) => tf.Tensor;

/**
 * The classes samples `start … start + count - 1` of a conditional run ask for: sample i asks
 * for class `i % numClasses` (so every class gets the same share), or in a grid of `columns`
 * per row, row r asks for class `r % numClasses`.
 */
export function requestedClasses(numClasses: number, start: number, count: number, columns?: number): Uint8Array {
  return Uint8Array.from({ length: count }, (_, i) => (columns === undefined ? start + i : Math.floor((start + i) / columns)) % numClasses);
}

/** {@link requestedClasses} as generator labels `[count, 1]` int32; undefined for an unconditional run (`numClasses` null). */
export function requestedLabels(numClasses: number | null, start: number, count: number, columns?: number): tf.Tensor2D | undefined {
  if (numClasses === null) return undefined;
  return tf.tensor2d(Int32Array.from(requestedClasses(numClasses, start, count, columns)), [count, 1], 'int32');
}

/** Renders `latent` through `generate` as a uint8 grid and writes it as a PNG. */
export async function writeSampleGrid(path: string, generate: Generate, latent: tf.Tensor, columns = 8, numClasses: number | null = null): Promise<GrayFrame> {
  const grid = tf.tidy(() => imageGrid(generate(latent, requestedLabels(numClasses, 0, latent.shape[0]!, columns)) as tf.Tensor4D, { columns, padding: 2, pixelRange: [-1, 1] }));
  try {
    const png = await encodePng(grid, { pixelRange: [-1, 1] });
    await writeFileAtomic(path, png);
    const bytes = tf.tidy(() => toUint8(grid, { pixelRange: 'symmetric' }));
    const pixels = Uint8Array.from(await bytes.data());
    bytes.dispose();
    return { pixels, width: grid.shape[1], height: grid.shape[0] };
  } finally {
    grid.dispose();
  }
}

/** Reads back every epoch grid of a folder (after a resume too), oldest first, as GIF frames. */
export async function readEpochFrames(directory: string): Promise<GrayFrame[]> {
  const names = (await readdir(directory).catch(() => [] as string[])).filter((n) => /^epoch-\d+\.png$/.test(n)).sort();
  const frames: GrayFrame[] = [];
  for (const name of names) {
    const png = decode(await readFile(join(directory, name)));
    if (png.channels !== 1 || png.depth !== 8) continue;
    frames.push({ pixels: Uint8Array.from(png.data as Uint8Array), width: png.width, height: png.height });
  }
  return frames;
}

export async function writeEpochGif(sampleDir: string, path: string): Promise<number> {
  const frames = await readEpochFrames(sampleDir);
  const sameSize = frames.filter((f) => f.width === frames.at(-1)!.width && f.height === frames.at(-1)!.height);
  if (sameSize.length === 0) return 0;
  await writeGrayGif(path, sameSize, { delayMs: 400 });
  return sameSize.length;
}

/** The labels IDX written beside an exported samples IDX of a conditional run. */
export const labelsPathOf = (samplesPath: string) => samplesPath.replace(/idx3-ubyte$/, 'labels-idx1-ubyte');

/**
 * Generates `count` images and writes them as an IDX file of uint8 [count, h, w]
 * (channel 0), the MNIST format, atomically. A conditional run (`numClasses`) asks for
 * class `i % numClasses` for sample i and also writes those labels as an IDX1 file
 * ({@link labelsPathOf}). Returns the bytes (and labels) for reuse.
 */
export async function exportSamples(
  path: string,
  generate: Generate,
  sampleLatent: (count: number, seed: number) => tf.Tensor,
  count: number,
  seed: number,
  numClasses: number | null = null,
): Promise<{ pixels: Uint8Array; labels: Uint8Array | null }> {
  let data = new Uint8Array(0);
  let height = 0;
  let width = 0;
  const chunk = 500;
  for (let start = 0, part = 0; start < count; start += chunk, part++) {
    const n = Math.min(chunk, count - start);
    const images = tf.tidy(() => {
      const generated = generate(sampleLatent(n, seed + part), requestedLabels(numClasses, start, n)) as tf.Tensor4D;
      return toUint8(tf.slice(generated, [0, 0, 0, 0], [-1, -1, -1, 1]), { pixelRange: 'symmetric' });
    });
    if (data.length === 0) {
      [, height, width] = images.shape;
      data = new Uint8Array(count * height * width);
    }
    data.set(await images.data(), start * height * width);
    images.dispose();
  }
  await writeFileAtomic(path, writeIdx({ dtype: 'uint8', shape: [count, height, width], data }));
  if (numClasses === null) return { pixels: data, labels: null };
  const labels = requestedClasses(numClasses, 0, count);
  await writeFileAtomic(labelsPathOf(path), writeIdx({ dtype: 'uint8', shape: [count], data: labels }));
  return { pixels: data, labels };
}
