/**
 * One training run in the page: gan-layers' DCGAN preset, gan-train's step (the
 * Node CLI's fast options: simultaneous updates, one D pass over real and fake),
 * @ganforge/kernels' fused Adam, batches from gan-train's tensorBatches, and the
 * loop of gan-train's `train` (epoch seeds from the step's stream, a data cursor)
 * kept here because `train` writes files (Node-only). Samples, FID (gan-metrics)
 * and IndexedDB checkpoints at fixed step intervals.
 */
import { augmentationFromJSON } from '@ganforge/augment';
import { type DcganModels, seedDcgan, tutorialDcgan } from '@ganforge/gan-layers';
import { scoreImages } from '@ganforge/gan-metrics';
import { type BatchSource, createGanStep, type GanStep, nonSaturatingLoss, tensorBatches } from '@ganforge/gan-train';
import { fusedAdam } from '@ganforge/kernels';
import * as tf from '@tensorflow/tfjs-core';
import { type MetricsRow, type RunProgress, type RunSettings, restoreCheckpoint, saveCheckpoint } from './checkpoint';

/** Seed of the fixed latent batch of the sample grid (the CLI's `1_000_003 + seed`). */
const sampleSeed = (seed: number) => 1_000_003 + seed;
/** Seed of the FID samples. */
const fidSeed = (seed: number) => 7_000_001 + seed;

export interface SessionHooks {
  /** After each step (metrics, images/s over the recent steps). */
  onStep(row: MetricsRow, imagesPerSec: number, progress: RunProgress): void;
  /** A new FID value. */
  onFid(row: MetricsRow): void;
  /** The sample grid's images, NHWC in [-1, 1] (disposed after the call resolves). */
  onSamples(images: tf.Tensor4D): Promise<void>;
  /** A checkpoint went to IndexedDB. */
  onCheckpoint(progress: RunProgress): void;
}

export interface SessionIntervals {
  samplesEvery: number;
  fidEvery: number;
  fidCount: number;
  checkpointEvery: number;
  /** Steps in flight and metric read-back interval (1 and 1 on wasm). */
  inFlight: number;
  metricsEvery: number;
}

export class TrainingSession {
  readonly models: DcganModels;
  readonly step: GanStep;
  readonly data: BatchSource;
  progress: RunProgress = { step: 0, epoch: 0, cursor: 0, epochSeed: null };
  rows: MetricsRow[] = [];
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly latent: tf.Tensor2D;
  /** [time ms, images] of the recent steps, for images/s. */
  private recent: [number, number][] = [];

  constructor(
    readonly settings: RunSettings,
    images: tf.Tensor4D,
    private readonly hooks: SessionHooks,
    private readonly intervals: SessionIntervals,
  ) {
    this.models = settings.preset === 'tutorial' ? tutorialDcgan({ seed: settings.seed }) : seedDcgan({ seed: settings.seed });
    this.step = createGanStep({
      generator: this.models.generator,
      discriminator: this.models.discriminator,
      loss: nonSaturatingLoss(),
      gOptimizer: fusedAdam(settings.learningRate, 0.5),
      dOptimizer: fusedAdam(settings.learningRate, 0.5),
      latentDim: this.models.latentDim,
      augment: settings.augmentation ? augmentationFromJSON(settings.augmentation as never) : undefined,
      seed: settings.seed,
      order: 'simultaneous',
      mergeDiscriminatorPass: true,
      inFlight: intervals.inFlight,
      metricsEvery: intervals.metricsEvery,
    });
    this.data = tensorBatches(images, { batchSize: settings.batchSize, dropRemainder: true });
    this.latent = this.step.sampleLatent(64, sampleSeed(settings.seed));
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Restores the IndexedDB checkpoint into this session (built with its settings). */
  async restore(): Promise<void> {
    const loaded = await restoreCheckpoint(this.step);
    this.progress = loaded.progress;
    this.rows = loaded.rows;
  }

  async save(): Promise<void> {
    await saveCheckpoint(this.step, { ...this.progress }, this.settings, this.rows);
    this.hooks.onCheckpoint({ ...this.progress });
  }

  async drawSamples(): Promise<void> {
    const images = tf.tidy(() => this.step.generate(this.latent) as tf.Tensor4D);
    try {
      await this.hooks.onSamples(images);
    } finally {
      images.dispose();
    }
  }

  /** FID of `fidCount` samples against gan-metrics' shipped MNIST reference. */
  async fid(): Promise<number> {
    const count = this.intervals.fidCount;
    const latent = this.step.sampleLatent(count, fidSeed(this.settings.seed));
    const samples = tf.tidy(() => this.step.generate(latent) as tf.Tensor4D);
    latent.dispose();
    try {
      const scores = await scoreImages(samples, { pixelRange: 'symmetric', metrics: ['fid'], reference: 'mnist', batchSize: 250 });
      return scores.fid ?? Number.NaN;
    } finally {
      samples.dispose();
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.recent = [];
    this.loop = this.run().finally(() => {
      this.running = false;
    });
  }

  /** Stops after the step in progress and saves a checkpoint. */
  async pause(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.save();
  }

  private async run(): Promise<void> {
    const { step, data } = this;
    const batchSize = this.settings.batchSize;
    while (this.running) {
      const p = this.progress;
      if (p.cursor >= data.batchesPerEpoch) {
        p.epoch++;
        p.cursor = 0;
        p.epochSeed = null;
      }
      if (p.epochSeed === null) p.epochSeed = step.random.nextSeed();
      const batch = await data.batch(p.cursor, { epoch: p.epoch, seed: p.epochSeed });
      let metrics: Awaited<ReturnType<GanStep>>;
      try {
        metrics = await step(batch);
      } finally {
        batch.dispose();
      }
      p.cursor++;
      p.step++;
      const now = performance.now();
      this.recent.push([now, batchSize]);
      if (this.recent.length > 30) this.recent.shift();
      const first = this.recent[0]!;
      const span = (now - first[0]) / 1000;
      const imagesPerSec = this.recent.length > 1 && span > 0 ? (this.recent.slice(1).reduce((sum, [, n]) => sum + n, 0) / span) : 0;
      const row: MetricsRow = { step: p.step, dLoss: metrics?.dLoss ?? null, gLoss: metrics?.gLoss ?? null, fid: null };
      if (metrics) this.rows.push(row);
      this.hooks.onStep(row, imagesPerSec, { ...p });
      const every = (n: number) => n > 0 && p.step % n === 0;
      if (every(this.intervals.samplesEvery)) await this.drawSamples();
      if (every(this.intervals.fidEvery)) {
        const fidRow: MetricsRow = { step: p.step, dLoss: null, gLoss: null, fid: await this.fid() };
        this.rows.push(fidRow);
        this.hooks.onFid(fidRow);
        this.recent = [];
      }
      if (every(this.intervals.checkpointEvery)) {
        await this.save();
        this.recent = [];
      }
      // Let the page paint and take clicks between steps.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  dispose(): void {
    this.running = false;
    this.latent.dispose();
    this.step.gOptimizer.dispose();
    this.step.dOptimizer.dispose();
    this.models.generator.dispose();
    this.models.discriminator.dispose();
  }
}
