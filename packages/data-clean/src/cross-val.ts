/**
 * `@ganforge/data-clean/cross-val`: out-of-sample class probabilities from k-fold
 * cross-validated training of a small CNN (tfjs-layers, an optional peer dependency), for
 * `findLabelIssues` or `audit(images, { labels, probabilities })`. On the CPU backends (`cpu`,
 * `wasm`) it trains with @ganforge/kernels' training kernels and fused Adam.
 */
import { checkOneOf, checkOptions, checkSeed, checkSize, checkTensor, describe, LIMITS, type PixelRange, Prng, resolvePixelRange } from '@ganforge/internal';
import { fusedAdam, registerTrainingKernels } from '@ganforge/kernels';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { LabelError, LimitError, OptionError, ShapeError, TensorError } from './errors';
import { stratifiedFolds } from './internal/folds';
import { fail } from './internal/kinds';
import { readIndexLabels } from './out-of-sample-probabilities';

/**
 * Builds the model trained in each fold: input NHWC images of `inputShape` scaled to
 * [−0.5, 0.5], output `numClasses` **logits** (no softmax). Each call must return a new,
 * freshly initialised model; `seed` seeds its initialisers.
 *
 * @example
 * const model: CrossValidationModel = (inputShape, numClasses, seed) =>
 *   tfl.sequential({ layers: [tfl.layers.flatten({ inputShape }), tfl.layers.dense({ units: numClasses, kernelInitializer: tfl.initializers.glorotUniform({ seed }) })] });
 */
export type CrossValidationModel = (inputShape: [number, number, number], numClasses: number, seed: number) => tfl.LayersModel;

/**
 * Options of `crossValidatedProbabilities`.
 *
 * @example
 * const options: CrossValidationOptions = { folds: 5, epochs: 4, seed: 7 };
 */
export interface CrossValidationOptions {
  /** Number of folds k (stratified by label). Default `5`. */
  folds?: number;
  /** Passes over each fold's training images. Default `4`. */
  epochs?: number;
  /** Images per training step. Default `64`. */
  batchSize?: number;
  /** Adam learning rate. Default `0.002`. */
  learningRate?: number;
  /** Seed of the folds, the shuffles and the initialisers. Default `7`. */
  seed?: number;
  /** Number of classes K. Default the largest label + 1. */
  numClasses?: number;
  /** Pixel range of the images. Default `'unit'`. */
  pixelRange?: PixelRange;
  /** The model of each fold. Default `smallCnn`: two 3×3 conv + ReLU + 2×2 max-pool blocks (16, 32 filters), dense 64 + ReLU, dense K. */
  model?: CrossValidationModel;
  /**
   * Register @ganforge/kernels' training kernels (`registerTrainingKernels`) for the current
   * backend when it is `cpu` or `wasm` (wasm cannot train convolutions without them; on cpu they
   * are ~30× faster). Default `true`.
   */
  registerKernels?: boolean;
  /** Called after each fold with its index, its held-out images, held-out accuracy and seconds. Default none. */
  onFold?: (fold: { fold: number; heldOut: number[]; accuracy: number; seconds: number }) => void;
}

/**
 * What `crossValidatedProbabilities` returns.
 *
 * @example
 * const { probabilities, accuracy, seconds } = await crossValidatedProbabilities(images, labels);
 */
export interface CrossValidatedProbabilities {
  /** [n, K] out-of-sample probabilities: row i comes from the fold model that never saw image i. */
  probabilities: tf.Tensor2D;
  /** Share of images whose out-of-sample argmax equals the given label. */
  accuracy: number;
  /** Held-out accuracy of each fold. */
  foldAccuracy: number[];
  /** Wall-clock seconds in all, and per fold. */
  seconds: number;
  foldSeconds: number[];
  /** The tfjs backend it ran on. */
  backend: string;
}

const KNOWN = ['folds', 'epochs', 'batchSize', 'learningRate', 'seed', 'numClasses', 'pixelRange', 'model', 'registerKernels', 'onFold'] as const;

/**
 * The default model: conv 3×3 ×16 + ReLU, max-pool 2×2, conv 3×3 ×32 + ReLU, max-pool 2×2,
 * dense 64 + ReLU, dense `numClasses` (logits); Glorot-uniform initialisers seeded from `seed`.
 *
 * @example
 * const model = smallCnn([28, 28, 1], 10, 7);
 */
export function smallCnn(inputShape: [number, number, number], numClasses: number, seed: number): tfl.LayersModel {
  const prng = new Prng(seed);
  const init = () => tfl.initializers.glorotUniform({ seed: prng.nextSeed() });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape, filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init() }),
      tfl.layers.dense({ units: numClasses, kernelInitializer: init() }),
    ],
  });
}

/**
 * Out-of-sample class probabilities by k-fold cross-validation: the images are split into
 * `folds` stratified folds; for each fold a fresh model (default `smallCnn`) is trained on the
 * other folds for `epochs` epochs (Adam, softmax cross-entropy, seeded shuffles) and predicts
 * the held-out fold. Every row thus comes from a model that never trained on that image, as
 * confident learning requires (cleanlab's `estimate_cross_validated_probabilities`).
 * Deterministic for a seed on a given backend. Training is the expensive part: see the README
 * for times. The input is not disposed; the caller owns `probabilities`.
 *
 * @param images NHWC `Tensor4D` in `pixelRange`.
 * @param labels Class index per image (array or `Tensor1D`).
 * @throws TensorError, ShapeError, LabelError, OptionError, LimitError.
 *
 * @example
 * import '@tensorflow/tfjs-backend-wasm';
 * import { crossValidatedProbabilities } from '@ganforge/data-clean/cross-val';
 * const { probabilities, accuracy, seconds } = await crossValidatedProbabilities(images, labels, { folds: 5 });
 * const report = await audit(images, { labels, probabilities });
 * probabilities.dispose();
 */
export async function crossValidatedProbabilities(
  images: tf.Tensor4D,
  labels: ArrayLike<number> | tf.Tensor1D,
  options?: CrossValidationOptions,
): Promise<CrossValidatedProbabilities> {
  const fn = 'crossValidatedProbabilities';
  const started = performance.now();
  const given = checkOptions(fn, options, KNOWN, OptionError);
  const x = checkTensor<tf.Tensor>(fn, 'images', images, TensorError);
  if (x.rank !== 4) fail(ShapeError, fn, 'images', 'rank 4 [batch, h, w, c]', describe(x));
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const classLabels = await readIndexLabels(fn, 'labels', labels);
  if (classLabels.length !== n) fail(LabelError, fn, 'labels', `one label per image (${n})`, `${classLabels.length} labels`);
  const largest = classLabels.reduce((a, b) => Math.max(a, b), -1);
  const numClasses = given.numClasses ?? Math.max(largest + 1, 2);
  if (!Number.isInteger(numClasses) || numClasses < Math.max(largest + 1, 2) || numClasses > 65536) {
    fail(OptionError, fn, 'options.numClasses', `an integer in [${Math.max(largest + 1, 2)}, 65536] (above the largest label)`, describe(numClasses));
  }
  const folds = checkSize(fn, 'options.folds', given.folds ?? 5, 100, LimitError, OptionError, 'the most folds');
  if (folds < 2) fail(OptionError, fn, 'options.folds', 'an integer >= 2', describe(folds));
  if (n < folds) fail(ShapeError, fn, 'images', `at least as many images as folds (${folds})`, describe(x));
  const epochs = checkSize(fn, 'options.epochs', given.epochs ?? 4, 1000, LimitError, OptionError, 'the most epochs');
  const batchSize = checkSize(fn, 'options.batchSize', given.batchSize ?? 64, 65536, LimitError, OptionError, 'the limit of batchSize');
  const learningRate = given.learningRate ?? 0.002;
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate)) {
    fail(OptionError, fn, 'options.learningRate', 'a finite number > 0', describe(learningRate));
  }
  const seed = checkSeed(fn, 'options.seed', given.seed, OptionError) ?? 7;
  const [low, high] = resolvePixelRange(fn, 'options.pixelRange', given.pixelRange ?? 'unit', OptionError);
  const build = given.model ?? smallCnn;
  if (typeof build !== 'function') fail(OptionError, fn, 'options.model', 'a function (inputShape, numClasses, seed) => LayersModel', describe(build));
  checkOneOf(fn, 'options.registerKernels', given.registerKernels ?? true, [true, false], OptionError);
  if (given.onFold !== undefined && typeof given.onFold !== 'function') fail(OptionError, fn, 'options.onFold', 'a function or undefined', describe(given.onFold));
  if (n * numClasses > LIMITS.tensorElements) fail(LimitError, fn, 'images', `at most ${LIMITS.tensorElements} probabilities (n × K)`, `${n} × ${numClasses}`);

  const backend = tf.getBackend();
  if ((given.registerKernels ?? true) && (backend === 'cpu' || backend === 'wasm')) registerTrainingKernels({ backends: [backend] });
  const prng = new Prng(seed);
  const assignment = stratifiedFolds(classLabels, folds, prng);
  const out = new Float32Array(n * numClasses);
  const foldAccuracy: number[] = [];
  const foldSeconds: number[] = [];
  const scaled = tf.tidy(() => tf.sub(tf.div(tf.sub(tf.cast(x, 'float32'), low), high - low), 0.5)) as tf.Tensor4D;
  const targets = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(classLabels, 'int32'), numClasses), 'float32')) as tf.Tensor2D;
  try {
    for (let fold = 0; fold < folds; fold++) {
      const foldStart = performance.now();
      const heldOut = assignment[fold]!;
      const held = new Uint8Array(n);
      for (const i of heldOut) held[i] = 1;
      const train = Int32Array.from({ length: n - heldOut.length });
      for (let i = 0, t = 0; i < n; i++) if (!held[i]) train[t++] = i;
      const model = build([h, w, c], numClasses, prng.nextSeed());
      const optimizer = fusedAdam(learningRate);
      try {
        for (let epoch = 0; epoch < epochs; epoch++) {
          const order = prng.permutation(train.length);
          for (let start = 0; start < order.length; start += batchSize) {
            const rows = Int32Array.from(order.slice(start, start + batchSize), (j) => train[j]!);
            const indices = tf.tensor1d(rows, 'int32');
            const xs = tf.gather(scaled, indices);
            const ys = tf.gather(targets, indices);
            // Softmax cross-entropy as −mean Σ y · logSoftmax(logits) (tf.losses.softmaxCrossEntropy leaks a tensor per call in tfjs 4.22).
            const loss = optimizer.minimize(() => tf.neg(tf.mean(tf.sum(tf.mul(ys, tf.logSoftmax(model.apply(xs, { training: true }) as tf.Tensor)), 1))) as tf.Scalar, true);
            tf.dispose([indices, xs, ys]);
            loss?.dispose();
          }
        }
        let correct = 0;
        for (let start = 0; start < heldOut.length; start += 512) {
          const rows = heldOut.slice(start, start + 512);
          const p = tf.tidy(() => tf.softmax(model.predict(tf.gather(scaled, tf.tensor1d(rows, 'int32'))) as tf.Tensor2D));
          const values = (await p.data()) as Float32Array;
          p.dispose();
          rows.forEach((i, r) => {
            out.set(values.subarray(r * numClasses, (r + 1) * numClasses), i * numClasses);
            let best = 0;
            for (let k = 1; k < numClasses; k++) if (values[r * numClasses + k]! > values[r * numClasses + best]!) best = k;
            if (best === classLabels[i]) correct++;
          });
        }
        const accuracy = heldOut.length ? correct / heldOut.length : 1;
        const seconds = (performance.now() - foldStart) / 1000;
        foldAccuracy.push(accuracy);
        foldSeconds.push(seconds);
        given.onFold?.({ fold, heldOut, accuracy, seconds });
      } finally {
        model.dispose();
        optimizer.dispose();
      }
    }
  } finally {
    tf.dispose([scaled, targets]);
  }
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < numClasses; k++) if (out[i * numClasses + k]! > out[i * numClasses + best]!) best = k;
    if (best === classLabels[i]) correct++;
  }
  return {
    probabilities: tf.tensor2d(out, [n, numClasses]),
    accuracy: correct / n,
    foldAccuracy,
    foldSeconds,
    seconds: (performance.now() - started) / 1000,
    backend,
  };
}
