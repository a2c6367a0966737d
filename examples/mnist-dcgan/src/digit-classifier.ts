/**
 * A small digit classifier trained on real MNIST digits, used to judge generated
 * samples: the share classified with confidence >= 0.9 and the class histogram.
 * A dense network (no convolutions), so it trains quickly on every backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export interface ClassifierTrainOptions {
  /** Epochs over the training images. Default 12. */
  epochs?: number;
  /** Batch size. Default 128. */
  batchSize?: number;
  /** Share of images held out to measure accuracy. Default 0.1. */
  validationSplit?: number;
  /** Seed of the weight init and the split. Default 1. */
  seed?: number;
}

export interface TrainedClassifier {
  model: tfl.LayersModel;
  /** Accuracy on the held-out real digits. */
  heldOutAccuracy: number;
  trainCount: number;
  heldOutCount: number;
}

export interface SampleQuality {
  count: number;
  /** Share of samples whose top class probability is >= `threshold`. */
  confidentShare: number;
  threshold: number;
  /** Samples per predicted class 0..9 (all samples). */
  histogram: number[];
  /** Samples per predicted class among the confident ones. */
  confidentHistogram: number[];
}

function toInput(images: Uint8Array, count: number, pixels: number): tf.Tensor2D {
  return tf.tidy(() => tf.div(tf.tensor2d(images.subarray(0, count * pixels), [count, pixels], 'float32'), 255));
}

/** Fisher-Yates permutation with a small seeded generator (mulberry32). */
function permutation(n: number, seed: number): Int32Array {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const p = new Int32Array(n).map((_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/**
 * Trains the classifier on uint8 digits (`count * rows * cols` bytes, 0..255) and labels.
 */
export async function trainDigitClassifier(
  images: Uint8Array,
  labels: Uint8Array,
  pixels: number,
  options: ClassifierTrainOptions = {},
): Promise<TrainedClassifier> {
  const { epochs = 12, batchSize = 128, validationSplit = 0.1, seed = 1 } = options;
  const count = labels.length;
  const order = permutation(count, seed);
  const shuffledImages = new Uint8Array(count * pixels);
  const shuffledLabels = new Int32Array(count);
  order.forEach((from, to) => {
    shuffledImages.set(images.subarray(from * pixels, (from + 1) * pixels), to * pixels);
    shuffledLabels[to] = labels[from]!;
  });
  const heldOutCount = Math.round(count * validationSplit);
  const trainCount = count - heldOutCount;
  const init = (s: number) => tfl.initializers.glorotUniform({ seed: seed * 100 + s });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [pixels], units: 256, activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.dropout({ rate: 0.2, seed: seed * 100 + 2 }),
      tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(3) }),
      tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(4) }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const x = toInput(shuffledImages, trainCount, pixels);
  const y = tf.tensor1d(shuffledLabels.subarray(0, trainCount), 'float32');
  const xv = toInput(shuffledImages.subarray(trainCount * pixels), heldOutCount, pixels);
  try {
    await model.fit(x, y, { epochs, batchSize, shuffle: true, verbose: 0 });
    const predicted = tf.tidy(() => tf.argMax(model.predict(xv) as tf.Tensor, 1));
    const p = await predicted.data();
    predicted.dispose();
    let correct = 0;
    for (let i = 0; i < heldOutCount; i++) if (p[i] === shuffledLabels[trainCount + i]) correct++;
    return { model, heldOutAccuracy: heldOutCount ? correct / heldOutCount : Number.NaN, trainCount, heldOutCount };
  } finally {
    tf.dispose([x, y, xv]);
  }
}

/** Classifies uint8 samples and summarises confidence and class coverage. */
export async function judgeSamples(
  model: tfl.LayersModel,
  samples: Uint8Array,
  pixels: number,
  threshold = 0.9,
): Promise<SampleQuality> {
  const count = Math.floor(samples.length / pixels);
  const histogram = new Array<number>(10).fill(0);
  const confidentHistogram = new Array<number>(10).fill(0);
  let confident = 0;
  for (let start = 0; start < count; start += 1000) {
    const n = Math.min(1000, count - start);
    const [top, cls] = tf.tidy(() => {
      const probs = model.predict(toInput(samples.subarray(start * pixels), n, pixels)) as tf.Tensor2D;
      return [tf.max(probs, 1), tf.argMax(probs, 1)];
    });
    const [t, c] = await Promise.all([top.data(), cls.data()]);
    tf.dispose([top, cls]);
    for (let i = 0; i < n; i++) {
      histogram[c[i]!]!++;
      if (t[i]! >= threshold) {
        confident++;
        confidentHistogram[c[i]!]!++;
      }
    }
  }
  return { count, confidentShare: count ? confident / count : 0, threshold, histogram, confidentHistogram };
}
