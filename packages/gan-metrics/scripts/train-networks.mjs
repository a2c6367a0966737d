#!/usr/bin/env node
// Trains the two feature networks that @ganforge/gan-metrics ships, seeded, with tfjs-layers on the
// wasm backend (or cpu) and @ganforge/kernels' training kernels, and writes their weights as
// generated TypeScript modules (base64 float32) into src/networks/.
//
//   pnpm --filter @ganforge/mnist --filter @ganforge/kernels build
//   node packages/gan-metrics/scripts/train-networks.mjs --network mnist|fashion-mnist [--backend wasm] [--epochs N]
//
// mnist: the 10,000 digits embedded in @ganforge/mnist; images 0..8,999 train, 9,000..9,999 are held
//   out (the embedded digits interleave the classes, so the hold-out has 100 of each).
// fashion-mnist: Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist): 60,000 train,
//   the 10,000 test images held out.
// Network (LeNet-sized, 87,818 weights = 351 KB float32), input 28x28x1 in [0, 1]:
//   conv 5x5x16 valid relu -> maxpool 2 -> conv 5x5x32 valid relu -> maxpool 2 -> flatten (512)
//   -> dense 128 relu -> dense 64 'features' (linear: the feature layer) -> relu -> dense 10 'logits' -> softmax.
// Adam (1e-3, then 3e-4 for the last third of the epochs), batch 64, cross-entropy, our own seeded
// shuffling (mulberry32) and seeded Glorot initialisers, so a rerun on the same backend gives the same weights.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '@ganforge/kernels';
import { readIdx } from '@ganforge/mnist';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { values } = parseArgs({
  options: {
    network: { type: 'string', default: 'mnist' },
    backend: { type: 'string', default: 'wasm' },
    epochs: { type: 'string' },
    seed: { type: 'string', default: '2026' },
    'fashion-dir': { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
  },
});
const network = values.network;
if (network !== 'mnist' && network !== 'fashion-mnist') throw new Error(`--network must be mnist or fashion-mnist, got ${network}`);
const epochs = Number(values.epochs ?? (network === 'mnist' ? 20 : 12));
const seed = Number(values.seed);

setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
await tf.setBackend(values.backend);
await tf.ready();
registerTrainingKernels({ backends: [values.backend] });

function load(path) {
  return readIdx(new Uint8Array(readFileSync(path)));
}
let train;
let test;
if (network === 'mnist') {
  const data = join(dirname(require.resolve('@ganforge/mnist/package.json')), 'data');
  const images = load(join(data, 'mnist-embedded-images-idx3-ubyte.gz')).data;
  const labels = load(join(data, 'mnist-embedded-labels-idx1-ubyte.gz')).data;
  train = { images: images.subarray(0, 9000 * 784), labels: labels.subarray(0, 9000), count: 9000 };
  test = { images: images.subarray(9000 * 784), labels: labels.subarray(9000), count: 1000 };
} else {
  const dir = values['fashion-dir'];
  train = { images: load(join(dir, 'train-images-idx3-ubyte.gz')).data, labels: load(join(dir, 'train-labels-idx1-ubyte.gz')).data, count: 60000 };
  test = { images: load(join(dir, 't10k-images-idx3-ubyte.gz')).data, labels: load(join(dir, 't10k-labels-idx1-ubyte.gz')).data, count: 10000 };
}

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(seed);

const init = (k) => tfl.initializers.glorotUniform({ seed: seed + k });
const model = tfl.sequential({
  layers: [
    tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 5, activation: 'relu', kernelInitializer: init(1), name: 'conv1' }),
    tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
    tfl.layers.conv2d({ filters: 32, kernelSize: 5, activation: 'relu', kernelInitializer: init(2), name: 'conv2' }),
    tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
    tfl.layers.flatten({ name: 'flatten' }),
    tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(3), name: 'dense1' }),
    tfl.layers.dense({ units: 64, kernelInitializer: init(4), name: 'features' }),
    tfl.layers.activation({ activation: 'relu', name: 'features_relu' }),
    tfl.layers.dense({ units: 10, kernelInitializer: init(5), name: 'logits' }),
    tfl.layers.activation({ activation: 'softmax', name: 'probabilities' }),
  ],
});
const optimizer = tf.train.adam(1e-3);
model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });

function batchTensors(set, indices) {
  const x = new Float32Array(indices.length * 784);
  const y = new Float32Array(indices.length);
  indices.forEach((index, i) => {
    for (let p = 0; p < 784; p++) x[i * 784 + p] = set.images[index * 784 + p] / 255;
    y[i] = set.labels[index];
  });
  return [tf.tensor4d(x, [indices.length, 28, 28, 1]), tf.tensor1d(y)];
}

function accuracy(set) {
  let correct = 0;
  for (let start = 0; start < set.count; start += 500) {
    const indices = Array.from({ length: Math.min(500, set.count - start) }, (_, i) => start + i);
    const [x, y] = batchTensors(set, indices);
    const predicted = tf.tidy(() => tf.argMax(model.predict(x), 1).dataSync());
    const labels = y.dataSync();
    for (let i = 0; i < indices.length; i++) if (predicted[i] === labels[i]) correct++;
    tf.dispose([x, y]);
  }
  return correct / set.count;
}

const batchSize = 64;
const started = Date.now();
for (let epoch = 0; epoch < epochs; epoch++) {
  if (epoch === Math.floor((2 * epochs) / 3)) optimizer.learningRate = 3e-4;
  const order = Array.from({ length: train.count }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  let lossSum = 0;
  let batches = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    const [x, y] = batchTensors(train, order.slice(start, start + batchSize));
    const [loss] = await model.trainOnBatch(x, y);
    lossSum += loss;
    batches++;
    tf.dispose([x, y]);
  }
  console.log(`${network} epoch ${epoch + 1}/${epochs}: loss ${(lossSum / batches).toFixed(4)}, held-out accuracy ${accuracy(test).toFixed(4)}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const heldOut = accuracy(test);
const trainAccuracy = accuracy(train);
console.log(`${network}: train accuracy ${trainAccuracy.toFixed(4)}, held-out accuracy ${heldOut.toFixed(4)} (${test.count} images)`);

// Weights in the order that src/networks/lenet.ts reads them.
const names = ['conv1', 'conv2', 'dense1', 'features', 'logits'];
const tensors = names.flatMap((name) => model.getLayer(name).getWeights());
const shapes = tensors.map((t) => t.shape);
const total = shapes.reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
const flat = new Float32Array(total);
let offset = 0;
for (const t of tensors) {
  flat.set(t.dataSync(), offset);
  offset += t.size;
}
const base64 = Buffer.from(flat.buffer).toString('base64');
const camel = network === 'mnist' ? 'mnist' : 'fashionMnist';
const info = {
  network,
  trainedOn: network === 'mnist' ? 'the embedded digits 0..8,999 of @ganforge/mnist' : "Fashion-MNIST's 60,000 training images (Debian dataset-fashion-mnist)",
  heldOut: network === 'mnist' ? 'the embedded digits 9,000..9,999' : "Fashion-MNIST's 10,000 test images",
  heldOutAccuracy: heldOut,
  trainAccuracy,
  epochs,
  seed,
  backend: values.backend,
  weights: total,
};
const source = `// Generated by scripts/train-networks.mjs (${network}, seed ${seed}, ${epochs} epochs, ${values.backend}); do not edit.
// ${total} float32 weights (${(total * 4 / 1024).toFixed(0)} KiB), in the order conv1, conv2, dense1, features, logits (kernel, bias each).

/** How the shipped ${network} network was trained and how well it classifies its held-out images. */
export const ${camel}NetworkInfo = ${JSON.stringify(info, null, 2)} as const;

/** Shapes of the weights, in order. */
export const ${camel}WeightShapes: readonly (readonly number[])[] = ${JSON.stringify(shapes)};

/** The weights, little-endian float32, base64. */
export const ${camel}WeightsBase64 =
  '${base64}';
`;
const out = join(here, '..', 'src', 'networks', `${network}-weights.ts`);
writeFileSync(out, source);
console.log(`wrote ${out} (${(source.length / 1024).toFixed(0)} KiB)`);
