#!/usr/bin/env node
// Times full DCGAN train steps (TF-tutorial MNIST models: D and G, two Adams, non-saturating
// loss) with every webgpu speed-up against the plain tfjs-layers model, same backend, same
// run. Speed-ups: @ganforge/kernels' training kernels (registerTrainingKernels), dropout
// masks made on the device (deviceDropout), FusedAdamOptimizer, one D pass over
// [real; fake] in D's step, Mean/Sum gradients without JS-filled ones (registerReductionGradients),
// and pipelined steps (losses read without stalling the queue, 2 steps in flight).
// Usage: pnpm bench:train:fast (builds @ganforge/kernels and gan-layers first; on the GPU
// machine, bundle it with node tools/gpu/bundle.mjs bench/gan-train/train-fast.mjs):
//   pnpm bench:train:fast [--backend webgpu] [--batch 256] [--steps 20] [--warmup 5]
//        [--baseline-steps n] [--depth 2] [--check] [--ablations] [--profile] [--cpu-profile]
//        [--submit-batch n] [--metrics-every 10] [--no-gan-train] [--json]
// Prints { backend, batch, imagesPerSec, baselineImagesPerSec, numTensorsGrowth, ganTrain, ... }:
// `ganTrain` is @ganforge/gan-train's createGanStep with the example's GPU options (TF-tutorial
// order, merged D pass, --depth in flight, metrics every --metrics-every steps), timed in the
// same run beside the fast step above, and its ratio to it.
import { parseArgs } from 'node:util';
// A namespace import that is used: a bare import of the cpu backend is dropped by esbuild (sideEffects).
import * as tfjsCpu from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {
  deviceDropout,
  deviceRandomUniform,
  FusedAdamOptimizer,
  registerReductionGradients,
  registerTrainingKernels,
  unregisterReductionGradients,
  unregisterTrainingKernels,
} from '@ganforge/kernels';
import { initBackend } from '../shared/backend.mjs';
import { makeGanTrainStep } from './lib/gan-train-step.mjs';
import { plainDropout, tutorialModels } from './lib/models.mjs';
import { makeTrainer } from './lib/step.mjs';
import { makeFastTrainer } from './lib/fast-step.mjs';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'webgpu' },
    batch: { type: 'string', default: '256' },
    steps: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    'baseline-steps': { type: 'string' },
    check: { type: 'boolean', default: false },
    ablations: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'submit-batch': { type: 'string' },
    depth: { type: 'string', default: '2' },
    'metrics-every': { type: 'string', default: '10' },
    'no-gan-train': { type: 'boolean', default: false },
    'cpu-profile': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const batch = Number(args.batch);
const steps = Number(args.steps);
const warmup = Number(args.warmup);
const baselineSteps = Number(args['baseline-steps'] ?? steps);
const log = (...m) => console.error(...m);

const { backend } = await initBackend(args.backend);
const result = { backend, batch, imagesPerSec: null, baselineImagesPerSec: null, numTensorsGrowth: null };
try {
  const info = tf.backend().adapterInfo;
  if (info) result.device = `${info.vendor ?? ''} ${info.architecture ?? ''}`.trim();
} catch {}

// ------------------------------------------------------------------ kernel checks
/** Max |a - b| and the number of differing elements of two typed arrays. */
function diff(a, b) {
  let max = 0;
  let count = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > 0 || Number.isNaN(d)) count++;
    if (!(d <= max)) max = d;
  }
  return { maxAbs: max, differing: count, n: a.length };
}

/** Runs fn on `backend` and returns its result as plain arrays. */
async function on(name, fn) {
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} unavailable`);
  if (tf.getBackend() !== name) throw new Error(`backend ${name} not active`);
  const out = tf.tidy(fn);
  const arrays = await Promise.all((Array.isArray(out) ? out : [out]).map((t) => t.data()));
  tf.dispose(out);
  return arrays;
}

/** n float32 numbers in [lo, hi) from a 32-bit LCG (same on every backend). */
function jsUniform(n, seed, lo, hi) {
  const out = new Float32Array(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = lo + (state / 2 ** 32) * (hi - lo);
  }
  return out;
}

/** Adam: 3 steps of fixed gradients on two variables; returns [value0, value1, m0, v0]. */
async function adamRun(name, make) {
  await tf.setBackend(name);
  // Inputs made in JavaScript, identical on both backends.
  const a = tf.tidy(() => tf.variable(tf.tensor(jsUniform(100 * 12544, 1, -1, 1), [100, 12544])));
  const b = tf.tidy(() => tf.variable(tf.tensor(jsUniform(64, 2, -1, 1), [64])));
  const ga = tf.tensor(jsUniform(100 * 12544, 3, -0.01, 0.01), [100, 12544]);
  const gb = tf.tensor(jsUniform(64, 4, -1, 1), [64]);
  const opt = make();
  for (let i = 0; i < 3; i++) opt.applyGradients({ [a.name]: ga, [b.name]: gb });
  const weights = await opt.getWeights();
  const out = await Promise.all([a.data(), b.data(), weights[1].tensor.data(), weights[3].tensor.data()]);
  tf.dispose([a, b, ga, gb, weights[0].tensor]);
  opt.dispose();
  return out;
}

async function checks() {
  const out = { reference: `tfjs-backend-cpu ${tfjsCpu.version_cpu}` };
  const dev = backend;
  // Uniform numbers: same bits as the JS kernel up to a possible 1-ulp fused multiply-add.
  const [uDev] = await on(dev, () => deviceRandomUniform([1 << 20], { seed: 7, minval: -1, maxval: 1 }));
  const [uCpu] = await on('cpu', () => deviceRandomUniform([1 << 20], { seed: 7, minval: -1, maxval: 1 }));
  out.randomUniform = diff(uDev, uCpu);
  // Dropout forward on the D's first activation shape, and its gradient.
  const shape = [batch, 14, 14, 64];
  const n = shape.reduce((p, q) => p * q, 1);
  // Integers (exact in float32 below 2^24 on every backend): outputs must match bit for bit.
  const xs = () => tf.reshape(tf.range(0, n, 1, 'float32'), shape);
  const dropFn = () => deviceDropout(xs(), 0.3, { seed: 123 });
  const [dDev] = await on(dev, dropFn);
  const [dCpu] = await on('cpu', dropFn);
  out.dropout = diff(dDev, dCpu);
  let zeros = 0;
  for (const v of dDev) if (v === 0) zeros++;
  out.dropoutZeroFraction = +(zeros / n).toFixed(4);
  const gradFn = () => tf.grad((x) => tf.sum(tf.mul(deviceDropout(x, 0.3, { seed: 5 }), x)))(xs());
  const [gDev] = await on(dev, gradFn);
  const [gCpu] = await on('cpu', gradFn);
  out.dropoutGrad = diff(gDev, gCpu);
  // Fused Adam on the device vs the JS kernel (cpu) vs tfjs's Adam on the device.
  const fused = () => new FusedAdamOptimizer(1e-3, 0.5, 0.999);
  const adamDev = await adamRun(dev, fused);
  const adamCpu = await adamRun('cpu', fused);
  const adamTfjs = await adamRun(dev, () => tf.train.adam(1e-3, 0.5, 0.999));
  // max |a - b| / max(|b|, 1e-3): relative error, absolute near zero.
  const rel = (a, b) => {
    let m = 0;
    for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-3));
    return +m.toExponential(2);
  };
  out.adamVsCpuMaxRel = adamDev.map((a, i) => rel(a, adamCpu[i]));
  out.adamVsTfjsMaxRel = adamDev.map((a, i) => rel(a, adamTfjs[i]));
  await tf.setBackend(dev);
  // Micro-timings: device dropout vs tf.dropout, fused vs tfjs Adam over the DCGAN's variables.
  const time = async (fn, reps = 10) => {
    await fn();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) await fn();
    return +((performance.now() - t0) / reps).toFixed(3);
  };
  const x = tf.ones(shape);
  const sync = async (t) => {
    await t.data();
    t.dispose();
  };
  out.deviceDropoutMs = await time(() => sync(deviceDropout(x, 0.3)));
  out.tfDropoutMs = await time(() => sync(tf.dropout(x, 0.3)));
  x.dispose();
  const models = await tutorialModels();
  const vars = [...models.generator.trainableWeights, ...models.discriminator.trainableWeights].map((w) => w.read());
  const grads = Object.fromEntries(vars.map((v) => [v.name, tf.onesLike(v)]));
  for (const [label, make] of [
    ['fusedAdamApplyMs', () => new FusedAdamOptimizer(1e-4, 0.5, 0.999)],
    ['tfjsAdamApplyMs', () => tf.train.adam(1e-4, 0.5, 0.999)],
  ]) {
    const opt = make();
    out[label] = await time(async () => {
      opt.applyGradients(grads);
      await sync(tf.add(vars[0], 0));
    });
    opt.dispose();
  }
  tf.dispose(Object.values(grads));
  models.generator.dispose();
  models.discriminator.dispose();
  return out;
}

// ------------------------------------------------------------------ training timings
/**
 * Builds fresh models, runs warmup + timed steps. `depth` = steps in flight (0: wait for
 * each step's losses before the next, as bench/train.mjs).
 */
async function timeTraining(label, nSteps, { fast = null, ganTrain = null, deviceDrop = false, depth = 0, memoLayouts = false, reductionGrads = false } = {}) {
  if (reductionGrads) registerReductionGradients();
  const models = await tutorialModels();
  // The presets' SeededDropout makes its masks on the device; plainDropout swaps in tfjs's Dropout.
  const discriminator = deviceDrop ? models.discriminator : plainDropout(models.discriminator);
  const m = { ...models, discriminator };
  const real = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 7), 2), 1));
  // ganTrain: @ganforge/gan-train's createGanStep with the step options (order, merged D pass, metricsEvery).
  const trainer = ganTrain ? makeGanTrainStep(m, { ...ganTrain, inFlight: Math.max(1, depth) }) : fast ? makeFastTrainer(m, fast) : makeTrainer(m);
  const run = async (k) => {
    const inflight = [];
    let last;
    for (let i = 0; i < k; i++) {
      inflight.push(trainer.step(real));
      while (inflight.length > depth) last = (await inflight.shift()) ?? last;
    }
    for (const p of inflight) last = (await p) ?? last;
    return last;
  };
  try {
    await run(warmup);
    if (memoLayouts) log(`${label}: memoized the layouts of ${memoBindGroupLayouts(true)} pipelines`);
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const last = await run(nSteps);
    const seconds = (performance.now() - t0) / 1000;
    const growth = tf.memory().numTensors - before;
    const imagesPerSec = (nSteps * batch) / seconds;
    log(`${label}: ${nSteps} steps in ${seconds.toFixed(2)} s = ${imagesPerSec.toFixed(1)} images/s (${((seconds * 1000) / nSteps).toFixed(1)} ms/step); losses ${JSON.stringify(last)}; growth ${growth}`);
    return { imagesPerSec: +imagesPerSec.toFixed(1), msPerStep: +((seconds * 1000) / nSteps).toFixed(1), numTensorsGrowth: growth, losses: last };
  } finally {
    trainer.dispose();
    real.dispose();
    models.generator.dispose();
    models.discriminator.dispose();
    unregisterReductionGradients();
  }
}

async function profileStep(options) {
  registerReductionGradients();
  const models = await tutorialModels();
  const m = models;
  const trainer = makeFastTrainer(m, options);
  const real = tf.tidy(() => tf.randomUniform([batch, 28, 28, 1], -1, 1));
  await trainer.step(real);
  const info = await tf.profile(() => trainer.step(real));
  const byName = new Map();
  for (const k of info.kernels) {
    let ms = k.kernelTimeMs;
    if (ms && typeof ms.then === 'function') ms = await ms;
    if (typeof ms === 'object') ms = ms?.kernelMs ?? 0;
    if (typeof ms !== 'number') ms = 0;
    const e = byName.get(k.name) ?? { calls: 0, ms: 0 };
    e.calls++;
    e.ms += ms;
    byName.set(k.name, e);
  }
  trainer.dispose();
  real.dispose();
  models.generator.dispose();
  models.discriminator.dispose();
  const total = [...byName.values()].reduce((s, e) => s + e.ms, 0);
  unregisterReductionGradients();
  return {
    kernelCount: info.kernels.length,
    kernelMsTotal: +total.toFixed(2),
    top: [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 14).map(([n, e]) => `${n} x${e.calls} ${e.ms.toFixed(2)}ms`),
  };
}

if (args['submit-batch']) tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', Number(args['submit-batch']));
if (args.check) {
  try {
    result.checks = await checks();
  } catch (error) {
    result.checks = { error: String(error?.stack ?? error).slice(0, 800) };
  } finally {
    await tf.setBackend(backend);
  }
  log('checks', JSON.stringify(result.checks));
}

// Baseline: the plain model, tfjs's kernels, tf.train.adam, one step at a time.
unregisterTrainingKernels({ backends: [backend] });
const base = await timeTraining('plain tfjs-layers model', baselineSteps);
result.baselineImagesPerSec = base.imagesPerSec;
result.baselineMsPerStep = base.msPerStep;
result.baselineNumTensorsGrowth = base.numTensorsGrowth;

registerTrainingKernels({ backends: [backend] });
const all = { fast: { fusedAdam: true, mergeD: true }, deviceDrop: true, reductionGrads: true, depth: Number(args.depth) };
/**
 * tfjs-backend-webgpu calls pipeline.getBindGroupLayout(0) on every dispatch; through Dawn's
 * Node bindings that is a native call making a new wrapper each time. Memoizing it per
 * pipeline (same layout object, legal to reuse) is a candidate dispatch-cost cut.
 */
function memoBindGroupLayouts(on) {
  const cache = tf.backend().pipelineCache ?? {};
  let count = 0;
  for (const pipeline of Object.values(cache)) {
    if (!pipeline || typeof pipeline.then === 'function') continue;
    if (on && !Object.hasOwn(pipeline, 'getBindGroupLayout')) {
      const layout = pipeline.getBindGroupLayout(0);
      const original = Object.getPrototypeOf(pipeline).getBindGroupLayout;
      // An own property: Dawn's prototype methods may be read-only.
      Object.defineProperty(pipeline, 'getBindGroupLayout', {
        value: (index) => (index === 0 ? layout : original.call(pipeline, index)),
        configurable: true,
      });
      count++;
    } else if (!on && Object.hasOwn(pipeline, 'getBindGroupLayout')) {
      delete pipeline.getBindGroupLayout;
      count++;
    }
  }
  return count;
}

/** Self time of `nSteps` fast steps by function and by package, from V8's CPU profiler. */
async function cpuProfile(nSteps, options) {
  registerReductionGradients();
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method, params) => new Promise((res, rej) => session.post(method, params, (e, r) => (e ? rej(e) : res(r))));
  const models = await tutorialModels();
  const m = models;
  const trainer = makeFastTrainer(m, options.fast);
  const real = tf.tidy(() => tf.randomUniform([batch, 28, 28, 1], -1, 1));
  const run = async (k) => {
    const inflight = [];
    for (let i = 0; i < k; i++) {
      inflight.push(trainer.step(real));
      while (inflight.length > options.depth) await inflight.shift();
    }
    await Promise.all(inflight);
  };
  await run(warmup);
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  const t0 = performance.now();
  await run(nSteps);
  const ms = performance.now() - t0;
  const { profile } = await post('Profiler.stop');
  session.disconnect();
  unregisterReductionGradients();
  trainer.dispose();
  real.dispose();
  models.generator.dispose();
  models.discriminator.dispose();
  const dt = new Map();
  const { samples, timeDeltas, nodes } = profile;
  for (let i = 0; i < samples.length; i++) dt.set(samples[i], (dt.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  const byFn = new Map();
  const byPkg = new Map();
  const pkgOf = (url) => {
    if (!url) return '(native/vm)';
    const match = url.match(/(tfjs-[a-z-]+|webgpu|kernels|gan-layers)/);
    return match ? match[1] : url.split('/').pop();
  };
  for (const node of nodes) {
    const us = dt.get(node.id) ?? 0;
    if (!us) continue;
    const f = node.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url ? `${f.url.split('/').pop()}:${f.lineNumber}` : ''}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    byPkg.set(pkgOf(f.url), (byPkg.get(pkgOf(f.url)) ?? 0) + us);
  }
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${k} ${(us / 1000 / nSteps).toFixed(2)}ms/step`);
  return { msPerStep: +(ms / nSteps).toFixed(1), byFunction: top(byFn, 30), byFile: top(byPkg, 10) };
}

/** Times a variant; a failure is recorded, not thrown, so one broken part leaves the others measured. */
async function variant(label, nSteps, options, env = {}) {
  const saved = {};
  try {
    for (const [k, v] of Object.entries(env)) {
      saved[k] = tf.env().get(k);
      tf.env().set(k, v);
    }
    return await timeTraining(label, nSteps, options);
  } catch (error) {
    log(`${label}: FAILED ${error?.stack ?? error}`);
    return { error: String(error?.message ?? error).slice(0, 400) };
  } finally {
    for (const [k, v] of Object.entries(saved)) tf.env().set(k, v);
    if (options.memoLayouts) memoBindGroupLayouts(false);
  }
}
const ours = await variant('all speed-ups', steps, all);
result.imagesPerSec = ours.imagesPerSec ?? null;
result.msPerStep = ours.msPerStep;
result.numTensorsGrowth = ours.numTensorsGrowth ?? null;
if (ours.imagesPerSec) result.speedup = +(ours.imagesPerSec / base.imagesPerSec).toFixed(2);
result.losses = ours.losses;
if (ours.error) result.error = ours.error;

// gan-train's own step with the new options, timed beside today's fast step in the same run
// (then the fast step again, as a drift check): what the example runs on a GPU.
if (!args['no-gan-train']) {
  const metricsEvery = Number(args['metrics-every']);
  const ganTrain = await variant(`gan-train createGanStep (simultaneous, merged D, ${all.depth} in flight, metrics every ${metricsEvery})`, steps, { ...all, ganTrain: { metricsEvery } });
  const everyStep = await variant('gan-train createGanStep, metrics every step', steps, { ...all, ganTrain: { metricsEvery: 1 } });
  const again = await variant('all speed-ups (again, drift check)', steps, all);
  const fastMean = ((ours.imagesPerSec ?? 0) + (again.imagesPerSec ?? 0)) / 2;
  result.ganTrain = {
    options: { order: 'simultaneous', mergeDiscriminatorPass: true, inFlight: all.depth, metricsEvery },
    imagesPerSec: ganTrain.imagesPerSec ?? null,
    msPerStep: ganTrain.msPerStep,
    numTensorsGrowth: ganTrain.numTensorsGrowth ?? null,
    metricsEveryStepImagesPerSec: everyStep.imagesPerSec ?? null,
    fastStepAgainImagesPerSec: again.imagesPerSec ?? null,
    ratioToFastStep: ganTrain.imagesPerSec && fastMean ? +(ganTrain.imagesPerSec / fastMean).toFixed(2) : null,
    error: ganTrain.error ?? everyStep.error,
  };
}

if (args.ablations) {
  result.ablations = {};
  const k = Math.max(4, Math.round(steps / 2));
  const variants = [
    ['all but pipelining (depth 0)', { ...all, depth: 0 }],
    ['all but merged D pass', { ...all, fast: { fusedAdam: true, mergeD: false } }],
    ['all but fused Adam', { ...all, fast: { fusedAdam: false, mergeD: true } }],
    ['all but device dropout', { ...all, deviceDrop: false }],
    ['all but reduction gradients', { ...all, reductionGrads: false }],
    ['kernels + merged D + pipelining only (tfjs Adam, tfjs dropout)', { ...all, deviceDrop: false, fast: { fusedAdam: false, mergeD: true } }],
    ['all, pipelining depth 1', { ...all, depth: 1 }],
    ['all, WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE 100', all, { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 100 }],
    ['all, WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE false', all, { WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE: false }],
    ['all + memoized bind group layouts', { ...all, memoLayouts: true }],
    ['all + memoized layouts + submit batch 100 + MM conv transpose', { ...all, memoLayouts: true }, { WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: 100, WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE: false }],
    ['all, WEBGPU_CPU_FORWARD false', all, { WEBGPU_CPU_FORWARD: false }],
    ['all (again, drift check)', all],
  ];
  for (const [label, options, env] of variants) {
    const r = await variant(label, k, options, env);
    result.ablations[label] = r.error ? { error: r.error } : { imagesPerSec: r.imagesPerSec, msPerStep: r.msPerStep, numTensorsGrowth: r.numTensorsGrowth };
  }
  unregisterTrainingKernels({ backends: [backend] });
  const r = await variant('all but training kernels', k, all);
  result.ablations['all but training kernels'] = r.error ? { error: r.error } : { imagesPerSec: r.imagesPerSec, msPerStep: r.msPerStep };
  registerTrainingKernels({ backends: [backend] });
}
if (args['cpu-profile']) {
  try {
    result.cpuProfile = await cpuProfile(8, all);
  } catch (error) {
    result.cpuProfile = { error: String(error?.message ?? error).slice(0, 400) };
  }
}
if (args.profile) {
  try {
    result.profile = await profileStep(all.fast);
  } catch (error) {
    result.profile = { error: String(error?.message ?? error).slice(0, 400) };
  }
}
console.log(args.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
