import { type ContractCase, type ContractProbe, contractSuite } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GanTrainError } from './errors';
import * as api from './index';
import * as nodeApi from './node';
import { microDiscriminator, microGenerator } from './test-support/micro-models';

/** A tensor that has been disposed. */
function disposed(shape: number[] = [2, 2]): tf.Tensor {
  const t = tf.ones(shape);
  t.dispose();
  return t;
}

const latentDim = 3;
const stepOptions = () => ({
  generator: microGenerator(latentDim, 2),
  discriminator: microDiscriminator(2),
  loss: api.hingeLoss(),
  gOptimizer: tf.train.sgd(0.1),
  dOptimizer: tf.train.sgd(0.1),
  latentDim,
});
const step = () => api.createGanStep(stepOptions());
const logits = () => tf.zeros([2, 1]);
const penaltyContext = (real: tf.Tensor | null, fake: tf.Tensor | null) => ({ discriminator: (x: tf.Tensor) => x, real: real as tf.Tensor, fake: fake as tf.Tensor, seed: 1 });

const loss = (make: () => api.GanLoss, misspelled: ContractProbe): ContractCase => ({
  misspelledOption: misspelled,
  nullInput: () => make().discriminator(null as never, logits()),
  disposedTensor: () => make().generator(disposed([2, 1])),
  oversized: 'n/a: reduces logits it is given to scalars; allocates nothing sized by an argument',
});
const schedule = (make: (options: never) => api.LearningRateSchedule, valid: object): ContractCase => ({
  misspelledOption: () => make({ ...valid, warmup: 1 } as never),
  nullInput: () => make(null as never),
  disposedTensor: 'n/a: takes numbers, no tensor',
  oversized: 'n/a: returns a number; allocates nothing',
});

const cases: Record<string, ContractCase> = {
  tensorBatches: {
    misspelledOption: () => api.tensorBatches(tf.zeros([4, 2]), { batchSize: 2, dropRemainer: true } as never),
    nullInput: () => api.tensorBatches(null as never, { batchSize: 2 }),
    disposedTensor: () => api.tensorBatches(disposed(), { batchSize: 1 }),
    oversized: () => api.tensorBatches(tf.zeros([4, 2]), { batchSize: 2 ** 25 }),
  },
  createGanStep: {
    misspelledOption: () => api.createGanStep({ ...stepOptions(), ordr: 'simultaneous' } as never),
    nullInput: () => api.createGanStep(null as never),
    disposedTensor: () => step()(disposed([4, 2])),
    oversized: () => step().sampleLatent(1e10),
  },
  createGeneratorEma: {
    misspelledOption: () => api.createGeneratorEma(microGenerator(latentDim, 2), { decy: 0.9 } as never),
    nullInput: () => api.createGeneratorEma(null as never),
    disposedTensor: () => api.createGeneratorEma(microGenerator(latentDim, 2)).generate(disposed([2, latentDim])),
    oversized: 'n/a: copies the generator it is given; no size argument',
  },
  gradientPenalty: {
    misspelledOption: () => api.gradientPenalty({ wieght: 1 } as never),
    nullInput: () => api.gradientPenalty().compute(penaltyContext(null, tf.zeros([2, 2]))),
    disposedTensor: () => api.gradientPenalty().compute(penaltyContext(tf.zeros([2, 2]), disposed())),
    oversized: 'n/a: works on the batches it is given',
  },
  r1Penalty: {
    misspelledOption: () => api.r1Penalty({ gama: 1 } as never),
    nullInput: () => api.r1Penalty().compute(penaltyContext(null, tf.zeros([2, 2]))),
    disposedTensor: () => api.r1Penalty().compute(penaltyContext(disposed(), tf.zeros([2, 2]))),
    oversized: 'n/a: works on the batches it is given',
  },
  r2Penalty: {
    misspelledOption: () => api.r2Penalty({ gama: 1 } as never),
    nullInput: () => api.r2Penalty().compute(penaltyContext(tf.zeros([2, 2]), null)),
    disposedTensor: () => api.r2Penalty().compute(penaltyContext(tf.zeros([2, 2]), disposed())),
    oversized: 'n/a: works on the batches it is given',
  },
  hingeLoss: loss(api.hingeLoss, 'n/a: takes no options'),
  wassersteinLoss: loss(api.wassersteinLoss, 'n/a: takes no options'),
  nonSaturatingLoss: loss(api.nonSaturatingLoss, () => api.nonSaturatingLoss({ labelSmoothin: 0.1 } as never)),
  minimaxLoss: loss(api.minimaxLoss, () => api.minimaxLoss({ labelsmoothing: 0.1 } as never)),
  relativisticAverageLoss: loss(api.relativisticAverageLoss, () => api.relativisticAverageLoss({ labelSmothing: 0.1 } as never)),
  leastSquaresLoss: loss(api.leastSquaresLoss, () => api.leastSquaresLoss({ realTaget: 1 } as never)),
  imageGrid: {
    misspelledOption: () => api.imageGrid(tf.zeros([2, 2, 2, 1]) as tf.Tensor4D, { colums: 2 } as never),
    nullInput: () => api.imageGrid(null as never),
    disposedTensor: () => api.imageGrid(disposed([1, 2, 2, 1]) as tf.Tensor4D),
    oversized: () => api.imageGrid(tf.zeros([2, 1, 1, 1]) as tf.Tensor4D, { columns: 1e6 }),
  },
  encodePng: {
    misspelledOption: () => api.encodePng(tf.zeros([2, 2, 1]) as tf.Tensor3D, { pixelrange: 'unit' } as never),
    nullInput: () => api.encodePng(null as never),
    disposedTensor: () => api.encodePng(disposed([2, 2, 1]) as tf.Tensor3D),
    oversized: () => api.encodePng(tf.zeros([1, 20_000, 1]) as tf.Tensor3D),
  },
  cosineSchedule: schedule(api.cosineSchedule as never, { initial: 1, totalSteps: 10 }),
  linearSchedule: schedule(api.linearSchedule as never, { initial: 1, totalSteps: 10 }),
  stepDecaySchedule: schedule(api.stepDecaySchedule as never, { initial: 1, every: 10 }),
  RandomStream: {
    misspelledOption: 'n/a: takes a seed, no options',
    nullInput: () => new api.RandomStream(null as never),
    disposedTensor: 'n/a: takes numbers, no tensor',
    oversized: () => new api.RandomStream(1).permutation(2 ** 32),
  },
  sampleDiversity: {
    misspelledOption: 'n/a: takes no options',
    nullInput: () => api.sampleDiversity(null as never),
    disposedTensor: () => api.sampleDiversity(disposed()),
    oversized: 'n/a: reduces the samples it is given',
  },
};

const errors = {
  GanTrainError: 'error class',
  OptionError: 'error class',
  TensorError: 'error class',
  ShapeError: 'error class',
  DtypeError: 'error class',
  LimitError: 'error class',
  FormatError: 'error class',
  StateError: 'error class',
  ModelError: 'error class',
  CheckpointError: 'error class',
  CheckpointMismatchError: 'error class',
};

contractSuite({ packageName: '@ganforge/gan-train', api, baseError: GanTrainError, cases, exempt: errors });

contractSuite({
  packageName: '@ganforge/gan-train/node',
  api: nodeApi,
  baseError: GanTrainError,
  cases: {
    ...cases,
    atomicFileHandler: {
      misspelledOption: 'n/a: takes a folder, no options',
      nullInput: () => nodeApi.atomicFileHandler(null as never),
      disposedTensor: 'n/a: takes a folder, no tensor',
      oversized: 'n/a: writes what tfjs gives it',
    },
    createCheckpointManager: {
      misspelledOption: () => nodeApi.createCheckpointManager('/tmp/ganforge-contract', { kep: 2 } as never),
      nullInput: () => nodeApi.createCheckpointManager(null as never),
      disposedTensor: 'n/a: takes a folder, no tensor',
      oversized: 'n/a: saves the models it is given',
    },
    lockRun: {
      misspelledOption: () => nodeApi.lockRun('/tmp/ganforge-contract-lock', { stale: 5000 } as never),
      nullInput: () => nodeApi.lockRun(null as never),
      disposedTensor: 'n/a: takes a folder, no tensor',
      oversized: 'n/a: takes a folder, no size',
    },
    train: {
      misspelledOption: () => nodeApi.train({ step: step(), data: tf.zeros([4, 2]), batchSize: 2, steps: 1, checkpoint: { directory: '/tmp/x', every: 1 } } as never),
      nullInput: () => nodeApi.train(null as never),
      disposedTensor: () => nodeApi.train({ step: step(), data: disposed([4, 2]), batchSize: 2, steps: 1 }),
      oversized: () => nodeApi.train({ step: step(), data: tf.zeros([4, 2]), batchSize: 2 ** 25, steps: 1 }),
    },
  },
  exempt: errors,
});


describe('issue 10 probes, by message', () => {
  it('suggests the real key for misspelled train options, and rejects negative rates and steps', async () => {
    const data = tf.zeros([4, 2]);
    await expect(nodeApi.train({ step: step(), data, batchSize: 2, steps: 1, checkpoint: { directory: '/tmp/x', every: 1 } } as never)).rejects.toThrow(
      "train: options.checkpoint must be a known option (did you mean 'checkpoints'?)",
    );
    await expect(nodeApi.train({ step: step(), data, batchSize: 2, steps: 1, metricFile: '/tmp/m.jsonl' } as never)).rejects.toThrow("(did you mean 'metricsFile'?)");
    await expect(nodeApi.train({ step: step(), data, batchSize: 2, steps: 1, learningRates: { generator: () => -1e-4 } })).rejects.toThrow(
      'train: options.learningRates.generator(0) must be a finite learning rate >= 0, got -0.0001',
    );
    expect(() => api.cosineSchedule({ initial: 1e-3, totalSteps: 10 })(-5)).toThrow('cosineSchedule: step must be a step count (an integer >= 0), got -5');
    expect(() => api.cosineSchedule({ initial: -1e-3, totalSteps: 10 })).toThrow(api.OptionError);
    expect(() => step().sampleLatent(1e10)).toThrow(api.LimitError);
    data.dispose();
  });
});
