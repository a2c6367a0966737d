/**
 * Generators in and out: the page's generator downloads as `model.json` +
 * `model.weights.bin` (tfjs's `downloads://` IOHandler), and a generator trained by
 * the Node CLI (its checkpoint's `generator/model.json` + `weights.bin`) loads through
 * `tf.io.browserFiles` and draws a grid. gan-layers is imported, so its layer classes
 * (SeededDropout) are registered for deserialisation.
 */
import '@ganforge/gan-layers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export async function downloadGenerator(generator: tfl.LayersModel): Promise<void> {
  await generator.save('downloads://model');
}

export interface LoadedGenerator {
  model: tfl.LayersModel;
  latentDim: number;
  description: string;
}

/** Loads a layers-model generator from the chosen files (one .json, its .bin shards). */
export async function loadGeneratorFiles(files: File[]): Promise<LoadedGenerator> {
  const json = files.find((file) => file.name.endsWith('.json'));
  if (!json) throw new Error('choose the model.json and its weights file(s) together');
  const weights = files.filter((file) => file !== json);
  // strict: false: a checkpoint may list state beyond the layers' weights.
  const model = await tfl.loadLayersModel(tf.io.browserFiles([json, ...weights]), { strict: false });
  const input = model.inputs[0]?.shape ?? [];
  const latentDim = input[input.length - 1];
  if (typeof latentDim !== 'number') throw new Error(`the model's input shape ${JSON.stringify(input)} is not [batch, latentDim]`);
  const output = model.outputs[0]?.shape ?? [];
  return { model, latentDim, description: `${json.name}: ${model.name}, latent ${latentDim} -> ${JSON.stringify(output.slice(1))}, ${model.countParams().toLocaleString()} parameters` };
}

/** `count` images from a seeded N(0, 1) latent batch, NHWC as the model outputs them. */
export function generate(loaded: LoadedGenerator, count: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => loaded.model.predict(tf.randomNormal([count, loaded.latentDim], 0, 1, 'float32', seed)) as tf.Tensor4D);
}
