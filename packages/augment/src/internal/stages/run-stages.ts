import * as tf from '@tensorflow/tfjs-core';
import type { Shape4 } from '../validate';
import { hostView } from './host-memory';
import { buildPlan } from './plan';
import { runPlanInJs } from './run-plan-in-js';
import type { Stage } from './types';

/**
 * Reads rows of a [rows, k] tensor: gatherND, which skips gather's per-index
 * JS checks (10x faster on wasm), except on the pure-JS cpu backend, whose
 * gather is the faster of the two (about 3x).
 */
function gatherRows(params: tf.Tensor2D, indices: Int32Array, count: number): tf.Tensor2D {
  if (tf.getBackend() === 'cpu') {
    const idx = tf.tensor1d(indices, 'int32');
    const out = tf.gather(params, idx);
    idx.dispose();
    return out as tf.Tensor2D;
  }
  const idx = tf.tensor2d(indices, [count, 1], 'int32');
  const out = tf.gatherND(params, idx);
  idx.dispose();
  return out as tf.Tensor2D;
}

/**
 * Backends whose tensors live in CPU memory: there a plan runs fastest as one JS loop
 * over the pixels (read once, write once) instead of gather + multiply + sum kernels.
 * GPU backends keep the tensor path, so their data never leaves the device.
 */
const CPU_RESIDENT_BACKENDS = new Set(['cpu', 'wasm']);
let jsPlans = true;

/** @internal For tests: run plans with tensor ops on every backend (false), as on GPUs. */
export function setJsPlanExecution(enabled: boolean): void {
  jsPlans = enabled;
}

/** Runs one fused geometric segment. */
function runSegment(images: tf.Tensor4D, segment: Stage[]): tf.Tensor4D {
  const shape = images.shape as Shape4;
  const [batch, inH, inW, channels] = shape;
  if (jsPlans && CPU_RESIDENT_BACKENDS.has(tf.getBackend())) {
    const direct = { values: hostView(images) ?? (images.dataSync() as Float32Array | Int32Array) };
    return runPlanInJs(images, buildPlan(segment, shape, true, direct) ?? buildPlan(segment, shape, false)!);
  }
  const plan = buildPlan(segment, shape, true) ?? buildPlan(segment, shape, false)!;
  const total = batch * plan.outH * plan.outW;
  // Index and weight tensors view reused scratch memory: each is disposed right after its one use.
  const use = <T extends tf.Tensor>(tensor: tf.Tensor, f: (t: tf.Tensor) => T): T => {
    const result = f(tensor);
    tensor.dispose();
    return result;
  };
  let out: tf.Tensor;
  if (plan.form === 'quad') {
    // Each pixel reads one 2x2 block [v00, v01, v10, v11] per channel and weighs it.
    // A 2x2 one-hot depthwise convolution ('same' pads the bottom and right with zeros)
    // writes channel c's block at c * 4 + [0..3].
    const oneHot = new Float32Array(4 * channels * 4);
    for (let c = 0; c < channels; c++) for (let t = 0; t < 4; t++) oneHot[t * channels * 4 + c * 4 + t] = 1;
    const filter = tf.tensor4d(oneHot, [2, 2, channels, 4]);
    const quads = tf.reshape(tf.depthwiseConv2d(images, filter, 1, 'same'), [batch * inH * inW, channels * 4]);
    const gathered = tf.reshape(gatherRows(quads as tf.Tensor2D, plan.idx, total), [total, channels, 4]);
    out = tf.sum(
      use(tf.tensor3d(plan.w, [total, 1, 4]), (w) => tf.mul(gathered, w)),
      2,
    );
  } else {
    const flat = tf.reshape(images, [batch * inH * inW, channels]);
    if (plan.k === 1) {
      const gathered = gatherRows(flat as tf.Tensor2D, plan.idx, total);
      out = plan.weighted ? use(tf.tensor2d(plan.w, [total, 1]), (w) => tf.mul(gathered, w)) : gathered;
    } else {
      const gathered = tf.reshape(gatherRows(flat as tf.Tensor2D, plan.idx, total * plan.k), [total, plan.k, channels]);
      out = tf.sum(
        use(tf.tensor3d(plan.w, [total, 1, plan.k]), (w) => tf.mul(tf.transpose(gathered, [0, 2, 1]), w)),
        2,
      );
    }
  }
  if (plan.constant) out = tf.add(out, tf.tensor2d(plan.constant, [total, channels]));
  return tf.reshape(out, [batch, plan.outH, plan.outW, channels]);
}

/**
 * Runs stages on a batch, fusing each run of geometric stages with at most one
 * sampler into one gather. Call inside `tf.tidy`.
 */
export function runStages(images: tf.Tensor4D, stages: Stage[]): tf.Tensor4D {
  let x = images;
  let segment: Stage[] = [];
  let hasSampler = false;
  const flush = () => {
    if (segment.length) x = runSegment(x, segment);
    segment = [];
    hasSampler = false;
  };
  for (const stage of stages) {
    if (stage.kind === 'tensor') {
      flush();
      x = stage.run(x);
      continue;
    }
    if (stage.kind !== 'remap') {
      if (hasSampler) flush();
      hasSampler = true;
    }
    segment.push(stage);
  }
  flush();
  return x === images ? tf.clone(images) : x;
}
