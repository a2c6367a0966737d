import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from '../errors';
import type { GanModel } from '../gan-model';
import { describeValue } from './checks';
import type { PrngState } from '@ganforge/internal';

/** One saved piece of model state. */
export interface StateVariable {
  name: string;
  variable: tf.Variable;
  trainable: boolean;
}

/** The uniform view of a {@link GanModel} that the step, the EMA and checkpoints use. */
export interface ModelAdapter {
  readonly kind: 'layers' | 'variables';
  readonly model: GanModel;
  /** One input, or `[x, labels]` for a conditional model. */
  forward(inputs: tf.Tensor | tf.Tensor[], training: boolean, seed: number): tf.Tensor;
  trainableVariables(): tf.Variable[];
  /** Every variable that defines the model's state, in a fixed order. */
  stateVariables(): StateVariable[];
  /** The tfjs-layers topology (`model.toJSON(null, false)`), or null. */
  topology(): object | null;
  /** Layers (or the model itself) that keep a random stream: `getRandomState()` / `setRandomState()`, by a stable key. */
  randomStates(): Map<string, RandomStateful>;
  /** The first layer that computes batch statistics (BatchNormalization, MinibatchStdDev), or null. */
  batchStatisticsLayer(): string | null;
}

/** A layer or model whose random stream can be saved and restored (e.g. gan-layers' `SeededDropout`). */
export interface RandomStateful {
  getRandomState(): PrngState;
  setRandomState(state: PrngState): void;
}

const isRandomStateful = (value: unknown): value is RandomStateful =>
  value !== null && typeof value === 'object' && typeof (value as RandomStateful).getRandomState === 'function' && typeof (value as RandomStateful).setRandomState === 'function';

interface LayerLike {
  name: string;
  getClassName?: () => string;
  layers?: LayerLike[];
}

/** Every layer of a (possibly nested) tfjs-layers model, depth first. */
function allLayers(model: { layers?: LayerLike[] }): LayerLike[] {
  const out: LayerLike[] = [];
  for (const layer of model.layers ?? []) {
    out.push(layer);
    if (Array.isArray(layer.layers)) out.push(...allLayers(layer));
  }
  return out;
}

const BATCH_STATISTICS = new Set(['BatchNormalization', 'MinibatchStdDev']);

const isLayersModel = (model: GanModel) => Array.isArray(model.trainableWeights) && Array.isArray(model.weights);

export function adaptModel(functionName: string, argument: string, model: unknown): ModelAdapter {
  const expected = 'a tfjs-layers model or { apply(x, { training }), trainableVariables }';
  if (model === null || typeof model !== 'object' || typeof (model as GanModel).apply !== 'function') {
    throw new ModelError({ functionName, argument, expected, actual: model !== null && typeof model === 'object' ? 'an object without apply()' : describeValue(model) });
  }
  const m = model as GanModel;
  const layers = isLayersModel(m);
  if (!layers && !Array.isArray(m.trainableVariables)) {
    throw new ModelError({ functionName, argument, expected, actual: 'an object with apply() but neither trainableVariables nor trainableWeights' });
  }
  const checkOutput = (out: unknown): tf.Tensor => {
    if (!(out instanceof tf.Tensor)) {
      throw new ModelError({ functionName, argument: `${argument}.apply()`, expected: 'to return one tf.Tensor', actual: describeValue(out) });
    }
    return out;
  };
  if (layers) {
    return {
      kind: 'layers',
      model: m,
      forward: (inputs, training) => checkOutput(m.apply(inputs as tf.Tensor, { training })),
      trainableVariables: () => m.trainableWeights!.map((w) => w.read() as tf.Variable),
      stateVariables: () => m.weights!.map((w) => ({ name: w.originalName ?? w.name, variable: w.read() as tf.Variable, trainable: w.trainable })),
      topology: () => {
        const toJSON = (m as { toJSON?: (a: null, b: boolean) => unknown }).toJSON;
        if (typeof toJSON !== 'function') return null;
        try {
          return toJSON.call(m, null, false) as object;
        } catch {
          return null;
        }
      },
      randomStates: () => {
        const found = new Map<string, RandomStateful>();
        allLayers(m as { layers?: LayerLike[] }).forEach((layer, i) => {
          if (isRandomStateful(layer)) found.set(`${i}:${layer.getClassName?.() ?? 'layer'}`, layer); // names differ between builds; positions do not
        });
        return found;
      },
      batchStatisticsLayer: () => {
        const layer = allLayers(m as { layers?: LayerLike[] }).find((l) => BATCH_STATISTICS.has(l.getClassName?.() ?? ''));
        return layer ? `${layer.getClassName?.()} layer '${layer.name}'` : null;
      },
    };
  }
  return {
    kind: 'variables',
    model: m,
    forward: (inputs, training, seed) => checkOutput(m.apply(inputs as tf.Tensor, { training, seed })),
    trainableVariables: () => [...m.trainableVariables!],
    stateVariables: () => [
      ...m.trainableVariables!.map((v) => ({ name: v.name, variable: v, trainable: true })),
      ...(m.nonTrainableVariables ?? []).map((v) => ({ name: v.name, variable: v, trainable: false })),
    ],
    topology: () => null,
    randomStates: () => new Map(isRandomStateful(m) ? [['model', m]] : []),
    batchStatisticsLayer: () => ((m as { batchStatistics?: boolean }).batchStatistics === true ? 'the model (batchStatistics: true)' : null),
  };
}
