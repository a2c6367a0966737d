#!/usr/bin/env node
// Where does a DCGAN train step spend its time on webgpu? Prints one JSON object: the plain
// step's images/s, a per-kernel profile, and micro-timings of suspects (JS-side random
// numbers, per-op dispatch overhead, Adam). Run on the GPU machine (bundle with tools/gpu/bundle.mjs).
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../train/backend.mjs';
import { tutorialModels } from '../train/models.mjs';
import { makeTrainer } from '../train/step.mjs';

const backend = await initBackend(process.argv[2] ?? 'webgpu');
const out = { backend, device: null };
try {
  const info = tf.backend().adapterInfo ?? null;
  out.device = info ? `${info.vendor} ${info.architecture}` : null;
} catch {}

async function timeIt(label, fn, reps = 10) {
  await fn(); // warm-up, compiles shaders
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  const ms = (performance.now() - t0) / reps;
  out[label] = +ms.toFixed(3);
  console.error(label, ms.toFixed(3), 'ms');
  return ms;
}
const sync = async (t) => {
  await t.data();
  tf.dispose(t);
};

// 1. plain full step
const batch = 256;
const models = await tutorialModels();
const trainer = makeTrainer(models);
const real = tf.tidy(() => tf.randomUniform([batch, 28, 28, 1], -1, 1, 'float32', 3));
const stepMs = await timeIt('stepMs', () => trainer.step(real), 8);
out.imagesPerSec = +((batch * 1000) / stepMs).toFixed(1);

// 2. profile of one step, by kernel name
const prof = await tf.profile(() => trainer.step(real));
const byName = new Map();
for (const k of prof.kernels) {
  let ms = k.kernelTimeMs;
  if (ms && typeof ms.then === 'function') ms = await ms;
  if (typeof ms === 'object') ms = ms?.kernelMs ?? 0;
  if (typeof ms !== 'number') ms = 0;
  const e = byName.get(k.name) ?? { calls: 0, ms: 0 };
  e.calls++;
  e.ms += ms;
  byName.set(k.name, e);
}
out.kernelCount = prof.kernels.length;
out.kernelMsTotal = +[...byName.values()].reduce((s, e) => s + e.ms, 0).toFixed(2);
out.kernels = [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25).map(([n, e]) => `${n} x${e.calls} ${e.ms.toFixed(2)}ms`);

// 3. suspects
await timeIt('randomUniform_256x14x14x64_ms', () => sync(tf.randomUniform([batch, 14, 14, 64])));
await timeIt('dropout_256x14x14x64_ms', () => sync(tf.tidy(() => tf.dropout(tf.ones([batch, 14, 14, 64]), 0.3))));
await timeIt('randomNormal_256x100_ms', () => sync(tf.randomNormal([batch, 100])));
await timeIt('add_x1000_tiny_ms', async () => {
  let x = tf.zeros([16]);
  for (let i = 0; i < 1000; i++) {
    const y = tf.add(x, 1);
    x.dispose();
    x = y;
  }
  await sync(x);
}, 3);
await timeIt('matmul_256x100x12544_ms', () => sync(tf.tidy(() => tf.matMul(tf.ones([batch, 100]), tf.ones([100, 12544])))));
const adam = tf.train.adam(1e-4, 0.5);
const vars = models.generator.trainableWeights.map((w) => w.read()).concat(models.discriminator.trainableWeights.map((w) => w.read()));
const grads = Object.fromEntries(vars.map((v) => [v.name, tf.onesLike(v)]));
out.numVariables = vars.length;
await timeIt('adam_apply_all_vars_ms', async () => {
  adam.applyGradients(grads);
  await sync(tf.add(vars[0], 0));
});
console.log(JSON.stringify(out, null, 1));
trainer.dispose();
