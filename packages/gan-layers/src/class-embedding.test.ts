import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { ClassEmbedding } from './class-embedding';
import { LayerInputError, OptionError } from './errors';
import { roundTrip, withTapeLeakCheck } from './internal/test-helpers';

describe('ClassEmbedding', () => {
  const table = () => tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);

  it('looks up one row per label, [batch] or [batch, 1], int32 or float', () => {
    const layer = new ClassEmbedding({ numClasses: 3, outputDim: 2 });
    const labels = tf.tensor1d([2, 0, 2], 'int32');
    layer.apply(labels);
    layer.setWeights([table()]);
    const y = layer.apply(labels) as tf.Tensor;
    expect(y.shape).toEqual([3, 2]);
    expect(y.dtype).toBe('float32');
    expect(y.arraySync()).toEqual([
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    const column = tf.tensor2d([[1], [7]], [2, 1]);
    // Label 7 is outside [0, 3): a row of zeros.
    expect((layer.apply(column) as tf.Tensor).arraySync()).toEqual([
      [3, 4],
      [0, 0],
    ]);
    tf.dispose([labels, y, column]);
  });

  it('trains by matrix product on every backend: only used rows get gradients', () => {
    const layer = new ClassEmbedding({ numClasses: 3, outputDim: 2, seed: 1 });
    const labels = tf.tensor1d([2, 2, 0], 'int32');
    layer.apply(labels);
    const w = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const { value, grads } = withTapeLeakCheck(() =>
      tf.variableGrads(() => tf.sum(tf.mul(layer.apply(labels) as tf.Tensor, w)) as tf.Scalar),
    );
    const grad = Object.values(grads)[0]!;
    // Row 2 collects w rows 0 and 1; row 0 collects w row 2; row 1 is unused.
    expect(grad.arraySync()).toEqual([
      [5, 6],
      [0, 0],
      [4, 6],
    ]);
    tf.dispose([labels, w, value, ...Object.values(grads)]);
  });

  it('is seeded: same seed, same table, values in [-0.05, 0.05]', () => {
    const build = (seed: number) => {
      const layer = new ClassEmbedding({ numClasses: 4, outputDim: 3, seed });
      layer.apply(tfl.input({ shape: [1] }));
      return Array.from(layer.getWeights()[0]!.dataSync());
    };
    expect(build(3)).toEqual(build(3));
    expect(build(3)).not.toEqual(build(4));
    expect(Math.max(...build(3).map(Math.abs))).toBeLessThanOrEqual(0.05);
  });

  it('round-trips through getConfig/fromConfig', () => {
    const labels = tf.tensor1d([0, 1], 'int32');
    const [a, b, copy] = roundTrip(new ClassEmbedding({ numClasses: 2, outputDim: 5, seed: 2 }), ClassEmbedding, labels);
    expectClose(b, a, { atol: 0, rtol: 0 });
    expect((copy as ClassEmbedding).outputDim).toBe(5);
    tf.dispose([labels, a, b]);
  });

  it('rejects bad labels and options, and leaks nothing', async () => {
    const layer = new ClassEmbedding({ numClasses: 3, outputDim: 2 });
    expect(() => layer.apply(tf.zeros([2, 2]))).toThrow(LayerInputError);
    expect(() => layer.apply(tf.zeros([2, 2]))).toThrow(
      'ClassEmbedding: inputs must be labels of shape [batch] or [batch, 1], got rank 2 [2, 2]',
    );
    expect(() => new ClassEmbedding({ numClasses: 0, outputDim: 2 })).toThrow(OptionError);
    expect(() => new ClassEmbedding({ numClasses: 2, outputDim: 0 })).toThrow(
      'ClassEmbedding: args.outputDim must be an integer >= 1, got 0',
    );
    const labels = tf.tensor1d([1], 'int32');
    await expectNoLeaks(() => layer.apply(labels));
    labels.dispose();
  });
});
