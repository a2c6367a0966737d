import * as tf from '@tensorflow/tfjs-core';

/**
 * Most inputs per `tf.addN` call. WebGPU's default `maxStorageBuffersPerShaderStage` is 8
 * (inputs + output), and tfjs-backend-webgpu 4.22 neither splits larger AddN calls nor asks
 * for a higher limit: an AddN of 10 tensors fails validation and yields garbage.
 */
export const MAX_ADDN_INPUTS = 7;

/** Elementwise sum of same-shaped tensors, in AddN calls of at most {@link MAX_ADDN_INPUTS} inputs. */
export function sumTensors(tensors: readonly tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => {
    if (tensors.length === 0) return tf.scalar(0);
    let level: tf.Tensor[] = [...tensors];
    while (level.length > 1) {
      const next: tf.Tensor[] = [];
      for (let i = 0; i < level.length; i += MAX_ADDN_INPUTS) {
        const chunk = level.slice(i, i + MAX_ADDN_INPUTS);
        next.push(chunk.length === 1 ? chunk[0]! : tf.addN(chunk));
      }
      level = next;
    }
    return tf.clone(level[0]!);
  });
}
