/**
 * Checks against PyTorch 1.13 / torchvision 0.14 (ToTensor, Normalize, Tensor.std), recorded by
 * scripts/make-golden.py into src/golden/torch.json.
 */
import { readFileSync } from 'node:fs';
import { expectClose } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fitMeanStd } from './fit-mean-std';
import { scaleRange } from './scale-range';
import { standardize, unstandardize } from './standardize';
import { toUint8 } from './to-uint8';

interface Golden {
  shape: [number, number, number, number];
  bytes: number[];
  unit: number[];
  symmetric: number[];
  mean: number[];
  std: number[];
  stdUnbiased: number[];
  imagenetMean: number[];
  imagenetStd: number[];
  imagenetNormalized: number[];
}

const golden = JSON.parse(readFileSync(new URL('./golden/torch.json', import.meta.url), 'utf8')) as Golden;
const [N, H, W, C] = golden.shape;

/** The script's input formula, reproduced here. */
function inputBytes(): tf.Tensor4D {
  const data = new Int32Array(N * H * W * C);
  let i = 0;
  for (let n = 0; n < N; n++)
    for (let h = 0; h < H; h++)
      for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) data[i++] = (n * 53 + h * 29 + w * 17 + c * 71 + ((n * h * w) % 7)) % 256;
  return tf.tensor4d(data, golden.shape, 'int32');
}

describe('agreement with PyTorch / torchvision', () => {
  it('builds the same input bytes as the golden script', () => {
    expect(Array.from(inputBytes().dataSync())).toEqual(golden.bytes);
  });

  it('scaleRange uint8 -> unit equals ToTensor bit for bit', () => {
    const unit = scaleRange(inputBytes(), { from: 'uint8', to: 'unit' });
    expect(Array.from(unit.dataSync())).toEqual(Array.from(Float32Array.from(golden.unit)));
  });

  it('scaleRange uint8 -> symmetric matches ToTensor + Normalize(0.5, 0.5), and toUint8 inverts it', () => {
    const symmetric = scaleRange(inputBytes(), { from: 'uint8', to: 'symmetric' });
    expectClose(symmetric, golden.symmetric, { atol: 1e-6, rtol: 0 });
    expect(Array.from(toUint8(tf.tensor4d(golden.symmetric, golden.shape), { range: 'symmetric' }).dataSync())).toEqual(golden.bytes);
  });

  it('fitMeanStd matches Tensor.mean/std (unbiased false and true) per channel', async () => {
    const unit = scaleRange(inputBytes(), { from: 'uint8', to: 'unit' });
    const stats = await fitMeanStd(unit, { batchSize: 2 });
    expect(stats.count).toBe(N * H * W);
    expectClose(stats.mean, golden.mean, { atol: 1e-7, rtol: 1e-6 });
    expectClose(stats.std, golden.std, { atol: 1e-7, rtol: 1e-6 });
    const sample = await fitMeanStd(unit, { unbiased: true });
    expectClose(sample.std, golden.stdUnbiased, { atol: 1e-7, rtol: 1e-6 });
  });

  it('standardize matches Normalize(ImageNet mean, std) and unstandardize inverts it', () => {
    const unit = scaleRange(inputBytes(), { from: 'uint8', to: 'unit' });
    const stats = { mean: golden.imagenetMean, std: golden.imagenetStd };
    const z = standardize(unit, stats);
    expectClose(z, golden.imagenetNormalized, { atol: 1e-6, rtol: 1e-6 });
    expectClose(unstandardize(z, stats), golden.unit, { atol: 1e-6, rtol: 0 });
  });
});
