/**
 * The MNIST DCGAN run: backend -> data (mnist, data-clean, normalize) -> models
 * (gan-layers) + kernels -> gan-train's step and loop -> grids, GIF, samples, quality.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { diffAugment } from '@ganforge/augment';
import { seedDcgan, tutorialDcgan } from '@ganforge/gan-layers';
import {
  createGanStep,
  createGeneratorEma,
  type GanLoss,
  hingeLoss,
  leastSquaresLoss,
  minimaxLoss,
  nonSaturatingLoss,
  relativisticAverageLoss,
  train,
  wassersteinLoss,
} from '@ganforge/gan-train';
import { fusedAdam, registerReductionGradients, registerTrainingKernels } from '@ganforge/kernels';
import { loadMnist } from '@ganforge/mnist';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendSelection, describeSelection, selectBackend } from './backend';
import { loadTrainingData, shuffledBatches } from './data';
import { withDeviceDropout } from './device-dropout';
import { judgeSamples, type SampleQuality, trainDigitClassifier } from './digit-classifier';
import { writeFileAtomic } from './files';
import type { CliOptions, LossName, Preset } from './options';
import { createProgress } from './progress';
import { epochGridName, exportSamples, writeEpochGif, writeSampleGrid } from './samples';

/** Steps of the default CPU run, sized for about 10 minutes with the seed preset on wasm. */
export const cpuDefaultSteps = 1000;
/** Epochs of the default GPU run. */
export const gpuDefaultEpochs = 60;

export interface RunResult {
  backend: BackendSelection;
  steps: number;
  epochs: number;
  seconds: number;
  imagesPerSec: number;
  out: string;
  files: { grids: string; gif: string | null; metrics: string; checkpoints: string; samples: string | null };
  quality: SampleQuality | null;
  classifierAccuracy: number | null;
}

const lossFactories: Record<LossName, () => GanLoss> = {
  'non-saturating': () => nonSaturatingLoss(),
  minimax: () => minimaxLoss(),
  hinge: () => hingeLoss(),
  wasserstein: () => wassersteinLoss(),
  'least-squares': () => leastSquaresLoss(),
  relativistic: () => relativisticAverageLoss(),
};

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
  const checkpointDir = join(out, 'checkpoints');
  const sampleDir = join(out, 'samples');
  if (!options.resume && existsSync(checkpointDir) && (await readdir(checkpointDir)).length > 0) {
    throw new Error(`${checkpointDir} already holds checkpoints: pass --resume to continue that run, or choose another --out`);
  }

  const selection = hooks.selection ?? (await selectBackend(options.backend));
  for (const line of describeSelection(selection)) write(line);
  if (selection.tfBackend !== 'tensorflow') {
    const registered = registerTrainingKernels({ backends: [selection.tfBackend] });
    const gradients = registerReductionGradients();
    write(`kernels: ${registered.map((k) => k.kernelName).join(', ')} on ${selection.tfBackend}; device Mean/Sum gradients${gradients.length ? '' : ' (already)'}; fused Adam; device dropout`);
  }
  const onGpu = selection.backend === 'webgpu' || selection.backend === 'tensorflow-gpu';
  const preset: Preset = options.preset ?? (onGpu ? 'tutorial' : 'seed');
  const batchSize = options.batchSize ?? (onGpu ? 256 : 64);

  const data = await loadTrainingData(options.dataset, { dataDir: options.dataDir, clean: options.clean, limit: options.limit, offline: options.offline, log: write });
  const { split } = data;
  write(`data: ${split.count} ${options.dataset} training images${options.limit ? ` (using the first ${Math.min(options.limit, split.count)})` : ''} (${split.rows}x${split.cols}) from ${split.source}`);
  if (data.flagged) {
    const dropped = Math.min(split.count, options.limit ?? split.count) - data.kept.length;
    write(`data-clean: ${JSON.stringify(data.flagged)} -> dropped ${dropped}, kept ${data.kept.length} (${data.auditSeconds.toFixed(1)} s)`);
  }

  const built = preset === 'tutorial' ? tutorialDcgan({ seed: options.seed }) : seedDcgan({ seed: options.seed });
  // The discriminator's Dropout masks are made on the device (seeded), not in JavaScript.
  const models = { ...built, discriminator: withDeviceDropout(built.discriminator, options.seed + 17) };
  const source = shuffledBatches(data.images, batchSize);
  const epochs = options.epochs ?? (options.steps === undefined && onGpu ? gpuDefaultEpochs : undefined);
  const steps = options.steps ?? (epochs === undefined ? cpuDefaultSteps : undefined);
  const totalSteps = steps ?? (epochs ?? 1) * source.batchesPerEpoch;
  write(
    `model: ${preset} preset (G ${models.generator.countParams().toLocaleString()} / D ${models.discriminator.countParams().toLocaleString()} parameters), ` +
      `batch ${batchSize}, ${steps !== undefined ? `${steps} steps` : `${epochs} epochs`} = ${totalSteps} steps, loss ${options.loss}, ` +
      `augment ${options.augment}, EMA ${options.ema || 'off'}, seed ${options.seed}`,
  );
  if (!onGpu && options.steps === undefined && options.epochs === undefined) {
    write(`CPU run: about 10 minutes (${cpuDefaultSteps} steps); recognisable digits appear in the grids after a few minutes.`);
  }

  const policy = ['color', 'translation', 'cutout'] as const;
  const step = createGanStep({
    generator: models.generator,
    discriminator: models.discriminator,
    loss: lossFactories[options.loss](),
    gOptimizer: fusedAdam(options.learningRate, 0.5),
    dOptimizer: fusedAdam(options.learningRate, 0.5),
    latentDim: models.latentDim,
    augment: options.augment === 'diffaugment' ? (images, { seed }) => diffAugment(images as tf.Tensor4D, { policy, seed }) : undefined,
    seed: options.seed,
  });
  const ema = options.ema > 0 ? createGeneratorEma(models.generator, { decay: options.ema }) : null;
  const generate = (latent: tf.Tensor) => (ema ? ema.generate(latent) : step.generate(latent));
  const fixedLatent = step.sampleLatent(64, 1_000_003 + options.seed);

  const progress = createProgress({
    totalSteps,
    startStep: 0,
    batchSize,
    epochs,
    interactive: hooks.interactive ?? (process.stdout.isTTY === true && !options.quiet),
    write,
  });
  let lastMetrics = { dLoss: Number.NaN, gLoss: null as number | null };
  let firstStep: number | null = null;
  const started = performance.now();
  let result: Awaited<ReturnType<typeof train>>;
  try {
    result = await train({
      step,
      data: source,
      epochs,
      steps,
      ema: ema ?? false,
      samples: options.sampleEvery ? { every: options.sampleEvery, count: 64, columns: 8, directory: sampleDir, seed: options.seed } : false,
      checkpoints: {
        directory: checkpointDir,
        every: options.checkpointEvery ?? source.batchesPerEpoch,
        keep: 3,
        resume: options.resume,
      },
      metricsFile: join(out, 'metrics.jsonl'),
      config: { preset, dataset: options.dataset, batchSize, loss: options.loss, augment: options.augment, ema: options.ema, kept: data.kept.length },
      hooks: {
        onStepEnd: ({ step: done, epoch, metrics }) => {
          firstStep ??= done - 1;
          lastMetrics = { dLoss: metrics.dLoss, gLoss: metrics.gLoss };
          progress.update({ step: done, epoch, dLoss: metrics.dLoss, gLoss: metrics.gLoss });
        },
        onEpochEnd: async ({ epoch, step: done }) => {
          const path = join(sampleDir, epochGridName(epoch + 1));
          await writeSampleGrid(path, generate, fixedLatent);
          progress.log(`epoch ${epoch + 1} done at step ${done}: D ${lastMetrics.dLoss.toFixed(3)} G ${lastMetrics.gLoss?.toFixed(3) ?? '-'} -> ${path}`);
        },
        onAnomaly: (event) => {
          progress.log(`anomaly at step ${event.step}: ${event.message}; last good checkpoint ${event.lastCheckpoint ?? 'none'}`);
        },
      },
    });
  } finally {
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const stepsRun = result.step - (firstStep ?? result.step);
  const imagesPerSec = seconds > 0 ? (stepsRun * batchSize) / seconds : 0;
  write(`trained ${stepsRun} steps in ${seconds.toFixed(1)} s (${imagesPerSec.toFixed(1)} images/s): ${result.status}${result.resumedFrom ? `, resumed from ${result.resumedFrom}` : ''}`);

  // The final grid (also when the run ended mid-epoch) and the GIF of all epoch grids.
  const finalGrid = join(out, 'samples-final.png');
  await writeSampleGrid(finalGrid, generate, fixedLatent);
  const gifPath = join(out, 'samples.gif');
  const frames = await writeEpochGif(sampleDir, gifPath);
  write(`samples: ${finalGrid}${frames ? `, ${gifPath} (${frames} epoch grids)` : ''}`);

  let samplesPath: string | null = null;
  let quality: SampleQuality | null = null;
  let classifierAccuracy: number | null = null;
  if (options.exportSamples > 0) {
    samplesPath = join(out, 'samples-idx3-ubyte');
    const pixels = await exportSamples(samplesPath, generate, (n, s) => step.sampleLatent(n, s), options.exportSamples, 7_000_001 + options.seed);
    write(`exported ${options.exportSamples} generated digits (uint8 IDX) to ${samplesPath}`);
    if (options.evaluate) {
      const judged = await evaluateSamples(pixels, split.rows * split.cols, options.dataDir, write, options.offline);
      quality = judged.quality;
      classifierAccuracy = judged.accuracy;
      await writeFileAtomic(join(out, 'quality.json'), `${JSON.stringify({ ...quality, classifierAccuracy }, null, 2)}\n`);
    }
  }
  fixedLatent.dispose();
  ema?.dispose();
  result.ema?.dispose?.();
  step.gOptimizer.dispose();
  step.dOptimizer.dispose();
  models.generator.dispose();
  models.discriminator.dispose();
  if (built.discriminator !== models.discriminator) built.discriminator.dispose();
  data.images.dispose();
  return {
    backend: selection,
    steps: result.step,
    epochs: result.epoch,
    seconds,
    imagesPerSec,
    out,
    files: { grids: sampleDir, gif: frames ? gifPath : null, metrics: join(out, 'metrics.jsonl'), checkpoints: checkpointDir, samples: samplesPath },
    quality,
    classifierAccuracy,
  };
}

/**
 * Trains the digit classifier on real MNIST digits (the training split the loader
 * finds: the embedded 10,000 offline) and judges `samples` with it.
 */
export async function evaluateSamples(
  samples: Uint8Array,
  pixels: number,
  dataDir: string | undefined,
  write: (line: string) => void,
  offline = false,
): Promise<{ quality: SampleQuality; accuracy: number }> {
  const real = await loadMnist({ dataset: 'mnist', split: 'train', dir: dataDir, timeoutMs: 10_000, download: !offline, logger: write });
  write(`evaluate: training a digit classifier on ${real.count} real digits (${real.source}) ...`);
  const classifier = await trainDigitClassifier(real.images, real.labels, pixels);
  write(`evaluate: classifier accuracy on ${classifier.heldOutCount} held-out real digits: ${(classifier.heldOutAccuracy * 100).toFixed(1)} %`);
  const quality = await judgeSamples(classifier.model, samples, pixels);
  classifier.model.dispose();
  write(
    `evaluate: ${(quality.confidentShare * 100).toFixed(1)} % of ${quality.count} samples classified with confidence >= ${quality.threshold}; ` +
      `classes ${quality.histogram.map((n, d) => `${d}:${n}`).join(' ')}`,
  );
  return { quality, accuracy: classifier.heldOutAccuracy };
}
