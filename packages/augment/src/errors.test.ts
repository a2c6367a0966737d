import { isGanforgeError, LIMITS } from '@ganforge/internal';
import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  AdaController,
  adjustBrightness,
  adjustGamma,
  adjustSaturation,
  affine,
  AugmentError,
  augmentationFromJSON,
  ChannelError,
  colorJitter,
  crop,
  DtypeError,
  gaussianBlur,
  gaussianNoise,
  horizontalFlip,
  LimitError,
  OptionError,
  pad,
  randomCrop,
  randomElastic,
  randomFlip,
  randomResizedCrop,
  resize,
  ShapeError,
  someOf,
  TensorError,
} from './index';

/** The error `fn` throws (fails the test when it throws nothing). */
function thrown(fn: () => unknown): AugmentError {
  try {
    fn();
  } catch (error) {
    return error as AugmentError;
  }
  throw new Error('threw nothing');
}

const images = () => tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;

describe('errors are house errors', () => {
  it('carry functionName, argument, expected, actual, and the ganforge marker', () => {
    const error = thrown(() => horizontalFlip(tf.zeros([28, 28, 1]) as unknown as tf.Tensor4D));
    expect(error).toBeInstanceOf(ShapeError);
    expect(error).toBeInstanceOf(AugmentError);
    expect(isGanforgeError(error)).toBe(true);
    expect(error.name).toBe('ShapeError');
    expect(error.message).toBe('horizontalFlip: images must be rank 4 [batch, h, w, c], got rank 3 [28, 28, 1]');
    expect([error.functionName, error.argument, error.expected, error.actual]).toEqual(['horizontalFlip', 'images', 'rank 4 [batch, h, w, c]', 'rank 3 [28, 28, 1]']);
    // the old field name keeps working for one minor version
    expect(error.fn).toBe('horizontalFlip');
  });

  it('ChannelError is a ShapeError', () => {
    const error = thrown(() => adjustSaturation(images(), 0.5));
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toBeInstanceOf(ShapeError);
    expect(error.message).toBe('adjustSaturation: images must have 3 channels, got 1 channel');
  });

  it('null, non-tensors and disposed tensors give TensorError; other dtypes DtypeError', () => {
    expect(thrown(() => horizontalFlip(null as never)).message).toBe('horizontalFlip: images must be a tf.Tensor, got null');
    expect(thrown(() => affine([1, 2] as never))).toBeInstanceOf(TensorError);
    const x = images();
    x.dispose();
    const error = thrown(() => randomFlip().apply(x));
    expect(error).toBeInstanceOf(TensorError);
    expect(error.message).toBe('randomFlip.apply: images must be a tf.Tensor that is not disposed, got disposed float32 tensor [2, 4, 4, 1]');
    expect(thrown(() => new AdaController().update(x))).toBeInstanceOf(TensorError);
    const ints = tf.zeros([1, 2, 2, 1], 'int32') as tf.Tensor4D;
    expect(thrown(() => horizontalFlip(ints))).toBeInstanceOf(DtypeError);
    expect(thrown(() => horizontalFlip(ints)).message).toBe('horizontalFlip: images must be a float32 tensor, got dtype int32');
  });
});

describe('misspelled options are rejected with a did-you-mean', () => {
  it('affine({ angel }) suggests angle', () => {
    const error = thrown(() => affine(images(), { angel: 45 } as never));
    expect(error).toBeInstanceOf(OptionError);
    expect(error.argument).toBe('options.angel');
    expect(error.message).toBe(
      "affine: options.angel must be a known option (did you mean 'angle'?): angle, translate, scale, shear, interpolation, fill, center, got the unknown key 'angel'",
    );
  });

  it('in constructors, per-call options, sample options and JSON configs', () => {
    expect(thrown(() => randomFlip({ vertcal: true } as never)).message).toContain("did you mean 'vertical'?");
    expect(thrown(() => randomCrop({ size: 4, paddng: 2 } as never)).message).toContain("did you mean 'padding'?");
    expect(thrown(() => randomFlip().apply(images(), { sede: 1 } as never)).message).toContain("randomFlip.apply: options.sede must be a known option (did you mean 'seed'?)");
    expect(thrown(() => randomFlip().sample([2, 4, 4, 1], { trainig: false } as never))).toBeInstanceOf(OptionError);
    const error = thrown(() => augmentationFromJSON({ type: 'randomFlip', options: { vertcal: true } }));
    expect(error).toBeInstanceOf(OptionError);
    expect(error.argument).toBe('config.options.vertcal');
    expect(error.message).toContain("did you mean 'vertical'?");
    expect(thrown(() => new AdaController().setState({ p: 0, rt: null, signSum: 0, count: 0, cals: 0 } as never)).argument).toBe('state.cals');
  });

  it('an options value that is not an object is an OptionError', () => {
    expect(thrown(() => randomFlip(5 as never)).message).toBe('randomFlip: options must be an options object or undefined, got 5');
    expect(thrown(() => gaussianNoise(images(), images() as never))).toBeInstanceOf(OptionError);
  });
});

describe('sizes past the limits are LimitErrors before anything is allocated', () => {
  it('crop, pad, resize, blur kernels', () => {
    const x = images();
    const before = tf.memory().numTensors;
    expect(thrown(() => crop(x, 0, 0, 1e6, 1e6)).message).toBe('crop: height must be a positive integer <= 16384 (LIMITS.imageSide), got 1000000');
    expect(thrown(() => pad(x, 1e6))).toBeInstanceOf(LimitError);
    expect(thrown(() => pad(x, [16_000, 0, 16_000, 0]))).toBeInstanceOf(LimitError); // each side fits, the output does not
    expect(thrown(() => resize(x, [1e6, 1e6]))).toBeInstanceOf(LimitError);
    expect(thrown(() => resize(tf.zeros([1, 1, 100, 1]) as tf.Tensor4D, 200))).toBeInstanceOf(LimitError); // shorter side 200, longer 20,000
    expect(thrown(() => gaussianBlur(x, 2e6 + 1))).toBeInstanceOf(LimitError);
    // a batch whose output exceeds 2^31 - 1 elements
    const wide = tf.zeros([9, 1, 1, 1]) as tf.Tensor4D;
    expect(thrown(() => resize(wide, [LIMITS.imageSide, LIMITS.imageSide])).message).toBe(
      'resize: output must be at most 2147483647 elements (LIMITS.tensorElements), got shape [9, 16384, 16384, 1] (2415919104 elements)',
    );
    expect(tf.memory().numTensors).toBe(before + 2); // wide and the 1x100 image: no output was allocated
  });

  it('random augmentations at construction, and at apply for sizes that depend on the input', () => {
    expect(thrown(() => randomCrop({ size: 1e6 }))).toBeInstanceOf(LimitError);
    expect(thrown(() => randomResizedCrop({ size: [4, 1e6] }))).toBeInstanceOf(LimitError);
    expect(thrown(() => randomElastic({ sigma: 1e6 }))).toBeInstanceOf(LimitError);
    expect(thrown(() => someOf([randomFlip()], 1e9, { replace: true }))).toBeInstanceOf(LimitError);
    const error = thrown(() => randomCrop({ size: 4, padding: 16_000 }).apply(images()));
    expect(error).toBeInstanceOf(LimitError);
    expect(error.functionName).toBe('randomCrop.apply');
    expect(thrown(() => randomFlip().sample([2 ** 30, 4, 4, 1])).message).toBe('randomFlip.sample: shape[0] must be a positive integer <= 16777216 (LIMITS.batch), got 1073741824');
    expect(thrown(() => randomFlip().sample([2, 0, 4, 1]))).toBeInstanceOf(ShapeError);
  });
});

describe('pixelRange', () => {
  it('adjusts images in [-1, 1] as torchvision adjusts them in [0, 1]', () => {
    const x = tf.tensor4d([-1, 0, 0.5, 1], [1, 1, 4, 1]);
    // unit: [0, 0.5, 0.75, 1] * 1.5 -> [0, 0.75, 1, 1] (clamped) -> back to [-1, 1]
    expectClose(adjustBrightness(x, 1.5, { pixelRange: 'symmetric' }), [-1, 0.5, 1, 1], { atol: 1e-6 });
    expectClose(adjustBrightness(x, 1.5, { pixelRange: [-1, 1] }), [-1, 0.5, 1, 1], { atol: 1e-6 });
    // uint8: [0, 51, 255] -> unit [0, 0.2, 1] ** 2 -> [0, 0.04, 1] -> [0, 10.2, 255]
    expectClose(adjustGamma(tf.tensor4d([0, 51, 255], [1, 1, 3, 1]), 2, { pixelRange: 'uint8' }), [0, 10.2, 255], { atol: 1e-4 });
    // the default is 'unit': unchanged behaviour
    expectClose(adjustBrightness(tf.tensor4d([0.2, 0.8], [1, 1, 2, 1]), 1.5), [0.3, 1], { atol: 1e-6 });
    expect(thrown(() => adjustBrightness(x, 1, { pixelRange: 'signed' as never }))).toBeInstanceOf(OptionError);
  });

  it('colorJitter takes pixelRange, replays and round-trips it through JSON', () => {
    const x = tf.randomUniform([4, 3, 3, 1], -1, 1, 'float32', 3) as tf.Tensor4D;
    const jitter = colorJitter({ brightness: 0.5, pixelRange: 'symmetric', seed: 2 });
    const { images: out, params } = jitter.applyWithParams(x);
    const factors = params.brightness as number[];
    for (let n = 0; n < 4; n++) {
      const row = tf.slice(x, [n, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
      expectClose(tf.slice(out, [n, 0, 0, 0], [1, -1, -1, -1]), adjustBrightness(row, factors[n]!, { pixelRange: 'symmetric' }), { atol: 1e-6 });
    }
    expect(jitter.toJSON().options.pixelRange).toEqual([-1, 1]);
    expectClose(augmentationFromJSON(JSON.stringify(jitter)).replay(x, params), out, { atol: 0, rtol: 0 });
    expect(tf.min(out).dataSync()[0]).toBeGreaterThanOrEqual(-1);
  });

  it('noise clip takes a range name', () => {
    const out = gaussianNoise(tf.zeros([1, 8, 8, 1]) as tf.Tensor4D, { std: 5, clip: 'unit', seed: 1 });
    expect([tf.min(out).dataSync()[0], tf.max(out).dataSync()[0]]).toEqual([0, 1]);
  });

  it('does not leak', async () => {
    const x = tf.randomUniform([2, 3, 3, 3], -1, 1) as tf.Tensor4D;
    await expectNoLeaks(() => adjustSaturation(x, 0.5, { pixelRange: 'symmetric' }));
    await expectNoLeaks(() => colorJitter({ contrast: 0.5, pixelRange: 'symmetric', seed: 1 }).apply(x));
  });
});
