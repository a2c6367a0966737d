import type * as tf from '@tensorflow/tfjs-core';
import type { Shape4 } from '../validate';
import { hostOutput, hostView } from './host-memory';
import type { Plan } from './plan';

/**
 * Executes a plan in JS: `out[p, c] = sum_k w[p, k] * in[idx[p, k], c] + constant[p, c]`,
 * the same terms in the same order as the tensor path. For the quad form, term t of
 * pixel p reads the 2x2 block anchored at row idx[p] (t = 0: (y, x), 1: (y, x + 1),
 * 2: (y + 1, x), 3: (y + 1, x + 1)), with zeros past the bottom and right edges.
 */
export function runPlanInJs(images: tf.Tensor4D, plan: Plan): tf.Tensor4D {
  const [batch, inH, inW, channels] = images.shape as Shape4;
  const total = batch * plan.outH * plan.outW;
  const { idx, w, k } = plan;
  const keepsDtype = plan.form === 'terms' && k === 1 && !plan.weighted && !plan.constant;
  const dtype = keepsDtype && images.dtype === 'int32' ? 'int32' : 'float32';
  const shape: Shape4 = [batch, plan.outH, plan.outW, channels];
  // The output first: allocating it may grow the wasm heap, which detaches earlier views.
  const output = hostOutput(shape, dtype);
  const out = output.values;
  if (plan.values) {
    out.set(plan.values);
    return output.finish();
  }
  const input = hostView(images) ?? (images.dataSync() as Float32Array | Int32Array);
  if (plan.form === 'quad') {
    const inSize = inH * inW;
    for (let p = 0; p < total; p++) {
      const r = idx[p]!;
      const within = r % inSize;
      const y = (within / inW) | 0;
      const x = within - y * inW;
      const right = x + 1 < inW;
      const down = y + 1 < inH;
      const w0 = w[p * 4]!;
      const w1 = w[p * 4 + 1]!;
      const w2 = w[p * 4 + 2]!;
      const w3 = w[p * 4 + 3]!;
      const a = r * channels;
      const b = a + channels;
      const c2 = a + inW * channels;
      const d = c2 + channels;
      for (let c = 0; c < channels; c++) {
        const v1 = right ? input[b + c]! : 0;
        const v2 = down ? input[c2 + c]! : 0;
        const v3 = right && down ? input[d + c]! : 0;
        out[p * channels + c] = w0 * input[a + c]! + w1 * v1 + w2 * v2 + w3 * v3;
      }
    }
  } else if (k === 1) {
    for (let p = 0; p < total; p++) {
      const a = idx[p]! * channels;
      const weight = plan.weighted ? w[p]! : 1;
      for (let c = 0; c < channels; c++) out[p * channels + c] = plan.weighted ? weight * input[a + c]! : input[a + c]!;
    }
  } else {
    for (let p = 0; p < total; p++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let t = 0; t < k; t++) sum += w[p * k + t]! * input[idx[p * k + t]! * channels + c]!;
        out[p * channels + c] = sum;
      }
    }
  }
  if (plan.constant) for (let i = 0; i < out.length; i++) out[i]! += plan.constant[i]!;
  return output.finish();
}
