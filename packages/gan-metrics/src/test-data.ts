// Test helper (not exported): the 10,000 digits embedded in @ganforge/mnist.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readIdx } from '@ganforge/mnist';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);
export const mnistDataDir = join(dirname(require.resolve('@ganforge/mnist/package.json')), 'data');

export function embeddedDigits(): { images: Uint8Array; labels: Uint8Array } {
  const read = (name: string) => readIdx(new Uint8Array(readFileSync(join(mnistDataDir, name)))).data as Uint8Array;
  return { images: read('mnist-embedded-images-idx3-ubyte.gz'), labels: read('mnist-embedded-labels-idx1-ubyte.gz') };
}

/** Digits `from..to-1` as a float32 [N, 28, 28, 1] tensor in [0, 1]. */
export function digitTensor(images: Uint8Array, from: number, to: number): tf.Tensor4D {
  return tf.tensor4d(Float32Array.from(images.subarray(from * 784, to * 784), (v) => v / 255), [to - from, 28, 28, 1]);
}
