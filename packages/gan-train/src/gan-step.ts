import { checkSize, LIMITS, type PrngState } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import { DtypeError, LimitError, ModelError, OptionError, ShapeError } from './errors';
import type { GanLoss } from './gan-loss';
import type { GanModel } from './gan-model';
import { checkKeys, checkNumber, checkTensor, describeShape, describeValue, isPositiveInteger } from './internal/checks';
import { adaptModel, type ModelAdapter } from './internal/model-adapter';
import { registerGradients } from './internal/register-gradients';
import { describeOptimizer, globalNorm } from './internal/optimizer-utils';
import type { GanPenalty } from './penalty';
import { RandomStream, type RandomStreamState } from './random-stream';

/**
 * A differentiable augmentation applied to real and generated batches alike before
 * the discriminator sees them: a function `(images, { seed }) => images`, or any object
 * with `apply(images, { seed })` — such as `@ganforge/augment`'s `diffAugmentation()` or
 * any of its augmentation classes, passed as they are. It must draw its randomness from
 * `seed` (a fresh positive seed per call). Batches are NHWC images for image GANs; the
 * step passes whatever rank the real batch has.
 *
 * @example
 * const augment: StepAugmentation = diffAugmentation({ policy: ['color', 'translation'] });
 * const alsoFine: StepAugmentation = (images, { seed }) => diffAugment(images, { seed });
 */
export type StepAugmentation =
  | ((images: tf.Tensor4D, options: { seed: number }) => tf.Tensor)
  | { apply(images: tf.Tensor4D, options: { seed: number }): tf.Tensor };

/**
 * The order of the two updates of a step.
 * - `'discriminatorFirst'`: D's update on a fresh fake batch, then G's update against
 *   the updated D on new noise (the original GAN algorithm; G forward twice, D three times).
 * - `'simultaneous'`: the TensorFlow DCGAN tutorial's step: one fake batch, both losses
 *   from the same pre-update networks, then both updates (G forward once; D once in G's
 *   loss and twice in D's, or once with `mergeDiscriminatorPass`).
 *
 * @example
 * createGanStep({ ..., order: 'simultaneous' });
 */
export type UpdateOrder = 'discriminatorFirst' | 'simultaneous';

/**
 * A real batch with its class labels, for a conditional step (`numClasses`): `images`
 * `[batch, ...]` float32 and `labels` `[batch]` or `[batch, 1]` int32 in `[0, numClasses)`.
 * An unconditional step takes it too and uses the images only, so one labelled data
 * source serves both.
 *
 * @example
 * const batch: LabelledBatch = { images, labels }; // [64, 28, 28, 1] float32, [64] int32
 * await step(batch);
 */
export interface LabelledBatch {
  images: tf.Tensor;
  labels: tf.Tensor;
}

/**
 * The random stream a step draws from: a {@link RandomStream} or any house `Prng` (duck-typed).
 *
 * @example
 * const random: StepRandom = new RandomStream(42);
 * createGanStep({ ..., random });
 */
export interface StepRandom {
  nextSeed(): number;
  getState(): PrngState;
  setState(state: PrngState): void;
}

/**
 * Options of {@link createGanStep}.
 *
 * @example
 * createGanStep({ generator, discriminator, loss: hingeLoss(), latentDim: 64, gOptimizer, dOptimizer, dStepsPerG: 1, seed: 1 });
 */
export interface GanStepOptions {
  /** The generator: latent `[batch, latentDim]` (with labels when conditional) → samples. */
  generator: GanModel;
  /** The discriminator: samples (with labels when conditional) → logits `[batch, ...]`. */
  discriminator: GanModel;
  /** The objective, e.g. {@link hingeLoss}. */
  loss: GanLoss;
  /** Regularizers added to the discriminator loss. Default `[]`. */
  penalties?: GanPenalty[];
  /** Optimizer of the generator, e.g. `tf.train.adam(2e-4, 0.5, 0.999)`. */
  gOptimizer: tf.Optimizer;
  /** Optimizer of the discriminator. */
  dOptimizer: tf.Optimizer;
  /** Size of the latent vector. */
  latentDim: number;
  /** Discriminator updates per generator update: the generator updates on every `dStepsPerG`-th call. Default 1. */
  dStepsPerG?: number;
  /** Differentiable augmentation for real and fake batches: a function or an object with `apply(images, { seed })`. Default none. */
  augment?: StepAugmentation;
  /** The run's random stream (shared with the trainer). Default `new RandomStream(seed)`. */
  random?: StepRandom;
  /** Seed of the random stream when `random` is not given; saved in checkpoints, so a resume with another seed is refused. Default 0. */
  seed?: number;
  /** Order of the D and G updates, see {@link UpdateOrder}. Default `'discriminatorFirst'`. */
  order?: UpdateOrder;
  /**
   * Run the discriminator once over `concat([real, fake])` in D's update instead of twice
   * (the same loss when D has no batch statistics; fewer, larger kernels). A discriminator
   * with BatchNormalization or MinibatchStdDev is refused with an `OptionError`, because the
   * merged batch would mix real and fake statistics. Default false.
   */
  mergeDiscriminatorPass?: boolean;
  /**
   * Steps that {@link train} keeps queued before waiting for the oldest one's metrics
   * (2: the next step is enqueued while the device finishes the current one). The
   * trainer drains the queue before checkpoints, samples and the end. Default 1.
   */
  inFlight?: number;
  /**
   * Compute the metric reductions (mean logits, accuracies, gradient norms) and read
   * them back on every `metricsEvery`-th call only; the other calls resolve to null and
   * read nothing back. Default 1 (every call).
   */
  metricsEvery?: number;
  /**
   * Number of classes of a conditional GAN: the step then takes `{ images, labels }`
   * batches, the generator `[latent, labels]` and the discriminator `[images, labels]`
   * (gan-layers' presets and builders with `numClasses`). The generated batches of a step
   * use the real batch's labels, so fake labels follow the data's class frequencies and
   * penalties see one label per sample. Default: unconditional.
   */
  numClasses?: number;
}

/**
 * What one call of a {@link GanStep} returns: plain numbers, ready for JSON.
 *
 * @example
 * const { dLoss, gLoss, dReal, dFake, realAccuracy, fakeAccuracy } = await step(realBatch);
 */
export interface StepMetrics {
  /** Discriminator objective: adversarial loss plus penalties. */
  dLoss: number;
  /** Each penalty's weighted value, by name (`'r1'`, `'gradientPenalty'`, ...). */
  penalties: Record<string, number>;
  /** Generator loss, or null when this call did not update the generator (`dStepsPerG > 1`). */
  gLoss: number | null;
  /** Mean discriminator logit on the real batch, D(x). */
  dReal: number;
  /** Mean discriminator logit on the generated batch, D(G(z)). */
  dFake: number;
  /** Fraction of real samples scored above the loss's threshold. */
  realAccuracy: number;
  /** Fraction of generated samples scored at or below the loss's threshold. */
  fakeAccuracy: number;
  /** Global L2 norm of the discriminator gradients. */
  dGradNorm: number;
  /** Global L2 norm of the generator gradients, or null when the generator did not update. */
  gGradNorm: number | null;
  /** Whether this call updated the generator. */
  generatorUpdated: boolean;
}

/**
 * Counters and random state of a {@link GanStep}, saved in checkpoints.
 *
 * @example
 * const saved = step.getState(); // { dUpdates, gUpdates, random }
 * step.setState(saved);
 */
export interface GanStepState {
  dUpdates: number;
  gUpdates: number;
  random: RandomStreamState;
  /** The random streams of the models' layers (e.g. `SeededDropout`), by model and layer. */
  layers?: { generator: Record<string, PrngState>; discriminator: Record<string, PrngState> };
}

/**
 * One training step, built by {@link createGanStep}: call it with a real batch.
 * It also exposes its parts for trainers, samplers and checkpoints.
 *
 * @example
 * const step: GanStep = createGanStep({ ... });
 * const metrics = await step(realBatch);
 * const samples = step.generate(step.sampleLatent(16, 1));
 */
export interface GanStep {
  /** Runs one step; resolves to its metrics, or to null on calls that do not read them back (`metricsEvery`). */
  (realBatch: tf.Tensor | LabelledBatch): Promise<StepMetrics | null>;
  readonly generator: GanModel;
  readonly discriminator: GanModel;
  readonly loss: GanLoss;
  readonly penalties: readonly GanPenalty[];
  readonly gOptimizer: tf.Optimizer;
  readonly dOptimizer: tf.Optimizer;
  readonly latentDim: number;
  readonly dStepsPerG: number;
  readonly order: UpdateOrder;
  readonly mergeDiscriminatorPass: boolean;
  readonly inFlight: number;
  readonly metricsEvery: number;
  /** Number of classes of a conditional step, or null. */
  readonly numClasses: number | null;
  /** The run's random stream. */
  readonly random: StepRandom;
  /** Latent noise `[count, latentDim]`, N(0, 1), from `seed` or else from the stream; count at most `LIMITS.batch`. */
  sampleLatent(count: number, seed?: number): tf.Tensor2D;
  /**
   * Class labels `[count, 1]` int32 for a conditional generator: `classes` given, label i is
   * `classes[i % classes.length]`; otherwise uniform draws from `seed`, else from the stream.
   */
  sampleLabels(count: number, options?: { seed?: number; classes?: readonly number[] }): tf.Tensor2D;
  /** Runs the generator in inference mode; `labels` (`[count]` or `[count, 1]` int32) is required for a conditional step and refused otherwise. */
  generate(latent: tf.Tensor, labels?: tf.Tensor): tf.Tensor;
  getState(): GanStepState;
  setState(state: GanStepState): void;
  /** The configuration compared when resuming from a checkpoint (JSON). */
  describe(): Record<string, unknown>;
  /** @internal adapters for the trainer, EMA and checkpoints. */
  readonly adapters: { generator: ModelAdapter; discriminator: ModelAdapter };
}

function checkOptimizer(argument: string, value: unknown): tf.Optimizer {
  if (value === null || typeof value !== 'object' || typeof (value as tf.Optimizer).applyGradients !== 'function') {
    throw new OptionError({ functionName: 'createGanStep', argument, expected: 'a tf.Optimizer (e.g. tf.train.adam(2e-4, 0.5))', actual: describeValue(value) });
  }
  return value as tf.Optimizer;
}

function uniqueNames(penalties: readonly GanPenalty[]): string[] {
  const seen = new Map<string, number>();
  return penalties.map((p) => {
    const count = (seen.get(p.name) ?? 0) + 1;
    seen.set(p.name, count);
    return count === 1 ? p.name : `${p.name}${count}`;
  });
}

const STEP_KEYS: (keyof GanStepOptions)[] = [
  'generator',
  'discriminator',
  'loss',
  'penalties',
  'gOptimizer',
  'dOptimizer',
  'latentDim',
  'dStepsPerG',
  'augment',
  'random',
  'seed',
  'order',
  'mergeDiscriminatorPass',
  'inFlight',
  'metricsEvery',
  'numClasses',
];

const isStepRandom = (value: unknown): value is StepRandom =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as StepRandom).nextSeed === 'function' &&
  typeof (value as StepRandom).getState === 'function' &&
  typeof (value as StepRandom).setState === 'function';

/**
 * Builds one GAN training step: `await step(realBatch)` runs a discriminator update
 * (loss, penalties, optional augmentation of real and fake alike) and, on every
 * `dStepsPerG`-th call, a generator update, in the chosen `order`, and returns plain
 * numbers (or null on calls that skip the metric read-back, see `metricsEvery`). All the
 * device work of a call is enqueued before its promise is returned, so a caller may
 * enqueue the next step before awaiting (`inFlight`, which {@link train} honours). Gradients are
 * taken with `tf.variableGrads` over each model's own variables only; the tensor count
 * stays flat from step to step. Every random draw (latent noise, augmentation, penalty
 * and model seeds) comes from one {@link RandomStream}, so a run repeats exactly from a seed.
 *
 * The real batch is any float32 tensor `[batch, ...]` that the discriminator takes
 * (NHWC images in the generator's output range, typically [-1, 1]); it is not disposed.
 *
 * @example
 * const step = createGanStep({
 *   generator, discriminator, latentDim: 16,
 *   loss: hingeLoss(), penalties: [r1Penalty({ gamma: 1 })],
 *   gOptimizer: tf.train.adam(2e-4, 0.5), dOptimizer: tf.train.adam(2e-4, 0.5),
 *   seed: 42,
 * });
 * const metrics = await step(realBatch); // { dLoss, gLoss, dReal, dFake, realAccuracy, ... }
 */
export function createGanStep(options: GanStepOptions): GanStep {
  const fn = 'createGanStep';
  registerGradients();
  if (options === null || typeof options !== 'object') {
    throw new OptionError({ functionName: fn, argument: 'options', expected: 'an options object', actual: describeValue(options) });
  }
  checkKeys(fn, options, STEP_KEYS);
  const g = adaptModel(fn, 'options.generator', options.generator);
  const d = adaptModel(fn, 'options.discriminator', options.discriminator);
  const loss = options.loss;
  if (loss === null || typeof loss !== 'object' || typeof loss.discriminator !== 'function' || typeof loss.generator !== 'function') {
    throw new OptionError({ functionName: fn, argument: 'options.loss', expected: 'a GanLoss such as hingeLoss()', actual: describeValue(loss) });
  }
  const penalties = options.penalties ?? [];
  if (!Array.isArray(penalties) || !penalties.every((p) => p !== null && typeof p === 'object' && typeof p.compute === 'function')) {
    throw new OptionError({ functionName: fn, argument: 'options.penalties', expected: 'an array of GanPenalty such as [r1Penalty()]', actual: describeValue(penalties) });
  }
  const penaltyNames = uniqueNames(penalties);
  const gOptimizer = checkOptimizer('options.gOptimizer', options.gOptimizer);
  const dOptimizer = checkOptimizer('options.dOptimizer', options.dOptimizer);
  if (gOptimizer === dOptimizer) {
    throw new OptionError({ functionName: fn, argument: 'options.dOptimizer', expected: 'an optimizer distinct from gOptimizer (each keeps per-variable state)', actual: 'the same object' });
  }
  const latentDim = checkNumber(fn, 'options.latentDim', options.latentDim, isPositiveInteger, 'a positive integer');
  const dStepsPerG = checkNumber(fn, 'options.dStepsPerG', options.dStepsPerG ?? 1, isPositiveInteger, 'a positive integer');
  const inFlight = checkNumber(fn, 'options.inFlight', options.inFlight ?? 1, (x) => Number.isInteger(x) && x >= 1 && x <= 16, 'an integer in [1, 16]');
  const metricsEvery = checkNumber(fn, 'options.metricsEvery', options.metricsEvery ?? 1, isPositiveInteger, 'a positive integer');
  const numClasses =
    options.numClasses === undefined ? null : checkNumber(fn, 'options.numClasses', options.numClasses, (x) => isPositiveInteger(x) && x >= 2 && x <= 1 << 20, 'an integer in [2, 2^20]');
  const order = options.order ?? 'discriminatorFirst';
  if (order !== 'discriminatorFirst' && order !== 'simultaneous') {
    throw new OptionError({ functionName: fn, argument: 'options.order', expected: "'discriminatorFirst' or 'simultaneous'", actual: describeValue(order) });
  }
  const mergeDiscriminatorPass = options.mergeDiscriminatorPass ?? false;
  if (typeof mergeDiscriminatorPass !== 'boolean') {
    throw new OptionError({ functionName: fn, argument: 'options.mergeDiscriminatorPass', expected: 'a boolean', actual: describeValue(mergeDiscriminatorPass) });
  }
  if (mergeDiscriminatorPass) {
    const offending = d.batchStatisticsLayer();
    if (offending) {
      throw new OptionError({
        functionName: fn,
        argument: 'options.mergeDiscriminatorPass',
        expected: 'false for a discriminator with batch statistics (one pass over real and fake together would mix their statistics)',
        actual: `true, and the discriminator has a ${offending}`,
      });
    }
  }
  const augmentOption = options.augment;
  const augmentFunction: ((images: tf.Tensor4D, options: { seed: number }) => tf.Tensor) | undefined =
    augmentOption === undefined
      ? undefined
      : typeof augmentOption === 'function'
        ? augmentOption
        : augmentOption !== null && typeof augmentOption === 'object' && typeof augmentOption.apply === 'function'
          ? (images, o) => augmentOption.apply(images, o)
          : undefined;
  if (augmentOption !== undefined && augmentFunction === undefined) {
    throw new OptionError({ functionName: fn, argument: 'options.augment', expected: 'a function (images, { seed }) => images or an object with apply(images, { seed })', actual: describeValue(augmentOption) });
  }
  if (options.random !== undefined && !isStepRandom(options.random)) {
    throw new OptionError({ functionName: fn, argument: 'options.random', expected: 'a RandomStream (or a Prng: nextSeed, getState, setState)', actual: describeValue(options.random) });
  }
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new OptionError({ functionName: fn, argument: 'options.seed', expected: 'a safe integer', actual: describeValue(options.seed) });
  }
  const random: StepRandom = options.random ?? new RandomStream(options.seed ?? 0);
  const describedConfig = {
    latentDim,
    dStepsPerG,
    loss: { name: loss.name, ...loss.config },
    penalties: penalties.map((p) => ({ name: p.name, ...p.config })),
    augment: augmentFunction !== undefined,
    gOptimizer: describeOptimizer(gOptimizer),
    dOptimizer: describeOptimizer(dOptimizer),
    ...(order === 'discriminatorFirst' ? {} : { order }),
    ...(mergeDiscriminatorPass ? { mergeDiscriminatorPass } : {}),
    ...(numClasses !== null ? { numClasses } : {}),
    ...(options.seed !== undefined && options.random === undefined ? { seed: options.seed } : {}),
  };
  let dUpdates = 0;
  let gUpdates = 0;

  const augmentWith = (images: tf.Tensor, seed: number): tf.Tensor => {
    if (!augmentFunction) return images;
    const out = augmentFunction(images as tf.Tensor4D, { seed });
    if (!(out instanceof tf.Tensor)) {
      throw new OptionError({ functionName: 'GanStep', argument: 'options.augment()', expected: 'to return a tf.Tensor', actual: describeValue(out) });
    }
    return out;
  };
  /** The labels of the batch being trained on (conditional steps), set for the duration of a call. */
  let batchLabels: tf.Tensor | null = null;
  const withLabels = (x: tf.Tensor, labels: tf.Tensor | null): tf.Tensor | tf.Tensor[] => {
    if (labels === null) return x;
    // One pass over concat([real, fake]) (mergeDiscriminatorPass): the labels twice.
    return [x, x.shape[0] === labels.shape[0] ? labels : tf.concat([labels, labels], 0)];
  };
  const discriminate = (images: tf.Tensor) => d.forward(withLabels(images, batchLabels), true, random.nextSeed());

  const sampleLatent = (count: number, seed?: number): tf.Tensor2D => {
    checkSize('GanStep.sampleLatent', 'count', count, LIMITS.batch, LimitError, OptionError, 'LIMITS.batch');
    if (seed !== undefined && !Number.isSafeInteger(seed)) {
      throw new OptionError({ functionName: 'GanStep.sampleLatent', argument: 'seed', expected: 'a safe integer or undefined', actual: describeValue(seed) });
    }
    return tf.randomNormal([count, latentDim], 0, 1, 'float32', seed ?? random.nextSeed());
  };

  const sampleLabels = (count: number, given: { seed?: number; classes?: readonly number[] } = {}): tf.Tensor2D => {
    const where = 'GanStep.sampleLabels';
    checkSize(where, 'count', count, LIMITS.batch, LimitError, OptionError, 'LIMITS.batch');
    if (numClasses === null) {
      throw new OptionError({ functionName: where, argument: 'this step', expected: 'a conditional step (createGanStep({ numClasses }))', actual: 'an unconditional step' });
    }
    checkKeys(where, given, ['seed', 'classes'], { argument: 'options' });
    const { seed, classes } = given;
    if (seed !== undefined && !Number.isSafeInteger(seed)) {
      throw new OptionError({ functionName: where, argument: 'options.seed', expected: 'a safe integer or undefined', actual: describeValue(seed) });
    }
    if (classes !== undefined && (!Array.isArray(classes) || classes.length === 0 || !classes.every((c) => Number.isInteger(c) && c >= 0 && c < numClasses))) {
      throw new OptionError({ functionName: where, argument: 'options.classes', expected: `a non-empty array of integers in [0, ${numClasses})`, actual: describeValue(classes) });
    }
    const values = new Int32Array(count);
    if (classes !== undefined) {
      for (let i = 0; i < count; i++) values[i] = classes[i % classes.length]!;
    } else {
      const draw = new RandomStream(seed ?? random.nextSeed());
      for (let i = 0; i < count; i++) values[i] = draw.nextInt(numClasses);
    }
    return tf.tensor2d(values, [count, 1], 'int32');
  };

  const generateFake = (batch: number, latent: tf.Tensor, seed: number): tf.Tensor => {
    const fake = g.forward(withLabels(latent, batchLabels), true, seed);
    if (fake.shape[0] !== batch) {
      throw new ModelError({ functionName: 'GanStep', argument: 'generator output', expected: `a batch of ${batch} samples`, actual: describeShape(fake.shape) });
    }
    return fake;
  };

  type Metric = (name: string, compute: () => tf.Tensor) => void;

  /** D's update on `fake` (made here from fresh noise when null). */
  const discriminatorUpdate = (realBatch: tf.Tensor, fake: tf.Tensor | null, metric: Metric) => {
    const batch = realBatch.shape[0]!;
    tf.tidy(() => {
      const fakeImages = fake ?? generateFake(batch, sampleLatent(batch), random.nextSeed());
      const realSeed = random.nextSeed();
      const fakeSeed = random.nextSeed();
      const penaltySeeds = penalties.map(() => random.nextSeed());
      const { value, grads } = tf.variableGrads(() => {
        const realInputs = augmentWith(realBatch, realSeed);
        const fakeInputs = augmentWith(fakeImages, fakeSeed);
        let realLogits: tf.Tensor;
        let fakeLogits: tf.Tensor;
        if (mergeDiscriminatorPass) {
          const logits = discriminate(tf.concat([realInputs, fakeInputs], 0));
          [realLogits, fakeLogits] = tf.split(logits, [realInputs.shape[0]!, fakeInputs.shape[0]!], 0) as [tf.Tensor, tf.Tensor];
        } else {
          realLogits = discriminate(realInputs);
          fakeLogits = discriminate(fakeInputs);
        }
        metric('dReal', () => tf.mean(realLogits));
        metric('dFake', () => tf.mean(fakeLogits));
        metric('realAccuracy', () => tf.mean(tf.cast(tf.greater(realLogits, loss.threshold), 'float32')));
        metric('fakeAccuracy', () => tf.mean(tf.cast(tf.lessEqual(fakeLogits, loss.threshold), 'float32')));
        let total: tf.Scalar = loss.discriminator(realLogits, fakeLogits);
        penalties.forEach((penalty, i) => {
          const value = penalty.compute({ discriminator: discriminate, real: realInputs, fake: fakeInputs, seed: penaltySeeds[i]! });
          metric(`penalty:${penaltyNames[i]}`, () => value);
          total = tf.add(total, value);
        });
        return total;
      }, d.trainableVariables());
      metric('dLoss', () => value);
      metric('dGradNorm', () => globalNorm(grads));
      dOptimizer.applyGradients(grads);
    });
  };

  /** G's update on `latent`; returns the generated batch (kept) when asked, for a simultaneous D update. */
  const generatorUpdate = (realBatch: tf.Tensor, keepFake: boolean, metric: Metric): tf.Tensor | null => {
    const batch = realBatch.shape[0]!;
    let fake: tf.Tensor | null = null;
    tf.tidy(() => {
      const latent = sampleLatent(batch);
      const generatorSeed = random.nextSeed();
      const fakeSeed = random.nextSeed();
      const realSeed = random.nextSeed();
      const { value, grads } = tf.variableGrads(() => {
        const images = generateFake(batch, latent, generatorSeed);
        if (keepFake) fake = tf.keep(images);
        const fakeLogits = discriminate(augmentWith(images, fakeSeed));
        const realLogits = loss.generatorUsesRealLogits ? discriminate(augmentWith(realBatch, realSeed)) : undefined;
        return loss.generator(fakeLogits, realLogits);
      }, g.trainableVariables());
      metric('gLoss', () => value);
      metric('gGradNorm', () => globalNorm(grads));
      gOptimizer.applyGradients(grads);
    });
    return fake;
  };

  // Async, but every device call happens before the first await: the whole step is
  // enqueued when the call returns its promise (what pipelining needs).
  const step = async (given: tf.Tensor | LabelledBatch): Promise<StepMetrics | null> => {
    const sfn = 'GanStep';
    const labelled = given !== null && typeof given === 'object' && !(given instanceof tf.Tensor) && 'images' in given;
    const realBatch = labelled ? (given as LabelledBatch).images : (given as tf.Tensor);
    checkTensor(sfn, labelled ? 'realBatch.images' : 'realBatch', realBatch);
    if (realBatch.dtype !== 'float32') {
      throw new DtypeError({ functionName: sfn, argument: 'realBatch', expected: 'a float32 batch', actual: `a ${realBatch.dtype} tensor of shape ${describeShape(realBatch.shape)}` });
    }
    if (realBatch.rank < 2 || realBatch.shape[0] === 0) {
      throw new ShapeError({ functionName: sfn, argument: 'realBatch', expected: 'a float32 batch of rank >= 2 [batch, ...] with batch >= 1', actual: `a ${realBatch.dtype} tensor of shape ${describeShape(realBatch.shape)}` });
    }
    let labels: tf.Tensor | null = null;
    if (numClasses !== null) {
      if (!labelled) {
        throw new OptionError({ functionName: sfn, argument: 'realBatch', expected: `{ images, labels } for a conditional step (numClasses ${numClasses})`, actual: `a ${realBatch.dtype} tensor of shape ${describeShape(realBatch.shape)}` });
      }
      labels = (given as LabelledBatch).labels;
      checkTensor(sfn, 'realBatch.labels', labels);
      const batch = realBatch.shape[0]!;
      if (labels.dtype !== 'int32') {
        throw new DtypeError({ functionName: sfn, argument: 'realBatch.labels', expected: 'int32 class labels', actual: `a ${labels.dtype} tensor` });
      }
      if (labels.size !== batch || !(labels.rank === 1 || (labels.rank === 2 && labels.shape[1] === 1))) {
        throw new ShapeError({ functionName: sfn, argument: 'realBatch.labels', expected: `labels [${batch}] or [${batch}, 1], one per image`, actual: describeShape(labels.shape) });
      }
    }
    const call = dUpdates + 1;
    const report = call % metricsEvery === 0;
    const updateGenerator = call % dStepsPerG === 0;
    const kept = new Map<string, tf.Tensor>();
    const metric: Metric = (name, compute) => {
      if (report) kept.set(name, tf.keep(compute()));
    };
    let fake: tf.Tensor | null = null;
    batchLabels = labels === null ? null : labels.rank === 2 ? labels : tf.reshape(labels, [labels.size, 1]);
    try {
      if (order === 'simultaneous' && updateGenerator) {
        fake = generatorUpdate(realBatch, true, metric);
        discriminatorUpdate(realBatch, fake, metric);
      } else {
        discriminatorUpdate(realBatch, null, metric);
        if (updateGenerator) generatorUpdate(realBatch, false, metric);
      }
    } catch (error) {
      tf.dispose([...kept.values()]);
      throw error;
    } finally {
      fake?.dispose();
      if (batchLabels !== null && batchLabels !== labels) batchLabels.dispose();
      batchLabels = null;
    }
    dUpdates++;
    if (updateGenerator) gUpdates++;
    if (!report) return null;
    const names = [...kept.keys()];
    const stacked = tf.tidy(() => tf.stack(names.map((name) => tf.reshape(kept.get(name)!, []))));
    tf.dispose([...kept.values()]);
    try {
      const values = await stacked.data();
      const read = (name: string) => values[names.indexOf(name)]!;
      const penaltyValues: Record<string, number> = {};
      for (const name of penaltyNames) penaltyValues[name] = read(`penalty:${name}`);
      return {
        dLoss: read('dLoss'),
        penalties: penaltyValues,
        gLoss: updateGenerator ? read('gLoss') : null,
        dReal: read('dReal'),
        dFake: read('dFake'),
        realAccuracy: read('realAccuracy'),
        fakeAccuracy: read('fakeAccuracy'),
        dGradNorm: read('dGradNorm'),
        gGradNorm: updateGenerator ? read('gGradNorm') : null,
        generatorUpdated: updateGenerator,
      };
    } finally {
      stacked.dispose();
    }
  };

  /** `[latent, labels]` for a conditional generator (labels checked), else `latent`. */
  const conditionalInputs = (where: string, latent: tf.Tensor, labels: tf.Tensor | undefined): tf.Tensor | tf.Tensor[] => {
    if (numClasses === null) {
      if (labels !== undefined) {
        throw new OptionError({ functionName: where, argument: 'labels', expected: 'undefined for an unconditional step', actual: `a ${labels.dtype} tensor of shape ${describeShape(labels.shape)}` });
      }
      return latent;
    }
    if (labels === undefined) {
      throw new OptionError({ functionName: where, argument: 'labels', expected: `class labels [${latent.shape[0]}, 1] int32 for a conditional step (see sampleLabels)`, actual: 'undefined' });
    }
    checkTensor(where, 'labels', labels);
    if (labels.dtype !== 'int32' || labels.size !== latent.shape[0]) {
      throw new ShapeError({ functionName: where, argument: 'labels', expected: `int32 labels [${latent.shape[0]}] or [${latent.shape[0]}, 1], one per latent`, actual: `a ${labels.dtype} tensor of shape ${describeShape(labels.shape)}` });
    }
    return [latent, labels.rank === 2 ? labels : tf.reshape(labels, [labels.size, 1])];
  };

  const layerStates = (adapter: ModelAdapter): Record<string, PrngState> =>
    Object.fromEntries([...adapter.randomStates()].map(([key, layer]) => [key, layer.getRandomState()]));
  const restoreLayerStates = (adapter: ModelAdapter, saved: Record<string, PrngState> | undefined, which: string) => {
    const current = adapter.randomStates();
    const savedKeys = Object.keys(saved ?? {});
    if (savedKeys.length !== current.size || savedKeys.some((key) => !current.has(key))) {
      throw new OptionError({
        functionName: 'GanStep.setState',
        argument: `state.layers.${which}`,
        expected: `the random states of the ${which}'s layers [${[...current.keys()].join(', ')}]`,
        actual: `[${savedKeys.join(', ')}]`,
      });
    }
    for (const [key, layer] of current) layer.setRandomState(saved![key]!);
  };

  return Object.assign(step, {
    generator: options.generator,
    discriminator: options.discriminator,
    loss,
    penalties,
    gOptimizer,
    dOptimizer,
    latentDim,
    dStepsPerG,
    order,
    mergeDiscriminatorPass,
    inFlight,
    metricsEvery,
    numClasses,
    random,
    adapters: { generator: g, discriminator: d },
    sampleLatent,
    sampleLabels,
    generate: (latent: tf.Tensor, labels?: tf.Tensor) => {
      checkTensor('GanStep.generate', 'latent', latent);
      return tf.tidy(() => g.forward(conditionalInputs('GanStep.generate', latent, labels), false, 1));
    },
    getState: (): GanStepState => ({
      dUpdates,
      gUpdates,
      random: random.getState(),
      layers: { generator: layerStates(g), discriminator: layerStates(d) },
    }),
    setState: (state: GanStepState) => {
      const ok = state !== null && typeof state === 'object' && Number.isInteger(state.dUpdates) && state.dUpdates >= 0 && Number.isInteger(state.gUpdates) && state.gUpdates >= 0;
      if (!ok) {
        throw new OptionError({ functionName: 'GanStep.setState', argument: 'state', expected: '{ dUpdates, gUpdates, random, layers } from getState()', actual: JSON.stringify(state) });
      }
      try {
        random.setState(state.random);
      } catch (error) {
        throw new OptionError({ functionName: 'GanStep.setState', argument: 'state.random', expected: 'a random state from getState()', actual: JSON.stringify(state.random), cause: error });
      }
      // States saved by gan-train < 0.2 hold no layer streams (`layers` absent): nothing to restore.
      if (state.layers !== undefined) {
        restoreLayerStates(g, state.layers.generator, 'generator');
        restoreLayerStates(d, state.layers.discriminator, 'discriminator');
      }
      dUpdates = state.dUpdates;
      gUpdates = state.gUpdates;
    },
    describe: () => ({
      ...JSON.parse(JSON.stringify(describedConfig)),
      generator: { kind: g.kind, weights: g.stateVariables().map((v) => v.variable.shape) },
      discriminator: { kind: d.kind, weights: d.stateVariables().map((v) => v.variable.shape) },
    }),
  });
}
