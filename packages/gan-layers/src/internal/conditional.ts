import * as tfl from '@tensorflow/tfjs-layers';
import { ClassEmbedding } from '../class-embedding';

/**
 * The conditional form of a preset's generator: noise `[batch, latentDim]` and labels
 * `[batch, 1]` int32 → `ClassEmbedding(labels)` concatenated to the noise → `body`
 * (the preset's layers, the first without an `inputShape`).
 */
export function conditionalGenerator(args: {
  name: string;
  latentDim: number;
  numClasses: number;
  embeddingDim: number;
  seed: number | undefined;
  body: tfl.layers.Layer[];
}): tfl.LayersModel {
  const noise = tfl.input({ shape: [args.latentDim], name: `${args.name}_noise` });
  const labels = tfl.input({ shape: [1], dtype: 'int32', name: `${args.name}_labels` });
  const embedding = new ClassEmbedding({ numClasses: args.numClasses, outputDim: args.embeddingDim, seed: args.seed }).apply(labels) as tfl.SymbolicTensor;
  let x = tfl.layers.concatenate().apply([noise, embedding]) as tfl.SymbolicTensor;
  for (const layer of args.body) x = layer.apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [noise, labels], outputs: x, name: args.name });
}

/**
 * The projection form of a preset's discriminator (Miyato & Koyama 2018): images →
 * `features` (the preset's layers up to and including Flatten, the first without an
 * `inputShape`) → `head` (Dense 1) plus `⟨embed(labels), φ(x)⟩`.
 */
export function projectionDiscriminator(args: {
  name: string;
  imageShape: [number, number, number];
  numClasses: number;
  seed: number | undefined;
  features: tfl.layers.Layer[];
  head: tfl.layers.Layer;
}): tfl.LayersModel {
  const images = tfl.input({ shape: args.imageShape, name: `${args.name}_images` });
  const labels = tfl.input({ shape: [1], dtype: 'int32', name: `${args.name}_labels` });
  let features: tfl.SymbolicTensor = images;
  for (const layer of args.features) features = layer.apply(features) as tfl.SymbolicTensor;
  const logit = args.head.apply(features) as tfl.SymbolicTensor;
  const embedding = new ClassEmbedding({
    numClasses: args.numClasses,
    outputDim: features.shape[1] as number,
    seed: args.seed,
  }).apply(labels) as tfl.SymbolicTensor;
  const projection = tfl.layers.dot({ axes: 1 }).apply([embedding, features]) as tfl.SymbolicTensor;
  const output = tfl.layers.add().apply([logit, projection]) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [images, labels], outputs: output, name: args.name });
}
