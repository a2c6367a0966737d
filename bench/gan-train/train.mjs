#!/usr/bin/env node
// Times full DCGAN train steps (D and G, Adam(1e-4, 0.5), non-saturating loss; models from
// @ganforge/gan-layers' presets) with @ganforge/kernels against PyTorch on the same step and
// models, both timed alternately in the same run (so load changes hit both), and against
// plain tfjs on the same backend. Usage:
//   pnpm bench:train --backend wasm --preset seed|tutorial --batch 64 [--threads n] [--json]
//                    [--steps 10] [--repeats 3] [--warmup 2] [--torch-threads 1,2]
//                    [--no-pytorch] [--no-baseline] [--baseline-steps n] [--profile]
//                    [--kernels <dist/index.js>] [--compare-kernels <dist/index.js>]
// Prints { backend, preset, batch, threads, imagesPerSec, numTensorsGrowth, pytorchImagesPerSec,
// ratio, ganTrainImagesPerSec, ganTrainRatio, ... }. "ours" is the bench's fast step
// (bench/gan-train/lib/step.mjs) with what the packages give a user: registerTrainingKernels,
// registerReductionGradients, fusedAdam and the presets' SeededDropout (masks made on the
// device); "gan-train" is @ganforge/gan-train's own createGanStep with the example's options
// (TF-tutorial order, one D pass over real and fake, metrics every --metrics-every steps),
// timed alternately with "ours" in the same run; --compare-kernels <file> times the same fast
// step with another build of @ganforge/kernels (e.g. the commit before a change), registered in
// place of ours repeat by repeat and alternated with it, and prints compareImagesPerSec and
// compareRatio (ours / that build, per repeat, median); the baseline is plain tfjs (its kernels,
// gradients, Adam and dropout). PyTorch runs from Debian's
// python3-torch (bench/gan-train/pytorch_dcgan.py) at each thread count of --torch-threads
// (default 1 and --threads); its best is the reference of `ratio`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../shared/backend.mjs';
import { makeGanTrainStep } from './lib/gan-train-step.mjs';
import { plainDropout, presetModels } from './lib/models.mjs';
import { profileStep, profileTable } from './lib/profile.mjs';
import { makeTrainer } from './lib/step.mjs';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    preset: { type: 'string', default: 'tutorial' },
    batch: { type: 'string', default: '64' },
    steps: { type: 'string', default: '10' },
    repeats: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '2' },
    'baseline-steps': { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
    'no-pytorch': { type: 'boolean', default: false },
    'torch-threads': { type: 'string' },
    threads: { type: 'string' },
    kernels: { type: 'string' },
    'compare-kernels': { type: 'string' },
    profile: { type: 'boolean', default: false },
    'metrics-every': { type: 'string', default: '1' },
    'no-gan-train': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const preset = args.preset;
const batch = Number(args.batch);
const steps = Number(args.steps);
const repeats = Number(args.repeats);
const warmup = Number(args.warmup);
const baselineSteps = Number(args['baseline-steps'] ?? steps);
const log = (...m) => {
  if (!args.json) console.error(...m);
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, d = 2) => +x.toFixed(d);
const load = () => loadavg().map((x) => round(x, 2));

// --kernels <file>: another build of @ganforge/kernels (e.g. an older commit's dist/index.js), to
// compare kernel versions on the same machine; dropout masks still come from the models' own copy.
const kernels = await import(args.kernels ? pathToFileURL(args.kernels).href : '@ganforge/kernels');
// --compare-kernels <file>: a second build, timed in the same run, alternated with the first.
const other = args['compare-kernels'] ? await import(pathToFileURL(args['compare-kernels']).href) : null;

const { backend, threads } = await initBackend(args.backend, { threads: args.threads ? Number(args.threads) : false });
const cores = threads ?? 1;

// ------------------------------------------------------------------ PyTorch, served
const here = dirname(fileURLToPath(import.meta.url));
const python = '/usr/bin/python3';

/** Starts pytorch_dcgan.py --serve; resolves to { run(steps, threads), close() } or null. */
async function startPytorch() {
  if (args['no-pytorch'] || !existsSync(python)) return null;
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1' };
  const pthreadBlas = '/usr/lib/x86_64-linux-gnu/openblas-pthread';
  if (existsSync(pthreadBlas)) env.LD_LIBRARY_PATH = [pthreadBlas, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  const child = spawn(python, [join(here, 'pytorch_dcgan.py'), '--serve', '--preset', preset, '--batch', String(batch)], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`pytorch_dcgan.py exited: ${stderr.trim().split('\n').at(-1) ?? ''}`);
    return JSON.parse(value);
  };
  try {
    const hello = await next();
    return {
      framework: hello.framework,
      async run(n, t) {
        child.stdin.write(`${n} ${t}\n`);
        return next();
      },
      close() {
        child.stdin.end();
      },
    };
  } catch (error) {
    child.kill();
    log(`PyTorch not run: ${error.message}`);
    return null;
  }
}

// ------------------------------------------------------------------ ganforge
/**
 * A trainer on fresh models: 'fast' = ours (fused Adam, the presets' device dropout),
 * 'gan-train' = createGanStep with the example's options, 'plain' = plain tfjs.
 */
async function makeRun(kind, build = kernels) {
  const built = await presetModels(preset);
  const models = kind === 'plain' ? { ...built, discriminator: plainDropout(built.discriminator) } : built;
  const real = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 7), 2), 1));
  const trainer =
    kind === 'gan-train'
      ? makeGanTrainStep(models, { metricsEvery: Number(args['metrics-every']) })
      : makeTrainer(models, kind === 'fast' ? { makeOptimizer: build.fusedAdam } : {});
  let last;
  for (let i = 0; i < warmup; i++) last = (await trainer.step(real)) ?? last;
  let growth = null;
  return {
    source: built.source,
    trainer,
    real,
    async time(n) {
      const before = tf.memory().numTensors;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) last = (await trainer.step(real)) ?? last;
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      growth = tf.memory().numTensors - before;
      return { imagesPerSec: (n * batch) / seconds, imagesPerCpuSecond: (n * batch) / ((cpu.user + cpu.system) / 1e6), losses: last };
    },
    /** Tensors added over the last timed run (0: flat from step to step). */
    growth: () => growth,
    dispose() {
      trainer.dispose();
      real.dispose();
      built.generator.dispose();
      built.discriminator.dispose();
    },
  };
}

/** The kernel build whose kernels and gradients are registered now. */
let active = null;
/** Registers `build`'s kernels and gradients in place of the active build's. */
function use(build) {
  if (active === build) return;
  if (active) {
    active.unregisterTrainingKernels({ backends: [backend] });
    active.unregisterReductionGradients();
  }
  build.registerTrainingKernels({ backends: [backend] });
  build.registerReductionGradients();
  active = build;
}
use(kernels);
const result = {
  backend,
  preset,
  batch,
  threads: cores,
  imagesPerSec: null,
  numTensorsGrowth: null,
  pytorchImagesPerSec: null,
  ratio: null,
  steps,
  repeats,
  startedAt: new Date().toISOString(),
  loadBefore: load(),
};
if (args.kernels) result.kernels = args.kernels;
const torch = await startPytorch();
const torchThreads = [...new Set((args['torch-threads'] ?? `1,${cores}`).split(',').map(Number))];
const ours = await makeRun('fast');
const ganTrain = args['no-gan-train'] ? null : await makeRun('gan-train');
let compared = null;
if (other) {
  use(other);
  compared = await makeRun('fast', other);
  use(kernels);
}
result.models = ours.source;
const ourRuns = [];
const ganTrainRuns = [];
const comparedRuns = [];
const torchRuns = Object.fromEntries(torchThreads.map((t) => [t, []]));
if (torch) for (const t of torchThreads) await torch.run(1, t); // warm-up at each thread count
for (let r = 0; r < repeats; r++) {
  const mine = await ours.time(steps);
  ourRuns.push(mine);
  log(`#${r + 1} ganforge ${backend} (${cores} thread${cores > 1 ? 's' : ''}): ${mine.imagesPerSec.toFixed(1)} images/s; losses ${JSON.stringify(mine.losses)}`);
  if (ganTrain) {
    const theirs = await ganTrain.time(steps);
    ganTrainRuns.push(theirs);
    log(`#${r + 1} gan-train createGanStep ${backend}: ${theirs.imagesPerSec.toFixed(1)} images/s; losses ${JSON.stringify(theirs.losses)}`);
  }
  if (compared) {
    use(other);
    const theirs = await compared.time(steps);
    use(kernels);
    comparedRuns.push(theirs);
    log(`#${r + 1} ganforge, kernels of ${args['compare-kernels']}: ${theirs.imagesPerSec.toFixed(1)} images/s`);
  }
  if (!torch) continue;
  for (const t of torchThreads) {
    const theirs = await torch.run(steps, t);
    torchRuns[t].push(theirs);
    log(`#${r + 1} PyTorch (${t} thread${t > 1 ? 's' : ''}): ${theirs.imagesPerSec.toFixed(1)} images/s`);
  }
}
result.numTensorsGrowth = ours.growth();
result.imagesPerSec = round(median(ourRuns.map((x) => x.imagesPerSec)));
result.imagesPerSecRuns = ourRuns.map((x) => round(x.imagesPerSec, 1));
// Images per second of process CPU time: what a quiet machine would give a single-threaded run.
result.imagesPerCpuSecond = round(median(ourRuns.map((x) => x.imagesPerCpuSecond)));
if (ganTrain) {
  result.ganTrainOptions = { order: 'simultaneous', mergeDiscriminatorPass: true, metricsEvery: Number(args['metrics-every']) };
  result.ganTrainImagesPerSec = round(median(ganTrainRuns.map((x) => x.imagesPerSec)));
  result.ganTrainImagesPerSecRuns = ganTrainRuns.map((x) => round(x.imagesPerSec, 1));
  result.ganTrainImagesPerCpuSecond = round(median(ganTrainRuns.map((x) => x.imagesPerCpuSecond)));
  // gan-train's step / the bench's fast step, per repeat (timed back to back), then the median.
  result.ganTrainRatio = round(median(ganTrainRuns.map((x, i) => x.imagesPerSec / ourRuns[i].imagesPerSec)));
  result.ganTrainNumTensorsGrowth = ganTrain.growth();
  ganTrain.dispose();
}
if (compared) {
  result.compareKernels = args['compare-kernels'];
  result.compareImagesPerSec = round(median(comparedRuns.map((x) => x.imagesPerSec)));
  result.compareImagesPerSecRuns = comparedRuns.map((x) => round(x.imagesPerSec, 1));
  result.compareImagesPerCpuSecond = round(median(comparedRuns.map((x) => x.imagesPerCpuSecond)));
  // Ours / the other build, per repeat (timed back to back), then the median.
  result.compareRatio = round(median(comparedRuns.map((x, i) => ourRuns[i].imagesPerSec / x.imagesPerSec)));
  result.compareCpuRatio = round(median(comparedRuns.map((x, i) => ourRuns[i].imagesPerCpuSecond / x.imagesPerCpuSecond)));
  result.compareNumTensorsGrowth = compared.growth();
}
if (torch) {
  result.pytorch = torch.framework;
  result.pytorchByThreads = Object.fromEntries(
    torchThreads.map((t) => [t, { imagesPerSec: round(median(torchRuns[t].map((x) => x.imagesPerSec))), runs: torchRuns[t].map((x) => round(x.imagesPerSec, 1)) }]),
  );
  const best = torchThreads.reduce((a, b) => (result.pytorchByThreads[b].imagesPerSec > result.pytorchByThreads[a].imagesPerSec ? b : a));
  result.pytorchThreads = best;
  result.pytorchImagesPerSec = result.pytorchByThreads[best].imagesPerSec;
  // Ratio of each repeat (ours / PyTorch's best setting, timed seconds apart), then the median.
  result.ratio = round(median(ourRuns.map((x, i) => x.imagesPerSec / torchRuns[best][i].imagesPerSec)));
  // The same per second of process CPU time, against PyTorch at 1 thread: steadier than wall
  // time on a busy machine, but it charges ours for every thread it keeps busy.
  result.pytorchImagesPerCpuSecond = round(median(torchRuns[1]?.map((x) => x.imagesPerCpuSecond) ?? [Number.NaN]));
  result.cpuRatio = round(result.imagesPerCpuSecond / result.pytorchImagesPerCpuSecond);
  if (compared) {
    result.compareRatioToPytorch = round(median(comparedRuns.map((x, i) => x.imagesPerSec / torchRuns[best][i].imagesPerSec)));
    result.compareCpuRatioToPytorch = round(result.compareImagesPerCpuSecond / result.pytorchImagesPerCpuSecond);
  }
  torch.close();
} else {
  result.pytorchError = args['no-pytorch'] ? 'skipped (--no-pytorch)' : `${python} with torch not found`;
}
result.loadAfter = load();
if (args.profile) {
  result.profile = await profileStep(ours.trainer, ours.real);
  log(profileTable(result.profile));
  if (compared) {
    use(other);
    result.compareProfile = await profileStep(compared.trainer, compared.real);
    use(kernels);
    log(profileTable(result.compareProfile));
  }
}
ours.dispose();
compared?.dispose();

active.unregisterTrainingKernels({ backends: [backend] });
active.unregisterReductionGradients();
active = null;
if (args['no-baseline']) {
  result.baselineError = 'skipped (--no-baseline)';
} else {
  let base;
  try {
    base = await makeRun('plain');
    const timed = await base.time(baselineSteps);
    result.baselineImagesPerSec = round(timed.imagesPerSec);
    result.baselineNumTensorsGrowth = base.growth();
    result.speedup = round(result.imagesPerSec / timed.imagesPerSec);
    log(`plain tfjs: ${timed.imagesPerSec.toFixed(1)} images/s`);
  } catch (error) {
    result.baselineError = String(error?.message ?? error).split('\n')[0];
    log(`plain tfjs: cannot train (${result.baselineError})`);
  } finally {
    base?.dispose();
  }
}
console.log(args.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
