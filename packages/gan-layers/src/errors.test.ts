import { isGanforgeError } from '@ganforge/internal';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  ClassEmbedding,
  createDcganDiscriminator,
  createDcganGenerator,
  GanLayersError,
  ImageShapeError,
  LimitError,
  OptionError,
  PixelNorm,
  ShapeError,
  SubPixelUpsampling,
  seedDcgan,
  TensorError,
} from './index';

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('errors of @ganforge/gan-layers', () => {
  it('are house errors with the function, argument, expected and actual', () => {
    const error = caught(() => createDcganGenerator({ imageShape: [30, 30, 1], depth: 2 })) as ImageShapeError;
    expect(error).toBeInstanceOf(ImageShapeError);
    expect(error).toBeInstanceOf(ShapeError);
    expect(error).toBeInstanceOf(GanLayersError);
    expect(isGanforgeError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'ImageShapeError',
      functionName: 'createDcganGenerator',
      argument: 'options.imageShape',
      actual: '[30, 30, 1]',
    });
  });

  it('rejects misspelled options of builders and layers with a did-you-mean', () => {
    expect(() => createDcganGenerator({ widht: 8 } as never)).toThrow(
      "createDcganGenerator: options.widht must be a known option (did you mean 'width'?): latentDim, imageShape, width, depth, kernelSize, normalization, activation, leakyReluAlpha, outputActivation, upsampling, pixelNorm, spectralNorm, init, numClasses, embeddingDim, seed, name, got the unknown key 'widht'",
    );
    expect(() => createDcganDiscriminator({ dropuot: 0.3 } as never)).toThrow(OptionError);
    expect(() => seedDcgan({ seeed: 1 } as never)).toThrow("seedDcgan: options.seeed must be a known option (did you mean 'seed'?): seed, numClasses, embeddingDim, got the unknown key 'seeed'");
    expect(() => new PixelNorm({ epsilom: 1e-6 } as never)).toThrow(/^PixelNorm: args\.epsilom must be a known option \(did you mean 'epsilon'\?\)/);
    expect(() => new SubPixelUpsampling({ blocksize: 4 } as never)).toThrow(OptionError);
    // tfjs-layers' own LayerArgs stay accepted.
    const layer = new PixelNorm({ name: 'pn', trainable: false, inputShape: [3] });
    expect([layer.name, layer.trainable, layer.batchInputShape]).toEqual(['pn', false, [null, 3]]);
  });

  it('refuses sizes past the limits before allocating anything', () => {
    const before = tf.memory().numTensors;
    expect(() => createDcganGenerator({ width: 1e6 })).toThrow(LimitError);
    expect(() => createDcganGenerator({ width: 1e6 })).toThrow(
      'createDcganGenerator: options must be weight tensors of at most 2147483647 elements (LIMITS.tensorElements), got a Dense kernel of shape [100, 98000000] (9800000000 elements)',
    );
    expect(() => createDcganGenerator({ imageShape: [1e6, 1e6, 1] })).toThrow(
      'createDcganGenerator: options.imageShape[0] must be a positive integer <= 16384 (LIMITS.imageSide), got 1000000',
    );
    expect(() => createDcganDiscriminator({ width: 1e6 })).toThrow(LimitError);
    expect(() => createDcganGenerator({ latentDim: 1e9 })).toThrow(LimitError);
    // Each tensor under 2^31 elements, but 2^28 weights in all is the model limit.
    expect(() => createDcganGenerator({ imageShape: [64, 64, 3], width: 700 })).toThrow(
      /^createDcganGenerator: options must be at most 268435456 weights in all \(2\^28, 1 GiB of float32\), got \d+ weights$/,
    );
    expect(() => new ClassEmbedding({ numClasses: 1e6, outputDim: 1e6 })).toThrow(LimitError);
    expect(() => new SubPixelUpsampling({ blockSize: 1e6 })).toThrow(LimitError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('wraps tfjs-layers shape errors of predict and apply in ShapeError, naming the call', () => {
    const generator = createDcganGenerator({ imageShape: [8, 8, 1], width: 2, latentDim: 4, seed: 1 });
    const z = tf.zeros([2, 3]);
    const error = caught(() => generator.predict(z)) as ShapeError;
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe(
      'generator.predict: x was rejected: Error when checking : expected generator_noise to have shape [null,4] but got array with shape [2,3].',
    );
    expect(error.functionName).toBe('generator.predict');
    expect((error.cause as Error).message).toMatch(/^Error when checking/);
    expect(() => generator.apply(z)).toThrow(ShapeError);
    expect(() => generator.apply(z)).toThrow(/^generator\.apply: inputs was rejected: Input 0 is incompatible with layer/);
    const { discriminator } = seedDcgan({ seed: 1 });
    const rgb = tf.zeros([1, 28, 28, 3]);
    expect(() => discriminator.predict(rgb)).toThrow(/^seed_discriminator\.predict: x was rejected: Error when checking/);
    expect(() => discriminator.predictOnBatch(rgb)).toThrow(ShapeError);
    tf.dispose([z, rgb]);
  });

  it('gives typed errors for an empty batch, null and disposed inputs', () => {
    const generator = createDcganGenerator({ imageShape: [8, 8, 1], width: 2, latentDim: 4, seed: 1 });
    const empty = tf.zeros([0, 4]);
    expect(() => generator.predict(empty)).toThrow(
      'generator.predict: x must be a batch of at least 1 sample, got float32 tensor [0, 4]',
    );
    expect(() => generator.predict(null as never)).toThrow('generator.predict: x must be a tf.Tensor, got null');
    const gone = tf.zeros([2, 4]);
    gone.dispose();
    expect(() => generator.predict(gone)).toThrow(TensorError);
    expect(() => generator.predict(gone)).toThrow('generator.predict: x must be a tf.Tensor that is not disposed, got disposed float32 tensor [2, 4]');
    expect(() => new PixelNorm().apply(null as never)).toThrow('PixelNorm.apply: inputs must be a tf.Tensor, got null');
    expect(() => new PixelNorm().apply([] as never)).toThrow('PixelNorm.apply: inputs must be a tf.Tensor or a non-empty array of them, got an empty array');
    expect(() => new SubPixelUpsampling().apply(tf.zeros([1, 2, 2, 3]))).toThrow(
      'SubPixelUpsampling: inputs must be a channel count divisible by blockSize² = 4, got shape [1, 2, 2, 3]',
    );
    empty.dispose();
  });

  it('leaves working models unchanged: symbolic apply, predict values and saved topology', () => {
    const generator = createDcganGenerator({ imageShape: [8, 8, 1], width: 2, latentDim: 4, seed: 1 });
    const input = tfl.input({ shape: [4] });
    const symbolic = generator.apply(input) as tfl.SymbolicTensor;
    expect(symbolic.shape).toEqual([null, 8, 8, 1]);
    const z = tf.ones([3, 4]);
    const images = generator.predict(z) as tf.Tensor;
    expect(images.shape).toEqual([3, 8, 8, 1]);
    expect(generator.getClassName()).toBe('Model');
    expect(Object.keys(generator.toJSON(null, false) as object)).toContain('config');
    tf.dispose([z, images]);
  });
});
