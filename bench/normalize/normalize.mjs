// Times @ganforge/normalize on a Fashion-MNIST-sized batch (60,000 × 28 × 28 × 1; BENCH_COUNT=n for fewer) on the cpu
// backend, each against a plain-tfjs baseline measured in the same run:
//   pnpm bench:normalize [--backend wasm]   (builds @ganforge/normalize first)
// Uses the real Fashion-MNIST train images when /usr/share/datasets/fashion-mnist is present.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { batches, fitMeanStd, scaleRange, standardize, toUint8 } from '@ganforge/normalize';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../shared/backend.mjs';

const backend = process.argv.includes('--backend') ? process.argv[process.argv.indexOf('--backend') + 1] : 'cpu';
await initBackend(backend);

const file = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz';
let pixels;
let source;
if (existsSync(file)) {
  pixels = gunzipSync(readFileSync(file)).subarray(16);
  source = 'Fashion-MNIST train';
} else {
  pixels = Uint8Array.from({ length: 60000 * 784 }, (_, i) => (i * 2654435761) >>> 24);
  source = 'synthetic';
}
const count = Number(process.env.BENCH_COUNT ?? 60000);
const bytes = tf.tensor4d(Int32Array.from(pixels.subarray(0, count * 784)), [count, 28, 28, 1], 'int32');

async function once(fn) {
  const start = performance.now();
  const out = await fn();
  if (out instanceof tf.Tensor) {
    await out.data();
    out.dispose();
  }
  return performance.now() - start;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = Number(process.env.BENCH_RUNS ?? 5);
const rows = [];
/** Alternates baseline and ours (after one warm-up each) so load changes hit both; reports medians. */
async function compare(name, ours, baseline) {
  await once(baseline);
  await once(ours);
  const base = [];
  const mine = [];
  for (let r = 0; r < runs; r++) {
    base.push(await once(baseline));
    mine.push(await once(ours));
  }
  const [m, b] = [median(mine), median(base)];
  console.error(`${name}: ${m.toFixed(0)} ms vs ${b.toFixed(0)} ms`);
  rows.push({ name, 'ours ms': m.toFixed(1), 'baseline ms': b.toFixed(1), ratio: (m / b).toFixed(2) });
}

const symmetric = scaleRange(bytes, { from: 'uint8', to: 'symmetric' });
await compare(
  'scaleRange uint8 -> [-1, 1] vs cast/div/sub',
  () => scaleRange(bytes, { from: 'uint8', to: 'symmetric' }),
  () => tf.tidy(() => tf.sub(tf.div(tf.cast(bytes, 'float32'), 127.5), 1)),
);
await compare(
  'toUint8 [-1, 1] vs add/mul/clip/round/cast',
  () => toUint8(symmetric, { range: 'symmetric' }),
  () => tf.tidy(() => tf.cast(tf.round(tf.clipByValue(tf.mul(tf.add(symmetric, 1), 127.5), 0, 255)), 'int32')),
);
let stats;
await compare(
  'fitMeanStd (streamed, float64 merge) vs tf.moments whole tensor',
  async () => {
    stats = await fitMeanStd(symmetric);
  },
  async () => {
    const { mean, variance } = tf.moments(symmetric, [0, 1, 2]);
    await Promise.all([mean.data(), variance.data()]);
    tf.dispose([mean, variance]);
  },
);
await compare(
  'standardize vs sub/div',
  () => standardize(symmetric, stats),
  () => tf.tidy(() => tf.div(tf.sub(symmetric, stats.mean[0]), stats.std[0])),
);
await compare(
  'batches epoch, batch 64, shuffled vs tf.gather of the same permutation',
  async () => {
    for (const batch of batches(symmetric, { batchSize: 64, seed: 1 })) {
      await batch.images.data();
      batch.images.dispose();
    }
  },
  async () => {
    const order = Int32Array.from({ length: count }, (_, i) => i).sort(() => 0); // order does not change gather's cost
    for (let start = 0; start < count; start += 64) {
      const batch = tf.tidy(() => tf.gather(symmetric, tf.tensor1d(order.subarray(start, start + 64), 'int32')));
      await batch.data();
      batch.dispose();
    }
  },
);
await compare(
  'batches epoch, batch 64, shuffle: false vs tf.slice loop',
  async () => {
    for (const batch of batches(symmetric, { batchSize: 64, shuffle: false })) {
      await batch.images.data();
      batch.images.dispose();
    }
  },
  async () => {
    for (let start = 0; start < count; start += 64) {
      const batch = tf.slice(symmetric, start, Math.min(64, count - start));
      await batch.data();
      batch.dispose();
    }
  },
);
console.log(`${source} (${count} images), backend ${tf.getBackend()}, median of ${runs} alternating runs; stats mean ${stats.mean[0].toFixed(4)} std ${stats.std[0].toFixed(4)}`);
console.table(rows);
tf.dispose([bytes, symmetric]);
