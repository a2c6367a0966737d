import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { createDcganGenerator } from './dcgan-generator';
import { ImageShapeError, OptionError } from './errors';
import { countTrainable } from './internal/count';
import { withTapeLeakCheck } from './internal/test-helpers';

const classNames = (model: tfl.LayersModel) => model.layers.map((l) => l.getClassName());
const outputShapes = (model: tfl.LayersModel, className: string) =>
  model.layers.filter((l) => l.getClassName() === className).map((l) => (l.outputShape as number[]).slice(1));

describe('createDcganGenerator', () => {
  it('builds the documented layout on a tiny config (parameters counted by hand)', () => {
    const g = createDcganGenerator({ latentDim: 8, imageShape: [8, 8, 1], width: 4, seed: 1 });
    expect(classNames(g)).toEqual(['InputLayer', 'Dense', 'Reshape', 'BatchNormalization', 'ReLU', 'Conv2DTranspose']);
    // depth 1 (8 → 4 would leave 2 < 4): dense 8·(4·4·4) = 512, BN(4) 16, convT 4·4·4·1 + 1 = 65.
    expect(g.countParams()).toBe(593);
    expect(g.outputs[0]!.shape).toEqual([null, 8, 8, 1]);
    const z = tf.randomNormal([2, 8], 0, 1, 'float32', 1);
    const images = g.predict(z) as tf.Tensor;
    expect(images.shape).toEqual([2, 8, 8, 1]);
    expect(images.dtype).toBe('float32');
    expect(tf.max(tf.abs(images)).dataSync()[0]).toBeLessThanOrEqual(1);
    tf.dispose([z, images]);
  });

  it('starts from 7×7 at 28×28, 4×4 at 32×32 and 64×64', () => {
    const g28 = createDcganGenerator({ width: 8 });
    expect(outputShapes(g28, 'Reshape')).toEqual([[7, 7, 16]]);
    expect(outputShapes(g28, 'Conv2DTranspose')).toEqual([
      [14, 14, 8],
      [28, 28, 1],
    ]);
    const g32 = createDcganGenerator({ imageShape: [32, 32, 3], width: 8 });
    expect(outputShapes(g32, 'Reshape')).toEqual([[4, 4, 32]]);
    expect(g32.outputs[0]!.shape).toEqual([null, 32, 32, 3]);
    const g64 = createDcganGenerator({ imageShape: [64, 64, 2], width: 4 });
    expect(outputShapes(g64, 'Conv2DTranspose')).toEqual([
      [8, 8, 16],
      [16, 16, 8],
      [32, 32, 4],
      [64, 64, 2],
    ]);
  });

  it('matches the DCGAN paper generator at 64×64×3 (PyTorch count 3,576,704 + 3 output biases)', () => {
    const g = createDcganGenerator({ imageShape: [64, 64, 3] });
    // PyTorch dcgan: convT 100→512 k4 from 1×1 (819,200), 512→256 (2,097,152), 256→128 (524,288),
    // 128→64 (131,072), 64→3 (3,072), BN gamma+beta 2·(512+256+128+64) = 1,920.
    expect(countTrainable(g)).toBe(3_576_704 + 3);
  });

  it('initializes kernels N(0, 0.02) and BatchNorm gamma N(1, 0.02) by default', () => {
    const g = createDcganGenerator({ width: 16, seed: 3 });
    const [kernel, gamma] = g.getWeights();
    const std = tf.tidy(() => tf.sqrt(tf.mean(tf.square(kernel!))).dataSync()[0]!);
    expect(std).toBeGreaterThan(0.0195);
    expect(std).toBeLessThan(0.0205);
    const gammaMean = tf.tidy(() => tf.mean(gamma!).dataSync()[0]!);
    expect(Math.abs(gammaMean - 1)).toBeLessThan(0.01);
    expect(gamma!.shape).toEqual([32]);
  });

  it('gives the same weights for the same seed', () => {
    const a = createDcganGenerator({ width: 2, seed: 9 }).getWeights();
    const b = createDcganGenerator({ width: 2, seed: 9 }).getWeights();
    const c = createDcganGenerator({ width: 2, seed: 10 }).getWeights();
    expect(a.map((w) => Array.from(w.dataSync()))).toEqual(b.map((w) => Array.from(w.dataSync())));
    expect(Array.from(a[0]!.dataSync())).not.toEqual(Array.from(c[0]!.dataSync()));
    // Initializers draw in JS: the same numbers on every backend (both test projects check these).
    expectClose(Array.from(a[0]!.dataSync().slice(0, 3)), [-0.000038716851, 0.0016332720, 0.049204465], { rtol: 1e-6 });
  });

  it('handles non-square images: [16, 32, 3] starts from 4×8', () => {
    const g = createDcganGenerator({ imageShape: [16, 32, 3], width: 2 });
    expect(outputShapes(g, 'Reshape')).toEqual([[4, 8, 4]]);
    expect(g.outputs[0]!.shape).toEqual([null, 16, 32, 3]);
  });

  it('switches normalization, activation, upsampling, pixel and spectral norm', () => {
    const small = { latentDim: 4, imageShape: [8, 8, 1] as [number, number, number], width: 2, depth: 2 };
    expect(classNames(createDcganGenerator({ ...small, normalization: 'instance' }))).toContain('InstanceNormalization');
    expect(classNames(createDcganGenerator({ ...small, normalization: 'layer' }))).toContain('LayerNormalization');
    const none = createDcganGenerator({ ...small, normalization: 'none', activation: 'leakyRelu' });
    expect(classNames(none).filter((n) => n.endsWith('Normalization'))).toEqual([]);
    expect(classNames(none)).toContain('LeakyReLU');
    expect(none.layers[1]!.getConfig().useBias).toBe(true);
    const sub = createDcganGenerator({ ...small, upsampling: 'subpixel', pixelNorm: true, activation: 'gelu' });
    expect(outputShapes(sub, 'SubPixelUpsampling')).toEqual([
      [4, 4, 2],
      [8, 8, 1],
    ]);
    expect(classNames(sub).filter((n) => n === 'PixelNorm')).toHaveLength(2);
    expect(classNames(sub)).toContain('Activation');
    const sn = createDcganGenerator({ ...small, spectralNorm: true });
    expect(classNames(sn).filter((n) => n === 'SpectralNormalization')).toHaveLength(3);
  });

  it('conditions on labels when numClasses is set', () => {
    const g = createDcganGenerator({ latentDim: 4, imageShape: [8, 8, 1], width: 2, numClasses: 3, seed: 4 });
    expect(g.inputs.map((i) => i.shape)).toEqual([
      [null, 4],
      [null, 1],
    ]);
    const z = tf.ones([2, 4]);
    const labels = tf.tensor2d([[0], [2]], [2, 1], 'int32');
    const images = g.predict([z, labels]) as tf.Tensor;
    expect(images.shape).toEqual([2, 8, 8, 1]);
    // Same noise, different labels → different images.
    const [a, b] = tf.split(images, 2);
    expect(tf.max(tf.abs(tf.sub(a!, b!))).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([z, labels, images, a!, b!]);
  });

  it('trains its dense projection on every backend (gradients through the transposed convs)', () => {
    const g = createDcganGenerator({ latentDim: 4, imageShape: [8, 8, 1], width: 2, seed: 5 });
    const dense = g.layers[1]!.trainableWeights[0]!;
    const z = tf.randomNormal([2, 4], 0, 1, 'float32', 2);
    const { value, grads } = withTapeLeakCheck(() =>
      tf.variableGrads(() => tf.mean(g.apply(z, { training: true }) as tf.Tensor) as tf.Scalar, [dense.read() as tf.Variable]),
    );
    const grad = Object.values(grads)[0]!;
    expect(grad.shape).toEqual([4, 32]);
    expect(Number.isFinite(tf.sum(grad).dataSync()[0]!)).toBe(true);
    expect(tf.max(tf.abs(grad)).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([z, value, ...Object.values(grads)]);
  });

  it('predicts without leaking tensors', async () => {
    const g = createDcganGenerator({ latentDim: 4, imageShape: [8, 8, 1], width: 2 });
    const z = tf.ones([1, 4]);
    await expectNoLeaks(() => g.predict(z));
    z.dispose();
  });

  it('rejects bad configurations with clear messages', () => {
    expect(() => createDcganGenerator({ width: 0 })).toThrow(OptionError);
    expect(() => createDcganGenerator({ width: 0 })).toThrow('createDcganGenerator: options.width must be an integer >= 1, got 0');
    expect(() => createDcganGenerator({ latentDim: 2.5 })).toThrow('options.latentDim must be an integer >= 1, got 2.5');
    expect(() => createDcganGenerator({ normalization: 'group' as 'batch' })).toThrow(
      "createDcganGenerator: options.normalization must be one of 'batch', 'layer', 'instance', 'none', got 'group'",
    );
    expect(() => createDcganGenerator({ activation: 'softmax' as 'relu' })).toThrow(OptionError);
    expect(() => createDcganGenerator({ imageShape: [30, 30, 1], depth: 2 })).toThrow(ImageShapeError);
    expect(() => createDcganGenerator({ imageShape: [30, 30, 1], depth: 2 })).toThrow(
      'createDcganGenerator: options.imageShape must be height and width multiples of 2^depth = 4 to be reachable by 2 stride-2 stages, got [30, 30, 1]',
    );
    expect(() => createDcganGenerator({ imageShape: [27, 27, 1] })).toThrow(
      'createDcganGenerator: options.imageShape must be even height and width to be reachable by at least one stride-2 stage, got [27, 27, 1]',
    );
    expect(() => createDcganGenerator({ imageShape: [28, 28, 0] })).toThrow(ImageShapeError);
    expect(() => createDcganGenerator({ depth: 0 })).toThrow('options.depth must be an integer >= 1, got 0');
  });
});
