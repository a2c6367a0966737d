/**
 * A training process for the cross-process tests (exact resume, SIGKILL during a
 * checkpoint write). Bundled with esbuild by `bundle-child.ts` and run with plain
 * `node`; takes one JSON argument (see `ChildArgs`) and prints `RESULT <json>` lines.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { createCheckpointManager, train } from '../index';
import { buildRun } from './child-models';
import { realData } from './micro-models';

export interface ChildArgs {
  backend: 'cpu' | 'wasm';
  /** 'train': run train() and print the final state; 'loop': save checkpoints forever. */
  mode: 'train' | 'loop';
  directory: string;
  steps: number;
  checkpointEvery: number;
  /** Hang inside onBeforeCommit when writing the checkpoint of this step. */
  hangAtStep?: number;
}

const args = JSON.parse(process.argv[2]!) as ChildArgs;
const print = (kind: string, value: unknown) => process.stdout.write(`${kind} ${JSON.stringify(value)}\n`);

/** Float bits as hex, so that comparisons are bit-exact (NaN and -0 included). */
const hex = (t: tf.Tensor) => Buffer.from((t.dataSync() as Float32Array).buffer).toString('hex');

async function state(step: ReturnType<typeof buildRun>, emaVariables: tf.Variable[]) {
  const optimizer = async (o: tf.Optimizer) => {
    const ws = await o.getWeights();
    const out = ws.map((w) => hex(w.tensor.dtype === 'float32' ? w.tensor : tf.cast(w.tensor, 'float32')));
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

async function main() {
  if (args.backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  }
  if (!(await tf.setBackend(args.backend))) throw new Error(`cannot set backend ${args.backend}`);
  await tf.ready();
  const step = buildRun();
  const data = realData(16, 3);
  if (args.mode === 'train') {
    const result = await train({
      step,
      data,
      batchSize: 4,
      steps: args.steps,
      ema: { decay: 0.9 },
      guard: { minDiversity: 0 },
      checkpoints: {
        directory: args.directory,
        every: args.checkpointEvery,
        keep: 5,
        onBeforeCommit: async () => {
          if (args.hangAtStep !== undefined && step.getState().dUpdates === args.hangAtStep) {
            print('HANG', args.hangAtStep);
            await new Promise(() => {});
          }
        },
      },
      hooks: {
        onCheckpoint: async ({ step: at, path }) => {
          print('CHECKPOINT', { step: at, path, state: await state(step, []) });
        },
      },
    });
    print('RESULT', { step: result.step, resumedFrom: result.resumedFrom, state: await state(step, result.ema!.variables().map((v) => v.variable)) });
  } else {
    const manager = createCheckpointManager(args.directory, { keep: 2 });
    const latest = await manager.latest();
    let at = latest === null ? 0 : (await manager.readState(latest)).progress.step;
    for (;;) {
      at++;
      await step(data);
      await manager.save({ step, progress: { step: at, epoch: 0, cursor: 0, epochSeed: null } });
      print('SAVED', at);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
