#!/usr/bin/env node
// Times @ganforge/gan-metrics' scoreImages on 10,000 samples (all metrics: FID, KID 100 x 1000,
// precision/recall and density/coverage on 5,000 x 5,000, classifier score, class statistics)
// against the shipped 'mnist' reference, on the wasm backend (default) or cpu.
//
//   pnpm --filter @ganforge/gan-metrics build && node bench/gan-metrics/score.mjs [--backend wasm|cpu] [--repeats 2] [--threads N] [--json]
// (imports the packages' dist by path: @ganforge/gan-metrics is not among bench/package.json's dependencies yet)
//
// Samples: the 10,000 embedded digits of @ganforge/mnist, shifted by one pixel (so that nothing
// coincides with the reference rows). Baseline measured in the same run: the feature network's
// forward pass over the same 10,000 images (extractFeatures), the floor of any scorer that uses
// it; the report gives total / forward. Each stage is also timed alone, with wall and CPU time
// (CPU time stays meaningful when other jobs share the machine).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../shared/backend.mjs';
import { readIdx } from '../../packages/mnist/dist/index.js';
import {
  classifierScore,
  classStatistics,
  extractFeatures,
  FeatureStatistics,
  frechetDistance,
  kernelInceptionDistance,
  loadFeatureNetwork,
  loadReference,
  densityCoverage,
  precisionRecall,
  scoreImages,
} from '../../packages/gan-metrics/dist/index.js';

const { values } = parseArgs({
  options: { backend: { type: 'string', default: 'wasm' }, repeats: { type: 'string', default: '2' }, threads: { type: 'string' }, json: { type: 'boolean', default: false } },
});
const { threads = 1 } = await initBackend(values.backend, { threads: values.threads ? Number(values.threads) : false });

const mnistData = join(dirname(fileURLToPath(import.meta.url)), '../../packages/mnist/data');
const idx = readIdx(new Uint8Array(readFileSync(join(mnistData, 'mnist-embedded-images-idx3-ubyte.gz'))));
const pixels = new Float32Array(idx.data.length);
for (let i = 0; i < 10000; i++) for (let y = 0; y < 28; y++) for (let x = 1; x < 28; x++) pixels[i * 784 + y * 28 + x] = idx.data[i * 784 + y * 28 + x - 1] / 255;
const images = tf.tensor4d(pixels, [10000, 28, 28, 1]);

async function timed(fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { value, wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}

const network = await loadFeatureNetwork('mnist');
const reference = await loadReference('mnist');
await scoreImages(tf.slice(images, 0, 100), { kidSubsets: 2 }); // warm up
const rows = [];
for (let r = 0; r < Number(values.repeats); r++) {
  const forward = await timed(() => extractFeatures(images, network));
  const { features, probabilities } = forward.value;
  const fid = await timed(() => frechetDistance(reference.statistics, new FeatureStatistics(64).update(features)));
  const kid = await timed(() => kernelInceptionDistance(features, reference.features));
  const fake = { data: features.data.subarray(0, 5000 * 64), shape: [5000, 64] };
  const prdc = await timed(async () => [await precisionRecall(reference.features, fake), await densityCoverage(reference.features, fake)]);
  const classes = await timed(async () => [await classStatistics(probabilities), await classifierScore(probabilities)]);
  const total = await timed(() => scoreImages(images));
  rows.push({ forward, fid, kid, prdc, classes, total });
  const f = (t) => `${t.wall.toFixed(2)} s (cpu ${t.cpu.toFixed(2)} s)`;
  console.log(
    `repeat ${r + 1}: scoreImages(10,000) ${f(total)} = ${(total.wall / forward.wall).toFixed(2)}x the forward pass ${f(forward)}; alone: FID ${f(fid)}, KID ${f(kid)}, PR+DC ${f(prdc)}, classes ${f(classes)}; fid ${total.value.fid.toFixed(3)}, kid ${total.value.kid.toFixed(5)}, load ${loadavg()[0].toFixed(1)}`,
  );
}
network.dispose();
images.dispose();
const best = rows.reduce((a, b) => (b.total.wall < a.total.wall ? b : a));
if (values.json) console.log(JSON.stringify({ backend: values.backend, threads, totalSeconds: best.total.wall, totalCpuSeconds: best.total.cpu, forwardSeconds: best.forward.wall, ratio: best.total.wall / best.forward.wall }));
console.log(`best: ${best.total.wall.toFixed(2)} s (cpu ${best.total.cpu.toFixed(2)} s) on ${values.backend}, ${threads} thread(s), for 10,000 samples (target <= 10 s)`);
