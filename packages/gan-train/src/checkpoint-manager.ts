import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, CheckpointMismatchError, OptionError } from './errors';
import type { GanStep, GanStepState, StepMetrics } from './gan-step';
import type { GeneratorEma, GeneratorEmaState } from './generator-ema';
import { decodeOrdered, readArtifacts, writeArtifacts } from './internal/artifacts-io';
import { commitDirectory, removeDirectory, temporarySibling, writeFileDurable } from '@ganforge/internal/node';
import { checkKeys, checkNumber, describeValue, isPositiveInteger } from './internal/checks';
import { diffConfigs } from './internal/config-diff';
import type { ModelAdapter, StateVariable } from './internal/model-adapter';
import { optimizerWeights, setOptimizerWeights } from './internal/optimizer-state';

/**
 * Where a run stands: what a checkpoint needs besides the tensors.
 *
 * @example
 * await checkpoints.save({ step, progress: { step: 100, epoch: 1, cursor: 36, epochSeed: 987 } });
 */
export interface TrainProgress {
  /** Completed steps (calls of the step function). */
  step: number;
  /** Current 0-based epoch. */
  epoch: number;
  /** Index of the next batch within the epoch. */
  cursor: number;
  /** Seed of the current epoch's order, or null before it is drawn. */
  epochSeed: number | null;
}

/**
 * Everything a checkpoint saves.
 *
 * @example
 * await checkpoints.save({ step, ema, progress, config: { dataset: 'mnist', batchSize: 64 } });
 */
export interface TrainingSnapshot {
  step: GanStep;
  /** The generator EMA, when the run keeps one. */
  ema?: GeneratorEma | null;
  progress: TrainProgress;
  /** Extra configuration to compare on resume (batch size, data set, ...): JSON. */
  config?: Record<string, unknown>;
  /** Metrics of the last step, kept for reference. */
  metrics?: StepMetrics | null;
}

/**
 * The JSON part of a checkpoint (`state.json`).
 *
 * @example
 * const { progress, stepState, config } = await checkpoints.readState(path);
 */
export interface CheckpointState {
  format: 'ganforge/gan-train checkpoint';
  version: 1;
  progress: TrainProgress;
  stepState: GanStepState;
  ema: ({ decay: number } & GeneratorEmaState) | null;
  config: Record<string, unknown>;
  metrics: StepMetrics | null;
  createdAt: string;
}

/**
 * Options of {@link createCheckpointManager}.
 *
 * @example
 * createCheckpointManager('./runs/a/checkpoints', { keep: 5 });
 */
export interface CheckpointManagerOptions {
  /** Checkpoints kept; older ones are removed after each save. Default 3. */
  keep?: number;
  /**
   * Called after every file of a checkpoint is written and flushed in its temporary
   * folder, just before the rename that publishes it. Default none. For tests of
   * crash safety and for custom syncing.
   */
  onBeforeCommit?: (temporaryDirectory: string) => void | Promise<void>;
}

/**
 * A complete checkpoint on disk.
 *
 * @example
 * for (const { step, path } of await checkpoints.list()) console.log(step, path);
 */
export interface CheckpointInfo {
  path: string;
  step: number;
}

/**
 * Saves and restores training checkpoints in one folder.
 *
 * @example
 * const checkpoints: CheckpointManager = createCheckpointManager('./runs/a');
 * const latest = await checkpoints.latest();
 */
export interface CheckpointManager {
  readonly directory: string;
  /** Writes a checkpoint atomically and prunes old ones; resolves to its folder. */
  save(snapshot: TrainingSnapshot): Promise<string>;
  /** Complete checkpoints, oldest first. */
  list(): Promise<CheckpointInfo[]>;
  /** The newest complete checkpoint's folder, or null. */
  latest(): Promise<string | null>;
  /** Reads a checkpoint's `state.json`. */
  readState(path: string): Promise<CheckpointState>;
  /**
   * Loads a checkpoint (default the latest) into the step's models, optimizers, counters
   * and random stream and into the EMA; resolves to the saved progress. Refuses with
   * {@link CheckpointMismatchError} when the configuration differs, before changing anything.
   */
  restore(target: Omit<TrainingSnapshot, 'progress' | 'metrics'>, path?: string): Promise<{ path: string; progress: TrainProgress; metrics: StepMetrics | null }>;
}

const STATE_JSON = 'state.json';
const PREFIX = 'step-';
const FORMAT = 'ganforge/gan-train checkpoint';
const PARTS = { generator: 'generator', discriminator: 'discriminator', ema: 'generator-ema', gOptimizer: 'g-optimizer', dOptimizer: 'd-optimizer' } as const;

const folderName = (step: number) => `${PREFIX}${String(step).padStart(9, '0')}`;

/**
 * The configuration compared on resume.
 *
 * @example
 * describeSnapshot({ step, ema, config: { batchSize: 64 } }); // { latentDim, loss, penalties, ..., user: { batchSize: 64 } }
 */
export function describeSnapshot(snapshot: Omit<TrainingSnapshot, 'progress' | 'metrics'>): Record<string, unknown> {
  return {
    ...snapshot.step.describe(),
    ema: snapshot.ema ? { decay: snapshot.ema.decay } : null,
    user: snapshot.config ?? {},
  };
}

async function modelArtifacts(adapter: ModelAdapter, variables: StateVariable[]): Promise<tf.io.ModelArtifacts> {
  const { data, specs } = await tf.io.encodeWeights(variables.map((v) => ({ name: v.name, tensor: v.variable })));
  return {
    modelTopology: adapter.topology() ?? undefined,
    format: adapter.kind === 'layers' ? 'layers-model' : 'ganforge-variables',
    generatedBy: `TensorFlow.js tfjs-core v${tf.version_core} via @ganforge/gan-train`,
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
  };
}

async function optimizerArtifacts(optimizer: tf.Optimizer): Promise<tf.io.ModelArtifacts> {
  const { weights, release } = await optimizerWeights(optimizer);
  try {
    const { data, specs } = await tf.io.encodeWeights(weights);
    return { format: 'ganforge-optimizer-state', generatedBy: `@ganforge/gan-train (${optimizer.getClassName()})`, convertedBy: null, weightSpecs: specs, weightData: data };
  } finally {
    release();
  }
}

/**
 * Manages the checkpoints of one run in `directory`: each is a folder
 * `step-000000120/` holding `generator/`, `discriminator/`, `generator-ema/` (tfjs
 * `model.json` + `weights.bin`; layers models keep their topology, so
 * `tf.loadLayersModel` reads them), both optimizers' state (Adam's moments,
 * iteration count and running powers), and `state.json` (step, epoch, data cursor,
 * epoch seed, random stream, counters, configuration). A checkpoint is written in a
 * temporary folder and published by one rename, so a crash never leaves a partial one
 * under a `step-*` name; the `keep` newest are kept.
 *
 * @example
 * const checkpoints = createCheckpointManager('./runs/a', { keep: 3 });
 * await checkpoints.save({ step, ema, progress: { step: 100, epoch: 0, cursor: 100, epochSeed: 7 } });
 * const { progress } = await checkpoints.restore({ step, ema }); // into freshly built models
 */
export function createCheckpointManager(directory: string, options: CheckpointManagerOptions = {}): CheckpointManager {
  options ??= {};
  const fn = 'createCheckpointManager';
  if (typeof directory !== 'string' || directory.length === 0) {
    throw new OptionError({ functionName: fn, argument: 'directory', expected: 'a non-empty path', actual: describeValue(directory) });
  }
  checkKeys(fn, options, ['keep', 'onBeforeCommit']);
  const keep = checkNumber(fn, 'options.keep', options.keep ?? 3, isPositiveInteger, 'a positive integer');
  const onBeforeCommit = options.onBeforeCommit;

  const list = async (): Promise<CheckpointInfo[]> => {
    let names: string[];
    try {
      names = await fs.readdir(directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const found: CheckpointInfo[] = [];
    for (const name of names) {
      const match = /^step-(\d+)$/.exec(name);
      if (!match) continue;
      const path = join(directory, name);
      try {
        await fs.access(join(path, STATE_JSON));
        found.push({ path, step: Number(match[1]) });
      } catch {
        // Not complete (cannot happen through save(), which renames whole folders).
      }
    }
    return found.sort((a, b) => a.step - b.step);
  };

  const readState = async (path: string): Promise<CheckpointState> => {
    let state: CheckpointState;
    try {
      state = JSON.parse(await fs.readFile(join(path, STATE_JSON), 'utf8')) as CheckpointState;
    } catch (error) {
      throw new CheckpointError({ functionName: 'CheckpointManager.readState', argument: 'path', expected: 'a complete checkpoint folder', actual: `${path} (${STATE_JSON}: ${(error as Error).message})` });
    }
    if (state.format !== FORMAT || state.version !== 1) {
      throw new CheckpointError({ functionName: 'CheckpointManager.readState', argument: 'path', expected: `a "${FORMAT}" version 1 checkpoint`, actual: `${path} (format ${JSON.stringify(state.format)}, version ${JSON.stringify(state.version)})` });
    }
    return state;
  };

  const removeStale = async () => {
    let names: string[] = [];
    try {
      names = await fs.readdir(directory);
    } catch {
      return;
    }
    // Temporary and trash folders left by a crash.
    await Promise.all(names.filter((n) => /^\.step-\d+\.(tmp|trash)-/.test(n)).map((n) => fs.rm(join(directory, n), { recursive: true, force: true })));
  };

  return {
    directory,
    list,
    readState,
    async latest() {
      const all = await list();
      return all.length === 0 ? null : all[all.length - 1]!.path;
    },

    async save(snapshot) {
      const { step, ema, progress } = snapshot;
      if (!Number.isInteger(progress?.step) || progress.step < 0) {
        throw new OptionError({ functionName: 'CheckpointManager.save', argument: 'snapshot.progress.step', expected: 'a non-negative integer', actual: describeValue(progress?.step) });
      }
      await fs.mkdir(directory, { recursive: true });
      await removeStale();
      const target = join(directory, folderName(progress.step));
      const temp = temporarySibling(target);
      try {
        const g = step.adapters.generator;
        const d = step.adapters.discriminator;
        await writeArtifacts(join(temp, PARTS.generator), await modelArtifacts(g, g.stateVariables()));
        await writeArtifacts(join(temp, PARTS.discriminator), await modelArtifacts(d, d.stateVariables()));
        if (ema) await writeArtifacts(join(temp, PARTS.ema), await modelArtifacts(g, ema.variables()));
        await writeArtifacts(join(temp, PARTS.gOptimizer), await optimizerArtifacts(step.gOptimizer));
        await writeArtifacts(join(temp, PARTS.dOptimizer), await optimizerArtifacts(step.dOptimizer));
        const state: CheckpointState = {
          format: FORMAT,
          version: 1,
          progress: { step: progress.step, epoch: progress.epoch, cursor: progress.cursor, epochSeed: progress.epochSeed },
          stepState: step.getState(),
          ema: ema ? { decay: ema.decay, ...ema.getState() } : null,
          config: describeSnapshot(snapshot),
          metrics: snapshot.metrics ?? null,
          createdAt: new Date().toISOString(),
        };
        await writeFileDurable(join(temp, STATE_JSON), `${JSON.stringify(state, null, 2)}\n`);
        if (onBeforeCommit) await onBeforeCommit(temp);
        await commitDirectory(temp, target);
      } catch (error) {
        await fs.rm(temp, { recursive: true, force: true });
        throw error;
      }
      const all = await list();
      for (const old of all.slice(0, Math.max(0, all.length - keep))) await removeDirectory(old.path);
      return target;
    },

    async restore(target, path) {
      const rfn = 'CheckpointManager.restore';
      const chosen = path ?? (await this.latest());
      if (chosen === null) {
        throw new CheckpointError({ functionName: rfn, argument: 'path', expected: `a checkpoint in ${directory}`, actual: 'none' });
      }
      const state = await readState(chosen);
      const current = describeSnapshot(target);
      // Checkpoints of gan-train < 0.2 did not record the seed: they resume under any seed.
      if (!('seed' in state.config)) delete current.seed;
      const differences = diffConfigs(state.config, current);
      if (differences.length > 0) throw new CheckpointMismatchError(rfn, chosen, differences);
      const read = async (part: string) => {
        try {
          return decodeOrdered(await readArtifacts(join(chosen, part)));
        } catch (error) {
          throw new CheckpointError({ functionName: rfn, argument: 'path', expected: 'a complete checkpoint folder', actual: `${chosen} (${part}: ${(error as Error).message})` });
        }
      };
      const loaded: { name: string; tensor: tf.Tensor }[][] = [];
      try {
        // Read and check everything before changing anything.
        const g = target.step.adapters.generator;
        const d = target.step.adapters.discriminator;
        const plan: [StateVariable[], string][] = [
          [g.stateVariables(), PARTS.generator],
          [d.stateVariables(), PARTS.discriminator],
        ];
        if (target.ema) plan.push([target.ema.variables(), PARTS.ema]);
        for (const [variables, part] of plan) {
          const weights = await read(part);
          loaded.push(weights);
          const ok = weights.length === variables.length && weights.every((w, i) => tf.util.arraysEqual(w.tensor.shape, variables[i]!.variable.shape) && w.tensor.dtype === variables[i]!.variable.dtype);
          if (!ok) {
            throw new CheckpointError({ functionName: rfn, argument: 'path', expected: `${part} weights shaped like the current model's ${variables.length}`, actual: `${chosen}: ${weights.length} weights ${JSON.stringify(weights.map((w) => w.tensor.shape))}` });
          }
        }
        const gOptimizerWeights = await read(PARTS.gOptimizer);
        loaded.push(gOptimizerWeights);
        const dOptimizerWeights = await read(PARTS.dOptimizer);
        loaded.push(dOptimizerWeights);
        for (const optimizer of [target.step.gOptimizer, target.step.dOptimizer]) {
          try {
            await setOptimizerWeights(optimizer, optimizer === target.step.gOptimizer ? gOptimizerWeights : dOptimizerWeights);
          } catch (error) {
            throw new CheckpointError({
              functionName: rfn,
              argument: 'optimizer',
              expected: 'an optimizer whose state tfjs can restore (SGD, momentum, RMSProp, Adagrad, Adadelta, Adam)',
              actual: `${optimizer.getClassName()} (${(error as Error).message})`,
            });
          }
        }
        plan.forEach(([variables], i) => {
          variables.forEach((v, j) => {
            v.variable.assign(loaded[i]![j]!.tensor);
          });
        });
        target.step.setState(state.stepState);
        if (target.ema && state.ema) target.ema.setState({ updates: state.ema.updates });
      } finally {
        tf.dispose(loaded.flat().map((w) => w.tensor));
      }
      return { path: chosen, progress: state.progress, metrics: state.metrics };
    },
  };
}
