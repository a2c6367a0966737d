import * as tf from '@tensorflow/tfjs-core';
import { createGanStep } from '../gan-step';
import { hingeLoss } from '../hinge-loss';
import { train } from '../train';
import { r1Penalty } from '../zero-centered-penalty';
import { microGenerator, noiseAugment, realData, variablesModel } from './micro-models';

/** The run of the cross-process tests, built identically in every process. */
export function buildRun() {
  // A tfjs-layers generator and a plain-object discriminator whose dropout draws its seeds from the stream.
  return createGanStep({
    generator: microGenerator(4, 3, 1),
    discriminator: variablesModel(3, 1, 4, 0.25),
    loss: hingeLoss(),
    penalties: [r1Penalty({ gamma: 1 })],
    gOptimizer: tf.train.adam(1e-2, 0.5),
    dOptimizer: tf.train.adam(1e-2, 0.5),
    latentDim: 4,
    augment: noiseAugment,
    seed: 11,
  });
}

/** Float bits as hex, so that comparisons are bit-exact (NaN and -0 included). */
export const hex = (t: tf.Tensor) => Buffer.from((t.dataSync() as Float32Array).buffer).toString('hex');

/** Every number of a run's state, as hex float bits. */
export async function stateOf(step: ReturnType<typeof buildRun>, emaVariables: tf.Variable[]) {
  const optimizer = async (o: tf.Optimizer) => {
    const ws = await o.getWeights();
    const out = ws.map((w) => (w.tensor.dtype === 'float32' ? hex(w.tensor) : Array.from(w.tensor.dataSync()).join(',')));
    tf.dispose(ws.filter((w) => !(w.tensor instanceof tf.Variable)).map((w) => w.tensor));
    return out;
  };
  return {
    generator: step.adapters.generator.stateVariables().map((v) => hex(v.variable)),
    discriminator: step.adapters.discriminator.stateVariables().map((v) => hex(v.variable)),
    ema: emaVariables.map(hex),
    gOptimizer: await optimizer(step.gOptimizer),
    dOptimizer: await optimizer(step.dOptimizer),
    stepState: step.getState(),
  };
}

export type RunState = Awaited<ReturnType<typeof stateOf>>;

export interface RunOptions {
  directory: string;
  steps: number;
  checkpointEvery: number;
  /** Hang inside onBeforeCommit when writing the checkpoint of this step. */
  hangAtStep?: number;
  /** Called with (kind, value) for `CHECKPOINT` and `HANG` events. */
  report?: (kind: string, value: unknown) => void;
}

/** Trains the run with `train()` (EMA, checkpoints, resume) and returns its final state. */
export async function trainRun(options: RunOptions): Promise<{ step: number; resumedFrom: string | null; state: RunState }> {
  const step = buildRun();
  const data = realData(16, 3);
  const report = options.report ?? (() => {});
  const result = await train({
    step,
    data,
    batchSize: 4,
    steps: options.steps,
    ema: { decay: 0.9 },
    guard: { minDiversity: 0 },
    checkpoints: {
      directory: options.directory,
      every: options.checkpointEvery,
      keep: 5,
      onBeforeCommit: async () => {
        if (options.hangAtStep !== undefined && step.getState().dUpdates === options.hangAtStep) {
          report('HANG', options.hangAtStep);
          await new Promise(() => {});
        }
      },
    },
    hooks: {
      onCheckpoint: async ({ step: at, path }) => {
        report('CHECKPOINT', { step: at, path, state: await stateOf(step, []) });
      },
    },
  });
  const state = await stateOf(step, result.ema!.variables().map((v) => v.variable));
  result.ema!.dispose();
  data.dispose();
  return { step: result.step, resumedFrom: result.resumedFrom, state };
}
