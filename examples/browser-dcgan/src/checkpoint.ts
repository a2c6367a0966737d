/**
 * Pause/resume through IndexedDB with tfjs's own IOHandler (`indexeddb://`): one
 * ModelArtifacts entry holds the generator's and the discriminator's weights, both
 * optimizers' state (FusedAdam's moments and iteration count) and, as metadata, the
 * step's random state (run stream and the layers' dropout streams), the data cursor,
 * the curves so far and the page settings. A reload reads it back and continues the
 * same run: the same batches in the same order, the same noise.
 */
import type { GanStep, GanStepState } from '@ganforge/gan-train';
import * as tf from '@tensorflow/tfjs-core';

/** Where the checkpoint lives (one per origin). */
export const CHECKPOINT_URL = 'indexeddb://ganforge-browser-dcgan-checkpoint';

/** Where the run is: as gan-train's `train` keeps it. */
export interface RunProgress {
  step: number;
  epoch: number;
  cursor: number;
  epochSeed: number | null;
}

/** One row of the curves (the shared chart spec's `metrics` rows). */
export interface MetricsRow {
  step: number;
  dLoss: number | null;
  gLoss: number | null;
  fid: number | null;
}

/** The page settings a run was started with (a resumed run keeps them). */
export interface RunSettings {
  preset: 'seed' | 'tutorial';
  batchSize: number;
  learningRate: number;
  seed: number;
  /** The augmentation pipeline applied to real and fake batches, or null. */
  augmentation: unknown | null;
}

interface CheckpointMetadata {
  format: 'ganforge-browser-dcgan';
  version: 1;
  progress: RunProgress;
  stepState: GanStepState;
  settings: RunSettings;
  rows: MetricsRow[];
  savedAt: string;
  /** Weight counts of each part, in order: generator, discriminator, G optimizer, D optimizer. */
  parts: number[];
}

export interface LoadedCheckpoint {
  progress: RunProgress;
  settings: RunSettings;
  rows: MetricsRow[];
  savedAt: string;
}

const modelWeights = (model: GanStep['generator']) => (model as unknown as { weights: { val: tf.Variable; originalName: string }[] }).weights;

/** Saves the run into IndexedDB (replacing the previous checkpoint). */
export async function saveCheckpoint(step: GanStep, progress: RunProgress, settings: RunSettings, rows: MetricsRow[]): Promise<void> {
  const g = modelWeights(step.generator).map((w, i) => ({ name: `generator/${i}/${w.originalName}`, tensor: w.val as tf.Tensor }));
  const d = modelWeights(step.discriminator).map((w, i) => ({ name: `discriminator/${i}/${w.originalName}`, tensor: w.val as tf.Tensor }));
  const gOpt = (await step.gOptimizer.getWeights()).map((w, i) => ({ name: `g-optimizer/${i}/${w.name}`, tensor: w.tensor }));
  const dOpt = (await step.dOptimizer.getWeights()).map((w, i) => ({ name: `d-optimizer/${i}/${w.name}`, tensor: w.tensor }));
  try {
    const { data, specs } = await tf.io.encodeWeights([...g, ...d, ...gOpt, ...dOpt]);
    const metadata: CheckpointMetadata = {
      format: 'ganforge-browser-dcgan',
      version: 1,
      progress,
      stepState: step.getState(),
      settings,
      rows,
      savedAt: new Date().toISOString(),
      parts: [g.length, d.length, gOpt.length, dOpt.length],
    };
    const [handler] = tf.io.getSaveHandlers(CHECKPOINT_URL);
    if (!handler?.save) throw new Error(`no tfjs IOHandler for ${CHECKPOINT_URL}`);
    await handler.save({ modelTopology: { checkpoint: 'ganforge-browser-dcgan' }, format: 'ganforge-checkpoint', generatedBy: '@ganforge/example-browser-dcgan', weightSpecs: specs, weightData: data, userDefinedMetadata: metadata as never });
  } finally {
    // getWeights() creates the iteration scalar; the moments are the optimizer's own variables.
    tf.dispose([...gOpt, ...dOpt].map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  }
}

/** The checkpoint's metadata without its weights, or null when there is none. */
export async function peekCheckpoint(): Promise<LoadedCheckpoint | null> {
  const models = await tf.io.listModels().catch(() => ({}) as Record<string, unknown>);
  if (!(CHECKPOINT_URL in models)) return null;
  const artifacts = await loadArtifacts();
  const meta = artifacts.userDefinedMetadata as unknown as CheckpointMetadata;
  return { progress: meta.progress, settings: meta.settings, rows: meta.rows, savedAt: meta.savedAt };
}

async function loadArtifacts(): Promise<tf.io.ModelArtifacts> {
  const [handler] = tf.io.getLoadHandlers(CHECKPOINT_URL);
  if (!handler?.load) throw new Error(`no tfjs IOHandler for ${CHECKPOINT_URL}`);
  const artifacts = await handler.load();
  const meta = artifacts.userDefinedMetadata as unknown as CheckpointMetadata | undefined;
  if (meta?.format !== 'ganforge-browser-dcgan' || meta.version !== 1) throw new Error(`${CHECKPOINT_URL} is not a browser-dcgan checkpoint`);
  return artifacts;
}

/**
 * Restores the models, the optimizers and the step's random state of `step`
 * (built with the checkpoint's settings) from IndexedDB.
 */
export async function restoreCheckpoint(step: GanStep): Promise<LoadedCheckpoint> {
  const artifacts = await loadArtifacts();
  const meta = artifacts.userDefinedMetadata as unknown as CheckpointMetadata;
  const specs = artifacts.weightSpecs ?? [];
  const weightData = artifacts.weightData;
  if (weightData === undefined) throw new Error('the checkpoint holds no weights');
  const map = tf.io.decodeWeights(weightData, specs);
  const ordered = specs.map((spec) => map[spec.name]!);
  try {
    const [gCount, dCount, gOptCount, dOptCount] = meta.parts as [number, number, number, number];
    const gWeights = modelWeights(step.generator);
    const dWeights = modelWeights(step.discriminator);
    if (gWeights.length !== gCount || dWeights.length !== dCount) {
      throw new Error(`the checkpoint's models (${gCount} + ${dCount} weights) do not match the ${meta.settings.preset} preset (${gWeights.length} + ${dWeights.length})`);
    }
    let at = 0;
    const take = (count: number) => ordered.slice(at, (at += count));
    const g = take(gCount);
    const d = take(dCount);
    const named = (tensors: tf.Tensor[], prefix: string) => tensors.map((tensor, i) => ({ name: specs[at - tensors.length + i]!.name.slice(`${prefix}/${i}/`.length), tensor }));
    const gOpt = named(take(gOptCount), 'g-optimizer');
    const dOpt = named(take(dOptCount), 'd-optimizer');
    gWeights.forEach((w, i) => {
      w.val.assign(g[i]!);
    });
    dWeights.forEach((w, i) => {
      w.val.assign(d[i]!);
    });
    await step.gOptimizer.setWeights(gOpt);
    await step.dOptimizer.setWeights(dOpt);
    step.setState(meta.stepState);
  } finally {
    // setWeights copies the moments into fresh variables; the decoded tensors are ours to free.
    tf.dispose(ordered);
  }
  return { progress: meta.progress, settings: meta.settings, rows: meta.rows, savedAt: meta.savedAt };
}

/** Removes the checkpoint (a fresh run). */
export async function deleteCheckpoint(): Promise<void> {
  const models = await tf.io.listModels().catch(() => ({}) as Record<string, unknown>);
  if (CHECKPOINT_URL in models) await tf.io.removeModel(CHECKPOINT_URL);
}
