#!/usr/bin/env node
// Times full DCGAN train steps (TF-tutorial MNIST models; D and G, Adam, non-saturating
// loss) with @ganforge/kernels registered against the plain tfjs kernels, same backend,
// same run. Usage:
//   pnpm bench:train --backend wasm --batch 64 --steps 10 [--warmup 2] [--baseline-steps n]
//                    [--no-baseline] [--threads n] [--profile] [--json]
// Prints { backend, batch, imagesPerSec, baselineImagesPerSec, numTensorsGrowth, ... }.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { registerTrainingKernels, unregisterTrainingKernels } from '../packages/kernels/dist/index.js';
import { initBackend } from './train/backend.mjs';
import { tutorialModels } from './train/models.mjs';
import { makeTrainer } from './train/step.mjs';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    batch: { type: 'string', default: '64' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'baseline-steps': { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
    threads: { type: 'string' },
    profile: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const batch = Number(args.batch);
const steps = Number(args.steps);
const warmup = Number(args.warmup);
const baselineSteps = Number(args['baseline-steps'] ?? steps);
const log = (...m) => {
  if (!args.json) console.error(...m);
};

const { backend, threads } = await initBackend(args.backend, { threads: args.threads ? Number(args.threads) : false });

/** Builds fresh models, runs warmup + timed steps; returns images/s and tensor growth. */
async function timeTraining(label, nSteps) {
  const models = await tutorialModels();
  const real = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 7), 2), 1));
  const trainer = makeTrainer(models);
  try {
    let last;
    for (let i = 0; i < warmup; i++) last = await trainer.step(real);
    const before = tf.memory().numTensors;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < nSteps; i++) last = await trainer.step(real);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const growth = tf.memory().numTensors - before;
    const imagesPerSec = (nSteps * batch) / seconds;
    log(`${label}: ${nSteps} steps of batch ${batch} in ${seconds.toFixed(2)} s (process CPU ${cpuSeconds.toFixed(2)} s) = ${imagesPerSec.toFixed(2)} images/s; losses ${JSON.stringify(last)}; tensor growth ${growth}; models from ${models.source}`);
    return { imagesPerSec, numTensorsGrowth: growth, source: models.source, seconds, cpuSeconds };
  } finally {
    trainer.dispose();
    real.dispose();
    models.generator.dispose();
    models.discriminator.dispose();
  }
}

/** Per-kernel time of one train step, summed by kernel name. */
async function profileStep() {
  const models = await tutorialModels();
  const trainer = makeTrainer(models);
  const real = tf.tidy(() => tf.randomUniform([batch, 28, 28, 1], -1, 1));
  await trainer.step(real);
  const info = await tf.profile(() => trainer.step(real));
  const byName = new Map();
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : (await k.kernelTimeMs)?.kernelMs ?? 0;
    const entry = byName.get(k.name) ?? { calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += ms;
    byName.set(k.name, entry);
  }
  const total = [...byName.values()].reduce((s, e) => s + e.ms, 0);
  const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms).map(([name, e]) => ({ name, calls: e.calls, ms: +e.ms.toFixed(1), share: +(e.ms / total).toFixed(3) }));
  trainer.dispose();
  real.dispose();
  models.generator.dispose();
  models.discriminator.dispose();
  return { totalKernelMs: +total.toFixed(1), kernels: rows };
}

registerTrainingKernels({ backends: [backend] });
const result = { backend, batch, imagesPerSec: null, baselineImagesPerSec: null, numTensorsGrowth: null };
const ours = await timeTraining('with @ganforge/kernels', steps);
result.imagesPerSec = +ours.imagesPerSec.toFixed(2);
result.numTensorsGrowth = ours.numTensorsGrowth;
result.steps = steps;
// Images per second of process CPU time: what a quiet machine would give a single-threaded
// run (the wall clock above is inflated when other processes share the cores).
result.imagesPerCpuSecond = +((steps * batch) / ours.cpuSeconds).toFixed(2);
result.models = ours.source;
if (threads !== undefined) result.wasmThreads = threads;
if (args.profile) result.profile = await profileStep();
unregisterTrainingKernels({ backends: [backend] });
if (args['no-baseline']) {
  result.baselineError = 'skipped (--no-baseline)';
} else {
  try {
    const base = await timeTraining('plain tfjs kernels', baselineSteps);
    result.baselineImagesPerSec = +base.imagesPerSec.toFixed(2);
    result.baselineNumTensorsGrowth = base.numTensorsGrowth;
    result.baselineSteps = baselineSteps;
    result.baselineImagesPerCpuSecond = +((baselineSteps * batch) / base.cpuSeconds).toFixed(2);
    result.speedup = +(ours.imagesPerSec / base.imagesPerSec).toFixed(2);
  } catch (error) {
    result.baselineError = String(error?.message ?? error).split('\n')[0];
    log(`plain tfjs kernels: cannot train (${result.baselineError})`);
  }
}
console.log(args.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
