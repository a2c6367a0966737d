import { join } from 'node:path';
import { writeFileAtomic } from '@ganforge/internal/node';
import * as tf from '@tensorflow/tfjs-core';
import { type BatchSource, tensorBatches } from './batch-source';
import { type CheckpointManagerOptions, createCheckpointManager, type TrainProgress } from './checkpoint-manager';
import { OptionError, ShapeError } from './errors';
import type { GanStep, LabelledBatch, StepMetrics } from './gan-step';
import { createGeneratorEma, type GeneratorEma, type GeneratorEmaOptions } from './generator-ema';
import { encodePng, imageGrid } from './image-grid';
import type { LearningRateSchedule } from './learning-rate-schedules';
import { checkKeys, checkNumber, describeShape, describeValue, isNonNegative, isPositiveInteger } from './internal/checks';
import { openMetricsLog } from './internal/metrics-log';
import { sumTensors } from './internal/sum-tensors';
import { getLearningRate, setLearningRate } from './internal/optimizer-utils';
import { sampleDiversity } from './sample-diversity';

/**
 * Passed to {@link TrainHooks.onStepEnd}.
 *
 * @example
 * hooks: { onStepEnd: ({ step, metrics }) => { if (step % 100 === 0) console.log(step, metrics.dLoss); } }
 */
export interface StepEndEvent {
  /** Completed steps, this one included. */
  step: number;
  epoch: number;
  /** Next batch index in the epoch. */
  cursor: number;
  /** The step's metrics, or null on steps that skipped the read-back (the step's `metricsEvery`). */
  metrics: StepMetrics | null;
  learningRates: { generator: number | null; discriminator: number | null };
}

/**
 * Passed to {@link TrainHooks.onEpochEnd}.
 *
 * @example
 * hooks: { onEpochEnd: ({ epoch, step }) => console.log(`epoch ${epoch} done at step ${step}`) }
 */
export interface EpochEndEvent {
  /** The epoch that just finished (0-based). */
  epoch: number;
  step: number;
}

/**
 * Passed to {@link TrainHooks.onSample}.
 *
 * @example
 * hooks: { onSample: ({ step, png }) => uploadPreview(step, png) }
 */
export interface SampleEvent {
  step: number;
  /** The epoch just completed (1-based) for a grid of `samples.everyEpochs`, else null. */
  epoch: number | null;
  /** The sample grid as PNG bytes. */
  png: Uint8Array;
  /** Where it was written, or null without `samples.directory`. */
  path: string | null;
  width: number;
  height: number;
}

/**
 * Passed to {@link TrainHooks.onCheckpoint}.
 *
 * @example
 * hooks: { onCheckpoint: ({ path }) => console.log('saved', path) }
 */
export interface CheckpointEvent {
  step: number;
  path: string;
}

/**
 * What the divergence guard detected.
 *
 * @example
 * if (event.kind === 'modeCollapse') console.warn(event.value);
 */
export type AnomalyKind = 'nonFiniteLoss' | 'nonFiniteWeights' | 'modeCollapse';

/**
 * Passed to {@link TrainHooks.onAnomaly}.
 *
 * @example
 * hooks: { onAnomaly: (event) => (event.kind === 'modeCollapse' ? 'continue' : 'stop') }
 */
export interface AnomalyEvent {
  kind: AnomalyKind;
  step: number;
  message: string;
  /** The offending value: sample diversity for mode collapse, else null. */
  value: number | null;
  metrics: StepMetrics | null;
  /** The newest checkpoint written before the anomaly (kept), or null. */
  lastCheckpoint: string | null;
}

/**
 * Typed callbacks of {@link train}; each may be async and is awaited.
 *
 * @example
 * await train({ step, data, steps: 1000, hooks: { onStepEnd: (e) => log(e.metrics), onAnomaly: () => 'stop' } });
 */
export interface TrainHooks {
  onStepEnd?(event: StepEndEvent): void | Promise<void>;
  onEpochEnd?(event: EpochEndEvent): void | Promise<void>;
  onSample?(event: SampleEvent): void | Promise<void>;
  onCheckpoint?(event: CheckpointEvent): void | Promise<void>;
  /** Return `'stop'` or `'continue'` to override `guard.stopOnAnomaly`. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook may return nothing.
  onAnomaly?(event: AnomalyEvent): void | 'stop' | 'continue' | Promise<void | 'stop' | 'continue'>;
}

/**
 * Sample grids from fixed noise.
 *
 * @example
 * samples: { every: 500, count: 64, columns: 8, directory: './runs/a/samples' }
 */
export interface SampleOptions {
  /** Steps between grids (`step-000000100.png`). At least one of `every` and `everyEpochs`. */
  every?: number;
  /** Epochs between grids, written when an epoch completes (`epoch-0001.png`, 1-based). */
  everyEpochs?: number;
  /** Samples per grid. Default 16. */
  count?: number;
  /** Grid columns. Default `ceil(sqrt(count))`. A conditional step's grid holds one class per row (row r: class `r % numClasses`). */
  columns?: number;
  /** Seed of the fixed latent noise (not drawn from the run's stream). Default 1. */
  seed?: number;
  /** Folder for the `step-000000100.png` and `epoch-0001.png` files. Default none (only `onSample`). */
  directory?: string;
  /** Shape `[h, w, c]` to reshape flat generator outputs to. Default: rank-4 outputs as they are, `[n, d]` as 1×d grey strips. */
  imageShape?: [number, number, number];
  /** Pixel range of the generator's output. Default `[-1, 1]`. */
  pixelRange?: [number, number];
  /** Pixels between grid cells. Default 1. */
  padding?: number;
}

/**
 * Checkpointing.
 *
 * @example
 * checkpoints: { directory: './runs/a/checkpoints', every: 1000, keep: 3 }
 */
export interface CheckpointOptions extends CheckpointManagerOptions {
  /** Folder of the run's checkpoints. */
  directory: string;
  /** Steps between checkpoints; one is also written at the end. */
  every: number;
  /** Resume from the newest checkpoint in `directory` when there is one. Default true. */
  resume?: boolean;
}

/**
 * The divergence guard.
 *
 * @example
 * guard: { minDiversity: 0.05, every: 200 }
 */
export interface GuardOptions {
  /** Sample diversity (see {@link sampleDiversity}) below which the generator counts as collapsed. Default 0.01. */
  minDiversity?: number;
  /** Steps between diversity checks. Default `samples.every`, else 100. */
  every?: number;
  /** Samples per diversity check, from the fixed noise. Default 16. */
  count?: number;
  /** Stop training on an anomaly (unless `onAnomaly` answers otherwise). Default true. */
  stopOnAnomaly?: boolean;
}

/**
 * Options of {@link train}.
 *
 * @example
 * await train({ step, data: images, batchSize: 64, epochs: 10 });
 */
export interface TrainOptions {
  /** The step to run, from {@link createGanStep}; its random stream also orders the data. */
  step: GanStep;
  /** Batches: a {@link BatchSource} (of images, or of `{ images, labels }` for a conditional step), or a tensor `[n, ...]` split with {@link tensorBatches} (then give `batchSize`). */
  data: BatchSource<tf.Tensor | LabelledBatch> | tf.Tensor;
  /** Batch size when `data` is a tensor. */
  batchSize?: number;
  /** Train until this many epochs are complete. At least one of `epochs` and `steps`. */
  epochs?: number;
  /** Train until this many steps are complete (counting steps before a resume). */
  steps?: number;
  hooks?: TrainHooks;
  /** Keep an EMA of the generator: options for {@link createGeneratorEma}, or your own EMA. Default false. */
  ema?: GeneratorEmaOptions | GeneratorEma | false;
  /** Sample grids. Default false. */
  samples?: SampleOptions | false;
  /** Checkpoints. Default false. */
  checkpoints?: CheckpointOptions | false;
  /** Learning-rate schedules, applied before each step. Default none (the optimizers' own rates). */
  learningRates?: { generator?: LearningRateSchedule; discriminator?: LearningRateSchedule };
  /** Append one JSON line of metrics per step to this file. Default none. */
  metricsFile?: string;
  /** Divergence guard: non-finite losses or weights, collapsed sample diversity. Default `{}` (on); false turns it off. */
  guard?: GuardOptions | false;
  /** Extra configuration saved in checkpoints and compared on resume (JSON). Default `{}`. */
  config?: Record<string, unknown>;
}

/**
 * What {@link train} resolves to.
 *
 * @example
 * const { status, step, lastCheckpoint, ema } = await train({ ... });
 * if (status === 'stopped') console.error('diverged; last good checkpoint:', lastCheckpoint);
 */
export interface TrainResult {
  /** `'completed'` when `epochs`/`steps` were reached, `'stopped'` after an anomaly. */
  status: 'completed' | 'stopped';
  step: number;
  epoch: number;
  anomaly: AnomalyEvent | null;
  /** The newest checkpoint, or null. On an anomaly, the last one written before it. */
  lastCheckpoint: string | null;
  /** The generator EMA (created by `train` when `ema` was options: dispose it), or null. */
  ema: GeneratorEma | null;
  /** Metrics of the last step, or null when no step ran. */
  metrics: StepMetrics | null;
  /** Whether training resumed from a checkpoint. */
  resumedFrom: string | null;
}

const TRAIN_KEYS: (keyof TrainOptions)[] = [
  'step',
  'data',
  'batchSize',
  'epochs',
  'steps',
  'hooks',
  'ema',
  'samples',
  'checkpoints',
  'learningRates',
  'metricsFile',
  'guard',
  'config',
];

function isEma(value: unknown): value is GeneratorEma {
  return value !== null && typeof value === 'object' && typeof (value as GeneratorEma).update === 'function' && typeof (value as GeneratorEma).variables === 'function';
}

function nonFinite(metrics: StepMetrics): string[] {
  const entries: [string, number | null][] = [
    ['dLoss', metrics.dLoss],
    ['gLoss', metrics.gLoss],
    ['dReal', metrics.dReal],
    ['dFake', metrics.dFake],
    ['dGradNorm', metrics.dGradNorm],
    ['gGradNorm', metrics.gGradNorm],
    ...Object.entries(metrics.penalties).map(([k, v]) => [`penalties.${k}`, v] as [string, number]),
  ];
  return entries.filter(([, v]) => v !== null && !Number.isFinite(v)).map(([k, v]) => `${k} = ${v}`);
}

async function weightsFinite(variables: tf.Variable[]): Promise<boolean> {
  if (variables.length === 0) return true;
  // sum(x·0) is NaN exactly when some x is NaN or ±Infinity; works on every backend.
  const probe = tf.tidy(() => sumTensors(variables.map((v) => tf.sum(tf.mul(v, 0)))));
  try {
    return Number.isFinite((await probe.data())[0]);
  } finally {
    probe.dispose();
  }
}

function toImages(samples: tf.Tensor, imageShape: [number, number, number] | undefined): tf.Tensor4D {
  if (imageShape) return tf.reshape(samples, [samples.shape[0]!, ...imageShape]);
  if (samples.rank === 4) return samples as tf.Tensor4D;
  if (samples.rank === 2) return tf.reshape(samples, [samples.shape[0]!, 1, samples.shape[1]!, 1]);
  throw new ShapeError({ functionName: 'train', argument: 'generator output', expected: 'NHWC images [n, h, w, c], flat samples [n, d], or options.samples.imageShape', actual: describeShape(samples.shape) });
}

/**
 * Runs a GAN training loop around a {@link GanStep}: batches from `data` in a seeded
 * order, learning-rate schedules, an EMA of the generator, sample grids from fixed
 * noise (PNG), metrics as JSON lines, typed hooks, atomic checkpoints (keep-last-N,
 * resume from the latest with the configuration checked) and a divergence guard that
 * stops on non-finite losses or weights or collapsed sample diversity, keeping the last
 * good checkpoint. Every random draw comes from the step's {@link RandomStream}, whose
 * state is checkpointed: resuming gives the same weights, bit for bit, as not stopping.
 *
 * @example
 * const result = await train({
 *   step, data: tensorBatches(images, { batchSize: 64 }), steps: 10_000,
 *   ema: { decay: 0.999 },
 *   samples: { every: 500, directory: './runs/a/samples' },
 *   checkpoints: { directory: './runs/a/checkpoints', every: 1000, keep: 3 },
 *   metricsFile: './runs/a/metrics.jsonl',
 *   hooks: { onStepEnd: ({ step, metrics }) => { if (step % 100 === 0) console.log(step, metrics.dLoss, metrics.gLoss); } },
 * });
 * result.ema?.dispose();
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const fn = 'train';
  if (options === null || typeof options !== 'object') {
    throw new OptionError({ functionName: fn, argument: 'options', expected: 'an options object', actual: describeValue(options) });
  }
  checkKeys(fn, options, TRAIN_KEYS);
  const { step, hooks = {} } = options;
  checkKeys(fn, hooks, ['onStepEnd', 'onEpochEnd', 'onSample', 'onCheckpoint', 'onAnomaly'], { argument: 'options.hooks' });
  if (typeof step !== 'function' || typeof step.getState !== 'function' || !step.adapters) {
    throw new OptionError({ functionName: fn, argument: 'options.step', expected: 'a GanStep from createGanStep()', actual: describeValue(step) });
  }
  if (options.epochs === undefined && options.steps === undefined) {
    throw new OptionError({ functionName: fn, argument: 'options.epochs / options.steps', expected: 'at least one of them', actual: 'neither' });
  }
  const epochs = options.epochs === undefined ? undefined : checkNumber(fn, 'options.epochs', options.epochs, (x) => Number.isInteger(x) && x >= 0, 'a non-negative integer');
  const steps = options.steps === undefined ? undefined : checkNumber(fn, 'options.steps', options.steps, (x) => Number.isInteger(x) && x >= 0, 'a non-negative integer');
  let source: BatchSource<tf.Tensor | LabelledBatch>;
  if (options.data instanceof tf.Tensor) {
    if (options.batchSize === undefined) {
      throw new OptionError({ functionName: fn, argument: 'options.batchSize', expected: 'a positive integer when data is a tensor', actual: 'undefined' });
    }
    source = tensorBatches(options.data, { batchSize: options.batchSize });
  } else if (options.data !== null && typeof options.data === 'object' && typeof options.data.batch === 'function') {
    source = options.data;
  } else {
    throw new OptionError({ functionName: fn, argument: 'options.data', expected: 'a BatchSource ({ batchesPerEpoch, batch(index, { epoch, seed }) }) or a tensor', actual: describeValue(options.data) });
  }
  const batchesPerEpoch = checkNumber(fn, 'options.data.batchesPerEpoch', source.batchesPerEpoch, isPositiveInteger, 'a positive integer');

  const samples = options.samples ? checkKeys(fn, options.samples, ['every', 'everyEpochs', 'count', 'columns', 'seed', 'directory', 'imageShape', 'pixelRange', 'padding'], { argument: 'options.samples' }) : null;
  if (samples) {
    if (samples.every === undefined && samples.everyEpochs === undefined) {
      throw new OptionError({ functionName: fn, argument: 'options.samples.every / options.samples.everyEpochs', expected: 'at least one of them', actual: 'neither' });
    }
    if (samples.every !== undefined) checkNumber(fn, 'options.samples.every', samples.every, isPositiveInteger, 'a positive integer');
    if (samples.everyEpochs !== undefined) checkNumber(fn, 'options.samples.everyEpochs', samples.everyEpochs, isPositiveInteger, 'a positive integer');
  }
  const sampleCount = samples ? checkNumber(fn, 'options.samples.count', samples.count ?? 16, isPositiveInteger, 'a positive integer') : 0;
  if (samples?.columns !== undefined) checkNumber(fn, 'options.samples.columns', samples.columns, isPositiveInteger, 'a positive integer');
  const guard = options.guard === false ? null : checkKeys(fn, options.guard ?? {}, ['minDiversity', 'every', 'count', 'stopOnAnomaly'], { argument: 'options.guard' });
  const minDiversity = guard ? checkNumber(fn, 'options.guard.minDiversity', guard.minDiversity ?? 0.01, isNonNegative, 'a finite number >= 0') : 0;
  const guardEvery = guard ? checkNumber(fn, 'options.guard.every', guard.every ?? samples?.every ?? 100, isPositiveInteger, 'a positive integer') : 0;
  const guardCount = guard ? checkNumber(fn, 'options.guard.count', guard.count ?? 16, (x) => Number.isInteger(x) && x >= 2, 'an integer >= 2') : 0;
  const stopOnAnomaly = guard?.stopOnAnomaly ?? true;
  const checkpoints = options.checkpoints ? checkKeys(fn, options.checkpoints, ['directory', 'every', 'resume', 'keep', 'onBeforeCommit'], { argument: 'options.checkpoints' }) : null;
  if (checkpoints) checkNumber(fn, 'options.checkpoints.every', checkpoints.every, isPositiveInteger, 'a positive integer');
  const manager = checkpoints ? createCheckpointManager(checkpoints.directory, { keep: checkpoints.keep, onBeforeCommit: checkpoints.onBeforeCommit }) : null;
  const schedules = checkKeys(fn, options.learningRates ?? {}, ['generator', 'discriminator'], { argument: 'options.learningRates' });
  for (const key of ['generator', 'discriminator'] as const) {
    if (schedules[key] !== undefined && typeof schedules[key] !== 'function') {
      throw new OptionError({ functionName: fn, argument: `options.learningRates.${key}`, expected: 'a function (step) => learning rate', actual: describeValue(schedules[key]) });
    }
  }
  const scheduled = (key: 'generator' | 'discriminator', at: number): number => {
    const rate = schedules[key]!(at);
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0) {
      throw new OptionError({ functionName: fn, argument: `options.learningRates.${key}(${at})`, expected: 'a finite learning rate >= 0', actual: describeValue(rate) });
    }
    return rate;
  };

  const ownsEma = !!options.ema && !isEma(options.ema);
  const ema: GeneratorEma | null = !options.ema ? null : isEma(options.ema) ? options.ema : createGeneratorEma(step.generator, options.ema);
  const config = { ...(options.config ?? {}), data: { batchesPerEpoch } };

  try {
    let progress: TrainProgress = { step: 0, epoch: 0, cursor: 0, epochSeed: null };
    let lastCheckpoint: string | null = null;
    let resumedFrom: string | null = null;
    let lastMetrics: StepMetrics | null = null;
    if (manager && (checkpoints!.resume ?? true)) {
      const latest = await manager.latest();
      if (latest !== null) {
        const restored = await manager.restore({ step, ema, config }, latest);
        progress = { ...restored.progress };
        lastMetrics = restored.metrics;
        lastCheckpoint = latest;
        resumedFrom = latest;
      }
    }
    const log = options.metricsFile ? await openMetricsLog(options.metricsFile, resumedFrom === null ? null : progress.step) : null;
    let lastSavedStep = resumedFrom === null ? -1 : progress.step;
    let anomaly: AnomalyEvent | null = null;

    const raise = async (kind: AnomalyKind, message: string, value: number | null, atStep = progress.step): Promise<boolean> => {
      anomaly = { kind, step: atStep, message, value, metrics: lastMetrics, lastCheckpoint };
      const answer = await hooks.onAnomaly?.(anomaly);
      const stop = answer === 'stop' ? true : answer === 'continue' ? false : stopOnAnomaly;
      if (!stop) anomaly = null;
      return stop;
    };
    const saveCheckpoint = async (): Promise<boolean> => {
      const variables = [...step.adapters.generator.stateVariables(), ...step.adapters.discriminator.stateVariables(), ...(ema ? ema.variables() : [])].map((v) => v.variable);
      if (guard && !(await weightsFinite(variables))) {
        return raise('nonFiniteWeights', `train: model weights must be finite to checkpoint, got NaN or Infinity at step ${progress.step}`, null);
      }
      const path = await manager!.save({ step, ema, progress, config, metrics: lastMetrics });
      lastCheckpoint = path;
      lastSavedStep = progress.step;
      await hooks.onCheckpoint?.({ step: progress.step, path });
      return false;
    };
    const fixedLatent = (count: number) => step.sampleLatent(count, samples?.seed ?? 1);
    // Conditional grids: one class per row (0, 1, ... from the top), so the rows compare.
    const numClasses = step.numClasses ?? null;
    const gridColumns = samples ? (samples.columns ?? Math.ceil(Math.sqrt(sampleCount))) : 1;
    const gridLabels = (count: number) =>
      numClasses === null ? undefined : step.sampleLabels(count, { classes: Array.from({ length: count }, (_, i) => Math.floor(i / gridColumns) % numClasses) });
    const writeSamples = async (epoch: number | null) => {
      const latent = fixedLatent(sampleCount);
      const labels = gridLabels(sampleCount);
      const grid = tf.tidy(() => {
        const out = ema ? ema.generate(latent, labels) : step.generate(latent, labels);
        return imageGrid(toImages(out, samples!.imageShape), { columns: gridColumns, pixelRange: samples!.pixelRange, padding: samples!.padding });
      });
      tf.dispose([latent, labels].filter((t) => t !== undefined));
      let png: Uint8Array;
      try {
        png = await encodePng(grid, { pixelRange: samples!.pixelRange });
      } finally {
        grid.dispose();
      }
      const name = epoch === null ? `step-${String(progress.step).padStart(9, '0')}.png` : `epoch-${String(epoch).padStart(4, '0')}.png`;
      const path = samples!.directory ? join(samples!.directory, name) : null;
      if (path) await writeFileAtomic(path, png);
      await hooks.onSample?.({ step: progress.step, epoch, png, path, width: grid.shape[1], height: grid.shape[0] });
    };
    const checkDiversity = async (): Promise<boolean> => {
      const latent = fixedLatent(guardCount);
      const labels = gridLabels(guardCount);
      const diversity = tf.tidy(() => sampleDiversity(step.generate(latent, labels)));
      tf.dispose([latent, labels].filter((t) => t !== undefined));
      const value = (await diversity.data())[0]!;
      diversity.dispose();
      if (value < minDiversity) {
        return raise('modeCollapse', `train: sample diversity must be >= ${minDiversity}, got ${value} at step ${progress.step} (mode collapse)`, value);
      }
      return false;
    };
    const done = () => (steps !== undefined && progress.step >= steps) || (epochs !== undefined && progress.epoch >= epochs);

    // Steps enqueued on the device whose metrics are not handled yet (at most step.inFlight).
    interface Pending {
      promise: Promise<StepMetrics | null>;
      step: number;
      epoch: number;
      cursor: number;
      learningRates: StepEndEvent['learningRates'];
    }
    const queue: Pending[] = [];
    /** Handles the oldest queued step: metrics log, hook, loss guard. True = stop. */
    const settle = async (entry: Pending): Promise<boolean> => {
      const metrics = await entry.promise;
      if (metrics) {
        lastMetrics = metrics;
        await log?.({ step: entry.step, epoch: entry.epoch, ...metrics, learningRates: entry.learningRates });
      }
      await hooks.onStepEnd?.({ step: entry.step, epoch: entry.epoch, cursor: entry.cursor, metrics, learningRates: entry.learningRates });
      const bad = guard && metrics ? nonFinite(metrics) : [];
      return bad.length > 0 && (await raise('nonFiniteLoss', `train: losses must be finite, got ${bad.join(', ')} at step ${entry.step}`, null, entry.step));
    };
    const drain = async (keep = 0): Promise<boolean> => {
      while (queue.length > keep) {
        if (await settle(queue.shift()!)) {
          await Promise.allSettled(queue.splice(0).map((e) => e.promise));
          return true;
        }
      }
      return false;
    };
    const inFlight = step.inFlight ?? 1;
    const generatorUpdates = () => step.getState().gUpdates;

    let stopped = false;
    try {
      while (!stopped && !done()) {
        if (progress.epochSeed === null) progress.epochSeed = step.random.nextSeed();
        if (schedules.generator) setLearningRate(step.gOptimizer, scheduled('generator', progress.step));
        if (schedules.discriminator) setLearningRate(step.dOptimizer, scheduled('discriminator', progress.step));
        const batch = await source.batch(progress.cursor, { epoch: progress.epoch, seed: progress.epochSeed });
        const before = ema ? generatorUpdates() : 0;
        let promise: Promise<StepMetrics | null>;
        try {
          // Enqueues the whole step on the device; its metrics are read when it settles.
          promise = step(batch);
        } finally {
          if (batch instanceof tf.Tensor) {
            if (batch !== options.data) batch.dispose();
          } else if (batch !== null && typeof batch === 'object') {
            tf.dispose([batch.images, batch.labels].filter((t) => t instanceof tf.Tensor));
          }
        }
        promise.catch(() => undefined);
        if (ema && generatorUpdates() !== before) ema.update();
        progress.step++;
        progress.cursor++;
        queue.push({
          promise,
          step: progress.step,
          epoch: progress.epoch,
          cursor: progress.cursor,
          learningRates: { generator: getLearningRate(step.gOptimizer), discriminator: getLearningRate(step.dOptimizer) },
        });
        const epochEnded = progress.cursor >= batchesPerEpoch;
        const finishedEpoch = progress.epoch;
        const sampleAtStep = !!samples?.every && progress.step % samples.every === 0;
        const sampleAtEpoch = epochEnded && !!samples?.everyEpochs && (finishedEpoch + 1) % samples.everyEpochs === 0;
        const checkDiversityNow = !!guard && progress.step % guardEvery === 0;
        const checkpointNow = !!manager && progress.step % checkpoints!.every === 0;
        const syncPoint = epochEnded || sampleAtStep || sampleAtEpoch || checkDiversityNow || checkpointNow || done();
        if (await drain(syncPoint ? 0 : inFlight - 1)) {
          stopped = true;
          break;
        }
        if (epochEnded) {
          progress = { step: progress.step, epoch: finishedEpoch + 1, cursor: 0, epochSeed: null };
          await hooks.onEpochEnd?.({ epoch: finishedEpoch, step: progress.step });
        }
        if (sampleAtStep) await writeSamples(null);
        if (sampleAtEpoch) await writeSamples(finishedEpoch + 1);
        if (checkDiversityNow && (await checkDiversity())) {
          stopped = true;
          break;
        }
        if (checkpointNow && (await saveCheckpoint())) {
          stopped = true;
          break;
        }
      }
    } finally {
      if (queue.length > 0) await Promise.allSettled(queue.splice(0).map((e) => e.promise));
    }
    if (!stopped && manager && lastSavedStep !== progress.step && (await saveCheckpoint())) stopped = true;
    return { status: stopped ? 'stopped' : 'completed', step: progress.step, epoch: progress.epoch, anomaly, lastCheckpoint, ema, metrics: lastMetrics, resumedFrom };
  } catch (error) {
    if (ownsEma) ema?.dispose();
    throw error;
  }
}
