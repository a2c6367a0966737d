/**
 * The MNIST DCGAN run, a composition of the packages: mnist (toImageTensor) ->
 * data-clean (audit, clean) -> gan-train (tensorBatches, createGanStep, train) with
 * gan-layers' presets (device dropout) and kernels (training kernels, fused Adam).
 */
import { existsSync } from 'node:fs';
import { appendFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { diffAugmentation } from '@ganforge/augment';
import { audit, clean, type IssueType } from '@ganforge/data-clean';
import { createDcganDiscriminator, createDcganGenerator, type DcganModels, seedDcgan, tutorialDcgan } from '@ganforge/gan-layers';
import {
  createGanStep,
  createGeneratorEma,
  type GanLoss,
  hingeLoss,
  leastSquaresLoss,
  lockRun,
  minimaxLoss,
  nonSaturatingLoss,
  relativisticAverageLoss,
  tensorBatches,
  train,
  wassersteinLoss,
} from '@ganforge/gan-train/node';
import { writeFileAtomic } from '@ganforge/internal/node';
import { fusedAdam, registerReductionGradients, registerTrainingKernels } from '@ganforge/kernels';
import { loadMnist, toImageTensor } from '@ganforge/mnist';
import type { GanMetrics } from '@ganforge/gan-metrics';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendSelection, describeSelection, selectBackend } from './backend';
import { writeTrainingChart } from './chart';
import { createEpochEvaluator, describeScore, type EpochEvaluator, scoreSamples } from './evaluate';
import type { CliOptions, LossName } from './options';
import { createProgress } from './progress';
import { exportSamples, labelsPathOf, writeEpochGif, writeSampleGrid } from './samples';

/**
 * Steps of the default CPU run: 2,400 steps of 64 with the class-conditional seed preset on
 * wasm take about 490–540 s of CPU time (≈ 290–316 images per CPU second), so under 10 minutes
 * on 2 cores, and reach FID 2.2–3.0 on seeds 1–3 (gan-metrics, mnist network; 10 of 10 classes,
 * 97–99 % of samples classified as the class they asked for): see the README.
 */
export const cpuDefaultSteps = 2400;
/** Epochs of the default GPU run. */
export const gpuDefaultEpochs = 60;
/** Checks whose flagged images are dropped before training (duplicates: all but the first of a group). */
export const dropChecks: readonly IssueType[] = ['nonFinite', 'outOfRange', 'constant', 'exactDuplicate'];

export interface RunResult {
  backend: BackendSelection;
  steps: number;
  epochs: number;
  seconds: number;
  imagesPerSec: number;
  out: string;
  files: { grids: string; gif: string | null; metrics: string; chart: string | null; checkpoints: string; samples: string | null };
  /** gan-metrics' scores of the exported samples (`--evaluate`), else null. */
  quality: GanMetrics | null;
}


const lossFactories: Record<LossName, () => GanLoss> = {
  'non-saturating': () => nonSaturatingLoss(),
  minimax: () => minimaxLoss(),
  hinge: () => hingeLoss(),
  wasserstein: () => wassersteinLoss(),
  'least-squares': () => leastSquaresLoss(),
  relativistic: () => relativisticAverageLoss(),
};

/**
 * The CPU preset, built from gan-layers' DCGAN builders: the seed preset's generator shape
 * (dense 7·7·128 → transposed conv 64 → transposed conv 1, k4, batch norm, ReLU) and a
 * two-stage discriminator (conv 64 → conv 128, k4 s2, LeakyReLU 0.2, no batch norm, so one
 * D pass can hold real and fake) → dense logit.
 */
export function cpuDcgan(seed: number, spectralNorm = false, rows = 28, cols = 28, numClasses?: number): DcganModels {
  const imageShape: [number, number, number] = [rows, cols, 1];
  const generator = createDcganGenerator({ imageShape, width: 64, seed, numClasses });
  const discriminator = createDcganDiscriminator({ imageShape, width: 64, normalization: 'none', spectralNorm, seed: seed + 1, numClasses });
  return { generator, discriminator, latentDim: 100, imageShape };
}

export interface RunHooks {
  /** Where lines go (default stdout). */
  write?: (line: string) => void;
  /** Use an existing backend selection instead of selecting one (tests). */
  selection?: BackendSelection;
  /** Force the progress bar on or off (default: on when stdout is a TTY and not --quiet). */
  interactive?: boolean;
}

export async function runDcgan(options: CliOptions, hooks: RunHooks = {}): Promise<RunResult> {
  const write = hooks.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const out = resolve(options.out);
  // One run per output folder: a second one is refused, naming the holder.
  const lock = await lockRun(out);
  if (lock.tookOverFrom) write(`lock: took over ${out} from pid ${lock.tookOverFrom.pid}, which is gone`);
  try {
    return await runLocked(options, out, write, hooks);
  } finally {
    await lock.release();
  }
}

async function runLocked(options: CliOptions, out: string, write: (line: string) => void, hooks: RunHooks): Promise<RunResult> {
  const checkpointDir = join(out, 'checkpoints');
  const sampleDir = join(out, 'samples');
  if (!options.resume && existsSync(checkpointDir) && (await readdir(checkpointDir)).length > 0) {
    throw new Error(`${checkpointDir} already holds checkpoints: pass --resume to continue that run, or choose another --out`);
  }
  const selection = hooks.selection ?? (await selectBackend(options.backend));
  for (const line of describeSelection(selection)) write(line);
  if (selection.tfBackend !== 'tensorflow') {
    const registered = registerTrainingKernels({ backends: [selection.tfBackend] });
    registerReductionGradients();
    write(`kernels: ${registered.map((k) => k.kernelName).join(', ')} on ${selection.tfBackend}; device Mean/Sum gradients; fused Adam; device dropout`);
  }
  const onGpu = selection.backend === 'webgpu' || selection.backend === 'tensorflow-gpu';
  const preset = options.preset ?? (onGpu ? 'tutorial' : 'seed');
  const batchSize = options.batchSize ?? (onGpu ? 256 : 64);

  // mnist -> [n, 28, 28, 1] in [0, 1] -> data-clean audit and clean -> [-1, 1].
  const split = await loadMnist({ dataset: options.dataset, split: 'train', dir: options.dataDir, timeoutMs: 10_000, download: !options.offline, logger: write });
  const count = Math.min(split.count, options.limit ?? split.count);
  const raw = toImageTensor({ ...split, count, images: split.images.subarray(0, count * split.rows * split.cols) }, { pixelRange: 'symmetric' });
  write(`data: ${split.count} ${options.dataset} training images${options.limit ? ` (using the first ${count})` : ''} (${split.rows}x${split.cols}) from ${split.source}`);
  // --conditional: the dataset's labels, kept beside the images through data-clean.
  let labels: tf.Tensor1D | null = options.conditional ? tf.tensor1d(Int32Array.from(split.labels.subarray(0, count)), 'int32') : null;
  let images = raw;
  if (options.clean) {
    const report = await audit(raw, { pixelRange: 'symmetric', checks: dropChecks });
    const kept = clean(raw, report, { drop: dropChecks, ...(labels ? { labels } : {}) });
    images = kept.images;
    if (labels) {
      labels.dispose();
      labels = kept.labels as tf.Tensor1D;
    }
    raw.dispose();
    write(`data-clean: ${JSON.stringify(report.counts)} -> dropped ${count - images.shape[0]}, kept ${images.shape[0]} (${report.seconds.toFixed(1)} s)`);
  }
  if (images.shape[0] < batchSize) throw new Error(`--batch-size must be at most the number of training images (${images.shape[0]}), got ${batchSize}`);
  const numClasses = labels ? 10 : null;
  const data = labels ? tensorBatches(images, { batchSize, dropRemainder: true, labels }) : tensorBatches(images, { batchSize, dropRemainder: true });

  // gan-layers' presets (SeededDropout: masks on the device, random state checkpointed).
  const conditionalOptions = numClasses === null ? {} : { numClasses };
  const models =
    preset === 'tutorial'
      ? tutorialDcgan({ seed: options.seed, ...conditionalOptions })
      : preset === 'seed'
        ? seedDcgan({ seed: options.seed, ...conditionalOptions })
        : cpuDcgan(options.seed, options.spectralNorm, split.rows, split.cols, numClasses ?? undefined);
  if (options.spectralNorm && preset !== 'cpu') write('--spectral-norm applies to the cpu preset only: ignored');
  const epochs = options.epochs ?? (options.steps === undefined && onGpu ? gpuDefaultEpochs : undefined);
  const steps = options.steps ?? (epochs === undefined ? cpuDefaultSteps : undefined);
  const totalSteps = steps ?? (epochs ?? 1) * data.batchesPerEpoch;
  write(
    `model: ${preset} preset (G ${models.generator.countParams().toLocaleString()} / D ${models.discriminator.countParams().toLocaleString()} parameters), ` +
      `batch ${batchSize}, ${steps !== undefined ? `${steps} steps` : `${epochs} epochs`} = ${totalSteps} steps, loss ${options.loss}, ` +
      `augment ${options.augment}, EMA ${options.ema || 'off'}, ${numClasses === null ? 'unconditional' : `conditional on ${numClasses} classes`}, seed ${options.seed}`,
  );
  if (!onGpu && options.steps === undefined && options.epochs === undefined) {
    write(`CPU run: ${cpuDefaultSteps} steps, under 10 minutes on an idle 2-core machine; recognisable digits appear in the grids after a few minutes.`);
  }

  // The TF tutorial's step (one fake batch, both updates from the same networks) with one D
  // pass over real and fake; on a GPU two steps in flight and metrics read every 10 steps.
  // (A minibatch std-dev map needs real and fake in separate D passes.)
  const batchStatistics = models.discriminator.layers.some((layer) => layer.getClassName() === 'MinibatchStdDev');
  const fast = { order: 'simultaneous', mergeDiscriminatorPass: !batchStatistics, inFlight: onGpu ? 2 : 1, metricsEvery: onGpu ? 10 : 1 } as const;
  const step = createGanStep({
    generator: models.generator,
    discriminator: models.discriminator,
    loss: lossFactories[options.loss](),
    gOptimizer: fusedAdam(options.learningRate, 0.5),
    dOptimizer: fusedAdam(options.learningRate, 0.5),
    latentDim: models.latentDim,
    ...(numClasses === null ? {} : { numClasses }),
    augment: options.augment === 'diffaugment' ? diffAugmentation({ policy: ['color', 'translation', 'cutout'] }) : undefined,
    seed: options.seed,
    ...fast,
  });
  write(`step: ${fast.order} updates, ${fast.mergeDiscriminatorPass ? 'one D pass over real and fake' : 'separate D passes over real and fake'}, ${fast.inFlight} in flight, metrics every ${fast.metricsEvery} step(s)`);
  const ema = options.ema > 0 ? createGeneratorEma(models.generator, { decay: options.ema }) : null;
  const generate = (latent: tf.Tensor, labels?: tf.Tensor) => (ema ? ema.generate(latent, labels) : step.generate(latent, labels));
  // Grids: 8 x 8, or for a conditional run 10 x 10 with one class per row.
  const grid = numClasses === null ? { count: 64, columns: 8 } : { count: numClasses * 10, columns: 10 };
  const sampleSeed = 1_000_003 + options.seed;

  // --evaluate-every: FID and class coverage of fixed-latent samples (5,000 by default), into metrics.jsonl.
  const metricsFile = join(out, 'metrics.jsonl');
  let evaluator: EpochEvaluator | null = null;
  if (options.evaluateEvery !== undefined) {
    evaluator = await createEpochEvaluator(options.dataset, (n, s) => step.sampleLatent(n, s), options.evaluateSamples, 9_000_001 + options.seed, numClasses);
    write(`evaluate: FID and class coverage of ${options.evaluateSamples} samples every ${options.evaluateEvery} epoch(s) into ${metricsFile}`);
  }

  const progress = createProgress({ totalSteps, startStep: 0, batchSize, epochs, interactive: hooks.interactive ?? (process.stdout.isTTY === true && !options.quiet), write });
  let lastMetrics = { dLoss: Number.NaN, gLoss: null as number | null };
  let firstStep: number | null = null;
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let result: Awaited<ReturnType<typeof train>>;
  try {
    result = await train({
      step,
      data,
      epochs,
      steps,
      ema: ema ?? false,
      samples: { everyEpochs: 1, every: options.sampleEvery, count: grid.count, columns: grid.columns, padding: 2, directory: sampleDir, seed: sampleSeed },
      checkpoints: { directory: checkpointDir, every: options.checkpointEvery ?? data.batchesPerEpoch, keep: 3, resume: options.resume },
      metricsFile,
      config: { preset, dataset: options.dataset, batchSize, loss: options.loss, augment: options.augment, ema: options.ema, kept: images.shape[0], conditional: numClasses !== null },
      hooks: {
        onStepEnd: ({ step: done, epoch, metrics }) => {
          firstStep ??= done - 1;
          if (metrics) lastMetrics = { dLoss: metrics.dLoss, gLoss: metrics.gLoss };
          progress.update({ step: done, epoch, ...lastMetrics });
        },
        onEpochEnd: async ({ epoch, step: done }) => {
          if (!evaluator || (epoch + 1) % options.evaluateEvery! !== 0) return;
          const score = await evaluator.score(epoch + 1, done, generate);
          await appendFile(metricsFile, `${JSON.stringify(score)}\n`);
          const agreement = score.classAgreement === undefined ? '' : `, ${(100 * score.classAgreement).toFixed(1)} % agree with the requested class`;
          progress.log(`evaluate: epoch ${epoch + 1} (step ${done}): FID ${score.fid.toFixed(2)}, ${score.classesCovered}/10 classes covered${agreement}`);
        },
        onSample: ({ epoch, step: done, path }) => {
          if (epoch !== null) progress.log(`epoch ${epoch} done at step ${done}: D ${lastMetrics.dLoss.toFixed(3)} G ${lastMetrics.gLoss?.toFixed(3) ?? '-'} -> ${path}`);
        },
        onAnomaly: (event) => {
          progress.log(`anomaly at step ${event.step}: ${event.message}; last good checkpoint ${event.lastCheckpoint ?? 'none'}`);
        },
      },
    });
  } finally {
    progress.stop();
    evaluator?.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  const stepsRun = result.step - (firstStep ?? result.step);
  const imagesPerSec = seconds > 0 ? (stepsRun * batchSize) / seconds : 0;
  // Per second of process CPU time (all threads): comparable across loads of a shared machine.
  const cpu = process.cpuUsage(cpuStarted);
  const perCpuSecond = (stepsRun * batchSize) / Math.max(1e-9, (cpu.user + cpu.system) / 1e6);
  write(
    `trained ${stepsRun} steps in ${seconds.toFixed(1)} s (${imagesPerSec.toFixed(1)} images/s, ${perCpuSecond.toFixed(1)} per CPU second): ` +
      `${result.status}${result.resumedFrom ? `, resumed from ${result.resumedFrom}` : ''}`,
  );

  // The final grid (also when the run ended mid-epoch) and the GIF of all epoch grids.
  const fixedLatent = step.sampleLatent(grid.count, sampleSeed);
  const finalGrid = join(out, 'samples-final.png');
  await writeSampleGrid(finalGrid, generate, fixedLatent, grid.columns, numClasses);
  fixedLatent.dispose();
  const gifPath = join(out, 'samples.gif');
  const frames = await writeEpochGif(sampleDir, gifPath);
  write(`samples: ${finalGrid}${frames ? `, ${gifPath} (${frames} epoch grids)` : ''}`);

  // The chart of losses (and FID when --evaluate-every ran) over steps, from the spec the browser example uses.
  const chartPath = join(out, 'training-chart.svg');
  let chart: string | null = null;
  try {
    await writeTrainingChart(metricsFile, chartPath);
    chart = chartPath;
    write(`chart: ${chartPath}`);
  } catch (error) {
    write(`chart: not written (${(error as Error).message})`);
  }

  let samplesPath: string | null = null;
  let quality: GanMetrics | null = null;
  if (options.exportSamples > 0) {
    samplesPath = join(out, 'samples-idx3-ubyte');
    const exported = await exportSamples(samplesPath, generate, (n, s) => step.sampleLatent(n, s), options.exportSamples, 7_000_001 + options.seed, numClasses);
    write(`exported ${options.exportSamples} generated images (uint8 IDX) to ${samplesPath}${exported.labels ? ` and their requested classes to ${labelsPathOf(samplesPath)}` : ''}`);
    if (options.evaluate) {
      quality = await scoreSamples(exported.pixels, split.rows, split.cols, options.dataset, exported.labels);
      write(`evaluate: ${describeScore(quality)}`);
      await writeFileAtomic(join(out, 'quality.json'), `${JSON.stringify(quality, null, 2)}\n`);
    }
  } else if (options.evaluate) {
    write('evaluate: skipped (--export-samples 0: nothing to score)');
  }
  ema?.dispose();
  step.gOptimizer.dispose();
  step.dOptimizer.dispose();
  models.generator.dispose();
  models.discriminator.dispose();
  images.dispose();
  labels?.dispose();
  return {
    backend: selection,
    steps: result.step,
    epochs: result.epoch,
    seconds,
    imagesPerSec,
    out,
    files: { grids: sampleDir, gif: frames ? gifPath : null, metrics: metricsFile, chart, checkpoints: checkpointDir, samples: samplesPath },
    quality,
  };
}
