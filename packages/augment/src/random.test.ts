import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  type Augmentation,
  augmentationFromJSON,
  colorJitter,
  compose,
  diffAugmentation,
  oneOf,
  ParamsError,
  randomAffine,
  randomCrop,
  randomElastic,
  randomErasing,
  randomFlip,
  randomGaussianBlur,
  randomNoise,
  randomOrder,
  randomResizedCrop,
  someOf,
} from './index';

// Every augmentation honours the same contract: seeds, streams, replay, training, JSON, no leaks.
const factories: Record<string, (seed?: number) => Augmentation> = {
  randomFlip: (seed) => randomFlip({ horizontal: true, vertical: true, seed }),
  randomAffine: (seed) => randomAffine({ degrees: 20, translate: [0.2, 0.2], scale: [0.8, 1.2], shear: 5, seed }),
  randomCrop: (seed) => randomCrop({ size: 8, padding: 2, seed }),
  randomResizedCrop: (seed) => randomResizedCrop({ size: [6, 5], seed }),
  colorJitter: (seed) => colorJitter({ brightness: 0.3, contrast: 0.3, seed }),
  randomNoise: (seed) => randomNoise({ std: [0.05, 0.1], seed }),
  randomErasing: (seed) => randomErasing({ p: 1, seed }),
  randomElastic: (seed) => randomElastic({ alpha: 8, sigma: 2, seed }),
  randomGaussianBlur: (seed) => randomGaussianBlur({ kernelSize: 3, seed }),
  diffAugment: (seed) => diffAugmentation({ policy: ['color', 'translation', 'cutout', 'flip'], seed }),
  compose: (seed) => compose([randomFlip(), randomCrop({ size: 8, padding: 2 }), randomAffine({ degrees: 15 }), colorJitter({ brightness: 0.2 })], { seed }),
  oneOf: (seed) => oneOf([randomFlip({ p: 1 }), randomAffine({ degrees: 30 }), randomNoise({ std: 0.1 })], { seed }),
  someOf: (seed) => someOf([randomFlip({ p: 1 }), randomAffine({ degrees: 30 }), colorJitter({ contrast: 0.5 })], [1, 2], { seed, randomOrder: true }),
  randomOrder: (seed) => randomOrder([randomAffine({ degrees: 30 }), colorJitter({ brightness: 0.5 })], { seed }),
};

const images = () => tf.randomUniform([6, 8, 8, 1], 0, 1, 'float32', 11) as tf.Tensor4D;
const same = (a: tf.Tensor, b: tf.Tensor) => expectClose(a, b, { atol: 0, rtol: 0 });
const differs = (a: tf.Tensor, b: tf.Tensor) => expect(Array.from(a.dataSync()).some((v, i) => v !== b.dataSync()[i])).toBe(true);

describe.each(Object.keys(factories))('%s', (name) => {
  const make = factories[name]!;

  it('gives the same output for the same call seed and a different one for another', () => {
    const x = images();
    const aug = make();
    const a = aug.apply(x, { seed: 5 });
    same(a, aug.apply(x, { seed: 5 }));
    same(a, make().apply(x, { seed: 5 }));
    differs(a, aug.apply(x, { seed: 6 }));
  });

  it('draws fresh parameters on successive calls of a seeded stream, reproducibly', () => {
    const x = images();
    const one = make(42);
    const two = make(42);
    const a1 = one.apply(x);
    const a2 = one.apply(x);
    differs(a1, a2);
    same(a1, two.apply(x));
    same(a2, two.apply(x));
    one.reset();
    same(a1, one.apply(x));
  });

  it('replays its parameters exactly, also after a JSON round trip', () => {
    const x = images();
    const aug = make(3);
    const { images: out, params } = aug.applyWithParams(x);
    same(aug.replay(x, params), out);
    same(aug.replay(x, JSON.parse(JSON.stringify(params))), out);
    expect(out.shape).toEqual(aug.outputShape([6, 8, 8, 1]));
    expect(out.dtype).toBe('float32');
  });

  it('is the identity at inference', () => {
    const x = images();
    const aug = make(1);
    const { images: out, params } = aug.applyWithParams(x, { training: false });
    same(out, x);
    expect(params.skipped).toBe(true);
    aug.training = false;
    same(aug.apply(x), x);
  });

  it('round-trips through JSON', () => {
    const x = images();
    const aug = make(9);
    const again = augmentationFromJSON(JSON.parse(JSON.stringify(aug)));
    expect(again.toJSON()).toEqual(aug.toJSON());
    same(again.apply(x, { seed: 2 }), aug.apply(x, { seed: 2 }));
    same(again.apply(x), aug.apply(x));
  });

  it('rejects params of another augmentation or batch', () => {
    const x = images();
    const aug = make(1);
    const { params } = aug.applyWithParams(x);
    expect(() => aug.replay(tf.slice(x, 0, 2) as tf.Tensor4D, params)).toThrow(ParamsError);
    expect(() => aug.replay(x, { ...params, type: 'other' })).toThrow(`${aug.type}.replay: params.type must be "${aug.type}", got "other"`);
  });

  it('does not leak and leaves its input alone', async () => {
    const x = images();
    const before = Array.from(x.dataSync());
    const aug = make(1);
    await expectNoLeaks(() => aug.apply(x));
    await expectNoLeaks(() => aug.applyWithParams(x).images);
    expect(Array.from(x.dataSync())).toEqual(before);
    expect(x.isDisposed).toBe(false);
  });
});
