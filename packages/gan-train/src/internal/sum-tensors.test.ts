import * as tf from '@tensorflow/tfjs-core';
import { expectNoLeaks } from '@ganforge/test-utils';
import { describe, expect, it } from 'vitest';
import { MAX_ADDN_INPUTS, sumTensors } from './sum-tensors';

describe('sumTensors', () => {
  it('adds any number of tensors, in chunks small enough for WebGPU', async () => {
    expect(MAX_ADDN_INPUTS).toBeLessThanOrEqual(7);
    for (const n of [0, 1, 2, 7, 8, 20, 50]) {
      const inputs = Array.from({ length: n }, (_, i) => tf.tensor1d([i + 1, 2 * (i + 1)]));
      const sum = sumTensors(inputs);
      const expected = n === 0 ? [0] : [(n * (n + 1)) / 2, n * (n + 1)];
      expect(Array.from(await sum.data())).toEqual(expected);
      tf.dispose([...inputs, sum]);
    }
    const inputs = Array.from({ length: 16 }, () => tf.scalar(1));
    await expectNoLeaks(() => sumTensors(inputs));
    tf.dispose(inputs);
  });
});
