import * as tfl from '@tensorflow/tfjs-layers';
import { ClassEmbedding } from '../class-embedding';

/**
 * The label input of a conditional generator and `concat([noise, ClassEmbedding(labels)])`:
 * what every conditional generator here feeds its first layer.
 */
export function embedLabels(name: string, noise: tfl.SymbolicTensor, numClasses: number, embeddingDim: number, seed: number | undefined) {
  const labels = tfl.input({ shape: [1], dtype: 'int32', name: `${name}_labels` });
  const embedding = new ClassEmbedding({ numClasses, outputDim: embeddingDim, seed }).apply(labels) as tfl.SymbolicTensor;
  return { labels, x: tfl.layers.concatenate().apply([noise, embedding]) as tfl.SymbolicTensor };
}

/**
 * The label input of a projection discriminator and `logit + ⟨ClassEmbedding(labels), features⟩`
 * (Miyato & Koyama 2018), `features` being the flattened features the logit is computed from.
 */
export function projectLabels(name: string, features: tfl.SymbolicTensor, logit: tfl.SymbolicTensor, numClasses: number, seed: number | undefined) {
  const labels = tfl.input({ shape: [1], dtype: 'int32', name: `${name}_labels` });
  const embedding = new ClassEmbedding({ numClasses, outputDim: features.shape[1] as number, seed }).apply(labels) as tfl.SymbolicTensor;
  const projection = tfl.layers.dot({ axes: 1 }).apply([embedding, features]) as tfl.SymbolicTensor;
  return { labels, output: tfl.layers.add().apply([logit, projection]) as tfl.SymbolicTensor };
}

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
  const { labels, x: conditioned } = embedLabels(args.name, noise, args.numClasses, args.embeddingDim, args.seed);
  let x = conditioned;
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
  let features: tfl.SymbolicTensor = images;
  for (const layer of args.features) features = layer.apply(features) as tfl.SymbolicTensor;
  const logit = args.head.apply(features) as tfl.SymbolicTensor;
  const { labels, output } = projectLabels(args.name, features, logit, args.numClasses, args.seed);
  return tfl.model({ inputs: [images, labels], outputs: output, name: args.name });
}
