import * as tf from '@tensorflow/tfjs-core';
import { FUSED_GRADIENTS, recordFusedAttrs, stopRecordingFusedAttrs } from './internal/fused-gradients';

/** What {@link registerReductionGradients} replaced, by kernel name. */
const replaced = new Map<string, tf.GradConfig>();
/** Gradients registered where tfjs had none (the fused ops' tape nodes), removed on unregister. */
const added = new Set<string>();

/** dy reshaped to x's rank (reduced axes of size 1), then broadcast to x's shape by a Tile kernel. */
function broadcastDy(dy: tf.Tensor, xShape: number[], axis: number | number[]): { expanded: tf.Tensor; reduceSize: number } {
  const axes = tf.util.parseAxisParam(axis, xShape);
  const expandedShape = xShape.slice();
  let reduceSize = 1;
  for (const a of axes) {
    reduceSize *= xShape[a]!;
    expandedShape[a] = 1;
  }
  return { expanded: tf.broadcastTo(tf.reshape(dy, expandedShape), xShape), reduceSize };
}

const CONFIGS: readonly tf.GradConfig[] = [
  {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as tf.Tensor[];
      const axis = (attrs as unknown as { axis: number | number[] }).axis;
      return {
        x: () => {
          const { expanded, reduceSize } = broadcastDy(dy as tf.Tensor, x!.shape, axis);
          return tf.div(expanded, reduceSize);
        },
      };
    },
  },
  {
    kernelName: tf.Sum,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as tf.Tensor[];
      const axis = (attrs as unknown as { axis: number | number[] }).axis;
      return { x: () => broadcastDy(dy as tf.Tensor, x!.shape, axis).expanded };
    },
  },
  {
    // tfjs: where(greater(x, 0), dy, mul(dy, alpha)), three kernels of which Greater and
    // Select are scalar loops on wasm (~3.6 ms for a [64, 14, 14, 64] activation). Here
    // dy · step(x, alpha): two elementwise kernels, the same products (dy·1, dy·alpha).
    kernelName: tf.LeakyRelu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as tf.Tensor[];
      const alpha = (attrs as unknown as { alpha: number }).alpha;
      return { x: () => tf.mul(dy as tf.Tensor, tf.step(x!, alpha)) };
    },
  },
  ...FUSED_GRADIENTS,
];

/**
 * Replaces tfjs's gradients of `Mean`, `Sum`, `LeakyRelu` and the fused ops `tf.fused.conv2d`
 * and `tf.fused.matMul` (shared by every backend) with ones that run fewer, faster kernels:
 * - `Mean` and `Sum` broadcast `dy` by a `Tile` kernel on the device. tfjs's multiply `dy` by
 *   `tf.ones(x.shape)`, which fills a JavaScript array of x's size and uploads it at every
 *   backward pass: for the batch-norm moments of the TF-tutorial DCGAN at batch 256 that is
 *   about 36 ms of JavaScript per train step on webgpu, more than all its GPU kernels. Same
 *   values (x·1 is exact).
 * - `LeakyRelu`'s is `dy · step(x, alpha)` (two kernels) instead of `where(x > 0, dy, dy · alpha)`
 *   (three, of which `Greater` and `Select` run as scalar loops on wasm: 10x slower than
 *   the pair). Same values, except that a NaN in x gives NaN instead of `dy · alpha`.
 * - The fused ops (tfjs-layers' `Conv2D` and `Dense`) compute only the gradients
 *   that backprop needs: tfjs's compute dx, dW and the bias gradient together, whichever are
 *   used (a GAN's generator update computes every discriminator filter gradient). Same kernels,
 *   same values. Registered under the ops' tape-node names (`fusedConv2d__op`,
 *   `fusedMatMul__op`); the engine's `runKernel` is wrapped to remember the fused kernels'
 *   attributes (strides, padding, transposes), which tfjs does not save for the gradient.
 *
 * Global and explicit: call once; {@link unregisterReductionGradients} undoes it.
 *
 * @returns The kernel names whose gradients were replaced by this call (empty when already done).
 * @example
 * import { registerReductionGradients } from '@ganforge/kernels';
 * registerReductionGradients(); // ['Mean', 'Sum', 'LeakyRelu', 'fusedConv2d__op', 'fusedMatMul__op']
 */
export function registerReductionGradients(): string[] {
  recordFusedAttrs();
  const done: string[] = [];
  for (const config of CONFIGS) {
    if (replaced.has(config.kernelName) || added.has(config.kernelName)) continue;
    const original = tf.getGradient(config.kernelName);
    if (original) replaced.set(config.kernelName, original);
    else added.add(config.kernelName);
    silently(() => tf.registerGradient(config));
    done.push(config.kernelName);
  }
  return done;
}

/**
 * Puts back the gradients that {@link registerReductionGradients} replaced.
 *
 * @returns The kernel names restored.
 * @example
 * registerReductionGradients();
 * unregisterReductionGradients(); // ['Mean', 'Sum', 'LeakyRelu', 'fusedConv2d__op', 'fusedMatMul__op']
 */
export function unregisterReductionGradients(): string[] {
  const done: string[] = [];
  for (const [name, original] of replaced) {
    silently(() => tf.registerGradient(original));
    replaced.delete(name);
    done.push(name);
  }
  // Gradients that tfjs had none registered for (the fused ops' tape nodes): removed.
  for (const name of added) {
    tf.unregisterGradient(name);
    done.push(name);
  }
  added.clear();
  stopRecordingFusedAttrs();
  return done;
}

/** tfjs warns "Overriding the gradient for ..." on purpose-made overrides: keep the console quiet. */
function silently(fn: () => void): void {
  const warn = console.warn;
  console.warn = () => {};
  try {
    fn();
  } finally {
    console.warn = warn;
  }
}
