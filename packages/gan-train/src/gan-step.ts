import * as tf from '@tensorflow/tfjs-core';
import { ModelError, OptionError, ShapeError } from './errors';
import type { GanLoss } from './gan-loss';
import type { GanModel } from './gan-model';
import { checkNumber, checkTensor, describeShape, describeValue, isPositiveInteger } from './internal/checks';
import { adaptModel, type ModelAdapter } from './internal/model-adapter';
import { registerGradients } from './internal/register-gradients';
import { describeOptimizer, globalNorm } from './internal/optimizer-utils';
import type { GanPenalty } from './penalty';
import { RandomStream, type RandomStreamState } from './random-stream';

/**
 * A differentiable augmentation applied to real and generated batches alike before
 * the discriminator sees them (e.g. `diffAugment` of `@ganforge/augment`). It must
 * draw its randomness from `seed` (a fresh positive seed per call). Batches are NHWC
 * images for image GANs; the step passes whatever rank the real batch has.
 *
 * @example
 * const augment: Augmentation = (images, { seed }) => diffAugment(images, { seed });
 */
export type Augmentation = (images: tf.Tensor4D, options: { seed: number }) => tf.Tensor;

/**
 * Options of {@link createGanStep}.
 *
 * @example
 * createGanStep({ generator, discriminator, loss: hingeLoss(), latentDim: 64, gOptimizer, dOptimizer, dStepsPerG: 1, seed: 1 });
 */
export interface GanStepOptions {
  /** The generator: latent `[batch, latentDim]` → samples. */
  generator: GanModel;
  /** The discriminator: samples → logits `[batch, ...]`. */
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
  /** Differentiable augmentation for real and fake batches. Default none. */
  augment?: Augmentation;
  /** The run's random stream (shared with the trainer). Default `new RandomStream(seed)`. */
  random?: RandomStream;
  /** Seed of the random stream when `random` is not given. Default 0. */
  seed?: number;
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
  (realBatch: tf.Tensor): Promise<StepMetrics>;
  readonly generator: GanModel;
  readonly discriminator: GanModel;
  readonly loss: GanLoss;
  readonly penalties: readonly GanPenalty[];
  readonly gOptimizer: tf.Optimizer;
  readonly dOptimizer: tf.Optimizer;
  readonly latentDim: number;
  readonly dStepsPerG: number;
  /** The run's random stream. */
  readonly random: RandomStream;
  /** Latent noise `[count, latentDim]`, N(0, 1), from `seed` or else from the stream. */
  sampleLatent(count: number, seed?: number): tf.Tensor2D;
  /** Runs the generator in inference mode. */
  generate(latent: tf.Tensor): tf.Tensor;
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

/**
 * Builds one GAN training step: `await step(realBatch)` runs a discriminator update
 * (loss, penalties, optional augmentation of real and fake alike) and, on every
 * `dStepsPerG`-th call, a generator update, and returns plain numbers. Gradients are
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
  const augment = options.augment;
  if (augment !== undefined && typeof augment !== 'function') {
    throw new OptionError({ functionName: fn, argument: 'options.augment', expected: 'a function (images, { seed }) => images', actual: describeValue(augment) });
  }
  if (options.random !== undefined && !(options.random instanceof RandomStream)) {
    throw new OptionError({ functionName: fn, argument: 'options.random', expected: 'a RandomStream', actual: describeValue(options.random) });
  }
  const random = options.random ?? new RandomStream(options.seed ?? 0);
  const describedConfig = {
    latentDim,
    dStepsPerG,
    loss: { name: loss.name, ...loss.config },
    penalties: penalties.map((p) => ({ name: p.name, ...p.config })),
    augment: augment !== undefined,
    gOptimizer: describeOptimizer(gOptimizer),
    dOptimizer: describeOptimizer(dOptimizer),
  };
  let dUpdates = 0;
  let gUpdates = 0;

  const augmentWith = (images: tf.Tensor, seed: number): tf.Tensor => {
    if (!augment) return images;
    const out = augment(images as tf.Tensor4D, { seed });
    if (!(out instanceof tf.Tensor)) {
      throw new OptionError({ functionName: 'GanStep', argument: 'options.augment()', expected: 'to return a tf.Tensor', actual: describeValue(out) });
    }
    return out;
  };
  const discriminate = (images: tf.Tensor) => d.forward(images, true, random.nextSeed());

  const sampleLatent = (count: number, seed?: number): tf.Tensor2D => {
    checkNumber('GanStep.sampleLatent', 'count', count, isPositiveInteger, 'a positive integer');
    return tf.randomNormal([count, latentDim], 0, 1, 'float32', seed ?? random.nextSeed());
  };

  const step = async (realBatch: tf.Tensor): Promise<StepMetrics> => {
    const sfn = 'GanStep';
    checkTensor(sfn, 'realBatch', realBatch);
    if (realBatch.rank < 2 || realBatch.shape[0] === 0 || realBatch.dtype !== 'float32') {
      throw new ShapeError({ functionName: sfn, argument: 'realBatch', expected: 'a float32 batch of rank >= 2 [batch, ...] with batch >= 1', actual: `a ${realBatch.dtype} tensor of shape ${describeShape(realBatch.shape)}` });
    }
    const batch = realBatch.shape[0]!;
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      kept.push(tf.keep(t));
      return t;
    };
    const updateGenerator = (dUpdates + 1) % dStepsPerG === 0;
    try {
      tf.tidy(() => {
        const latent = sampleLatent(batch);
        const fake = g.forward(latent, true, random.nextSeed());
        if (fake.shape[0] !== batch) {
          throw new ModelError({ functionName: sfn, argument: 'generator output', expected: `a batch of ${batch} samples`, actual: describeShape(fake.shape) });
        }
        const realSeed = random.nextSeed();
        const fakeSeed = random.nextSeed();
        const penaltySeeds = penalties.map(() => random.nextSeed());
        const dVariables = d.trainableVariables();
        const { value, grads } = tf.variableGrads(() => {
          const realInputs = augmentWith(realBatch, realSeed);
          const fakeInputs = augmentWith(fake, fakeSeed);
          const realLogits = discriminate(realInputs);
          const fakeLogits = discriminate(fakeInputs);
          keep(tf.mean(realLogits));
          keep(tf.mean(fakeLogits));
          keep(tf.mean(tf.cast(tf.greater(realLogits, loss.threshold), 'float32')));
          keep(tf.mean(tf.cast(tf.lessEqual(fakeLogits, loss.threshold), 'float32')));
          let total: tf.Scalar = loss.discriminator(realLogits, fakeLogits);
          penalties.forEach((penalty, i) => {
            const value = penalty.compute({ discriminator: discriminate, real: realInputs, fake: fakeInputs, seed: penaltySeeds[i]! });
            keep(value);
            total = tf.add(total, value);
          });
          return total;
        }, dVariables);
        keep(value);
        keep(globalNorm(grads));
        dOptimizer.applyGradients(grads);
      });
      if (updateGenerator) {
        tf.tidy(() => {
          const latent = sampleLatent(batch);
          const generatorSeed = random.nextSeed();
          const fakeSeed = random.nextSeed();
          const realSeed = random.nextSeed();
          const { value, grads } = tf.variableGrads(() => {
            const fakeLogits = discriminate(augmentWith(g.forward(latent, true, generatorSeed), fakeSeed));
            const realLogits = loss.generatorUsesRealLogits ? discriminate(augmentWith(realBatch, realSeed)) : undefined;
            return loss.generator(fakeLogits, realLogits);
          }, g.trainableVariables());
          keep(value);
          keep(globalNorm(grads));
          gOptimizer.applyGradients(grads);
        });
      }
      const stacked = tf.tidy(() => tf.stack(kept));
      kept.push(stacked);
      const values = await stacked.data();
      const read = (i: number) => values[i]!;
      const penaltyValues: Record<string, number> = {};
      penaltyNames.forEach((name, i) => {
        penaltyValues[name] = read(4 + i);
      });
      const base = 4 + penalties.length;
      dUpdates++;
      if (updateGenerator) gUpdates++;
      return {
        dLoss: read(base),
        penalties: penaltyValues,
        gLoss: updateGenerator ? read(base + 2) : null,
        dReal: read(0),
        dFake: read(1),
        realAccuracy: read(2),
        fakeAccuracy: read(3),
        dGradNorm: read(base + 1),
        gGradNorm: updateGenerator ? read(base + 3) : null,
        generatorUpdated: updateGenerator,
      };
    } finally {
      tf.dispose(kept);
    }
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
    random,
    adapters: { generator: g, discriminator: d },
    sampleLatent,
    generate: (latent: tf.Tensor) => tf.tidy(() => g.forward(latent, false, 1)),
    getState: (): GanStepState => ({ dUpdates, gUpdates, random: random.getState() }),
    setState: (state: GanStepState) => {
      const ok = state !== null && typeof state === 'object' && Number.isInteger(state.dUpdates) && state.dUpdates >= 0 && Number.isInteger(state.gUpdates) && state.gUpdates >= 0;
      if (!ok) {
        throw new OptionError({ functionName: 'GanStep.setState', argument: 'state', expected: '{ dUpdates, gUpdates, random } from getState()', actual: JSON.stringify(state) });
      }
      random.setState(state.random);
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
