/**
 * A training process for the cross-process tests (exact resume, SIGKILL during a
 * checkpoint write). Bundled with esbuild by `bundle-child.ts` and run with plain
 * `node`; takes one JSON argument (see `ChildArgs`) and prints `<KIND> <json>` lines.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { createCheckpointManager } from '../checkpoint-manager';
import { buildRun, type RunOptions, trainRun } from './child-models';
import { realData } from './micro-models';

export interface ChildArgs extends Omit<RunOptions, 'report'> {
  backend: 'cpu' | 'wasm';
  /** 'train': run trainRun() and print its result; 'loop': save checkpoints forever. */
  mode: 'train' | 'loop';
}

const print = (kind: string, value: unknown) => process.stdout.write(`${kind} ${JSON.stringify(value)}\n`);

async function main() {
  const args = JSON.parse(process.argv[2]!) as ChildArgs;
  if (args.backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
  }
  if (!(await tf.setBackend(args.backend))) throw new Error(`cannot set backend ${args.backend}`);
  await tf.ready();
  if (args.mode === 'train') {
    print('RESULT', await trainRun({ ...args, report: print }));
    return;
  }
  const step = buildRun();
  const data = realData(16, 3);
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

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
