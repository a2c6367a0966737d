#!/usr/bin/env node
// Audits all 70,000 Fashion-MNIST images (Debian's copy at /usr/share/datasets/fashion-mnist/)
// with @ganforge/data-clean on the wasm backend: train and test each streamed in batches,
// then train/test leakage. Writes the findings and contact sheets to packages/data-clean/docs/.
// Baseline measured in the same run: one streaming pass that only uploads each batch and reads
// back its mean (the floor any audit pays). Usage: pnpm bench:data-clean [--limit N] [--dir FOLDER] (builds @ganforge/data-clean first)
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { audit, auditAcross, ISSUE_TYPES } from '@ganforge/data-clean';
import { writeContactSheet } from '@ganforge/data-clean/node';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../shared/backend.mjs';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '../../packages/data-clean');
await initBackend('wasm');

/** Temp file + rename, so a reader never sees half a file. */
function writeFileAtomic(file, bytes) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}

const limitArg = process.argv.indexOf('--limit');
const limit = limitArg > 0 ? Number(process.argv[limitArg + 1]) : Number.POSITIVE_INFINITY;
const dirArg = process.argv.indexOf('--dir');
const dir = dirArg > 0 ? process.argv[dirArg + 1] : '/usr/share/datasets/fashion-mnist';
const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

function readIdx(file) {
  const bytes = gunzipSync(readFileSync(join(dir, file)));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = bytes[3];
  const shape = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i));
  return { shape, data: bytes.subarray(4 + 4 * dims) };
}
function load(split) {
  const images = readIdx(`${split}-images-idx3-ubyte.gz`);
  const labels = readIdx(`${split}-labels-idx1-ubyte.gz`);
  const n = Math.min(images.shape[0], limit);
  return { n, pixels: images.data.subarray(0, n * 784), labels: Array.from(labels.data.subarray(0, n)) };
}
const train = load('train');
const test = load('t10k');

/** Streams a split as float32 [0, 1] batches; each batch is disposed once the audit asks for the next. */
function* batches(set, size = 1024) {
  for (let start = 0; start < set.n; start += size) {
    const count = Math.min(size, set.n - start);
    const values = new Float32Array(count * 784);
    const bytes = set.pixels.subarray(start * 784, (start + count) * 784);
    for (let i = 0; i < values.length; i++) values[i] = bytes[i] / 255;
    const batch = tf.tensor4d(values, [count, 28, 28, 1]);
    yield batch;
    batch.dispose();
  }
}
const gather = (set, indices) => {
  const values = new Float32Array(indices.length * 784);
  indices.forEach((index, k) => {
    for (let p = 0; p < 784; p++) values[k * 784 + p] = set.pixels[index * 784 + p] / 255;
  });
  return tf.tensor4d(values, [indices.length, 28, 28, 1]);
};

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
const tensorsBefore = tf.memory().numTensors;

let t = performance.now();
for (const set of [train, test]) {
  for (const batch of batches(set)) {
    const mean = tf.mean(batch);
    await mean.data();
    mean.dispose();
  }
}
const baselineSeconds = (performance.now() - t) / 1000;

t = performance.now();
const stages = {};
const onStage = (split) => {
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    stages[`${split}.${stage}`] = +((now - last) / 1000).toFixed(1);
    console.error(`${split} ${stage} ${((now - last) / 1000).toFixed(1)} s, rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
    last = now;
  };
};
const trainReport = await audit(batches(train), { labels: train.labels, onStage: onStage('train') });
const testReport = await audit(batches(test), { labels: test.labels, onStage: onStage('test') });
const leakage = await auditAcross(trainReport, testReport);
const seconds = (performance.now() - t) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const total = train.n + test.n;
const tensorsAfter = tf.memory().numTensors;

const summary = {
  backend: tf.getBackend(),
  images: { train: train.n, test: test.n },
  seconds: {
    train: +trainReport.seconds.toFixed(1),
    test: +testReport.seconds.toFixed(1),
    leakage: +leakage.seconds.toFixed(1),
    total: +seconds.toFixed(1),
    baselineUploadAndMean: +baselineSeconds.toFixed(1),
  },
  stages,
  imagesPerSecond: Math.round(total / seconds),
  ratioToBaseline: +(seconds / baselineSeconds).toFixed(1),
  peakRssMiB: Math.round(peakRss / 2 ** 20),
  tensorsLeaked: tensorsAfter - tensorsBefore,
  counts: Object.fromEntries(ISSUE_TYPES.filter((i) => i in trainReport.counts).map((i) => [i, { train: trainReport.counts[i], test: testReport.counts[i] }])),
  groups: {
    train: { exact: trainReport.exactDuplicateGroups.length, near: trainReport.nearDuplicateGroups.length },
    test: { exact: testReport.exactDuplicateGroups.length, near: testReport.nearDuplicateGroups.length },
  },
  leakage: leakage.counts,
  thresholds: trainReport.thresholds,
};
console.log(JSON.stringify(summary, null, 2));
console.log(trainReport.toString());
console.log(testReport.toString());
console.log(leakage.toString());

const docs = join(pkg, 'docs');
writeFileAtomic(join(docs, 'fashion-mnist-audit.json'), new TextEncoder().encode(`${JSON.stringify(summary, null, 2)}\n`));
const sheet = async (name, set, indices, columns = 16) => {
  if (indices.length === 0) return;
  const images = gather(set, indices);
  await writeContactSheet(join(docs, name), images, { columns, scale: 2 });
  images.dispose();
};
// Cross-split duplicates: pairs side by side (train | test), the closest first.
const pairs = [
  ...leakage.exactPairs.map((p) => ({ train: p.train, test: p.test, distance: 0 })),
  ...leakage.nearPairs.map((p) => ({ train: p.a, test: p.b, distance: p.distance })),
]
  .sort((a, b) => a.distance - b.distance)
  .slice(0, 48);
if (pairs.length > 0) {
  const both = [];
  const trainImages = gather(train, pairs.map((p) => p.train));
  const testImages = gather(test, pairs.map((p) => p.test));
  const a = tf.unstack(trainImages);
  const b = tf.unstack(testImages);
  for (let i = 0; i < pairs.length; i++) both.push(a[i], b[i]);
  await writeContactSheet(join(docs, 'fashion-mnist-cross-split.png'), both, { columns: 16, scale: 2 });
  tf.dispose([trainImages, testImages, ...a, ...b]);
}
const top = (report, issue, count) =>
  report
    .flagged(issue)
    .sort((i, j) => (issue === 'labelIssue' ? report.scores[issue][i] - report.scores[issue][j] : report.scores[issue][j] - report.scores[issue][i]))
    .slice(0, count);
await sheet('fashion-mnist-outliers.png', train, top(trainReport, 'outlier', 32));
await sheet('fashion-mnist-near-duplicates.png', train, trainReport.nearDuplicateGroups.slice(0, 16).flatMap((g) => g.slice(0, 2)));
const labelIssues = top(trainReport, 'labelIssue', 32);
await sheet('fashion-mnist-label-issues.png', train, labelIssues);
console.log('label issues shown (given label):', labelIssues.map((i) => CLASSES[train.labels[i]]).join(', '));
console.log(`wrote ${docs}`);
