import { expectClose } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  adjustBrightness,
  augmentationFromJSON,
  adjustContrast,
  affine,
  ChannelError,
  colorJitter,
  compose,
  crop,
  erase,
  gaussianNoise,
  horizontalFlip,
  OptionError,
  oneOf,
  pad,
  randomAffine,
  randomCrop,
  randomElastic,
  randomErasing,
  randomFlip,
  randomGaussianBlur,
  randomNoise,
  randomOrder,
  randomResizedCrop,
  resize,
  ShapeError,
  someOf,
  verticalFlip,
} from './index';

const images = (n = 8) => tf.randomUniform([n, 6, 7, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
const row = (x: tf.Tensor4D, n: number) => tf.slice(x, [n, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
const exact = { atol: 0, rtol: 0 };

describe('random augmentations apply what their params say', () => {
  it('randomFlip flips the images it reports, per image', () => {
    const x = images();
    const { images: out, params } = randomFlip({ horizontal: true, vertical: true, p: 0.5 }).applyWithParams(x, { seed: 1 });
    const h = params.horizontal as boolean[];
    const v = params.vertical as boolean[];
    expect(new Set(h).size).toBe(2);
    for (let n = 0; n < 8; n++) {
      let e = row(x, n);
      if (h[n]) e = horizontalFlip(e);
      if (v[n]) e = verticalFlip(e);
      expectClose(row(out, n), e, exact);
    }
  });

  it('p = 0 is the identity and p = 1 always applies', () => {
    const x = images();
    expectClose(randomFlip({ p: 0 }).apply(x, { seed: 1 }), x, exact);
    expectClose(randomFlip({ p: 1 }).apply(x, { seed: 1 }), horizontalFlip(x), exact);
    expectClose(randomAffine({ degrees: 45, p: 0 }).apply(x), x, exact);
    expectClose(colorJitter({ brightness: 0.9, p: 0 }).apply(x), x, exact);
    expectClose(randomNoise({ p: 0 }).apply(x), x, exact);
    expectClose(randomElastic({ p: 0 }).apply(x), x, exact);
  });

  it('randomAffine draws per image, or once with sameOnBatch', () => {
    const x = images();
    const aug = randomAffine({ degrees: 30, translate: [0.2, 0.2], scale: [0.8, 1.2], shear: [-5, 5, -5, 5] });
    const { images: out, params } = aug.applyWithParams(x, { seed: 4 });
    const angle = params.angle as number[];
    expect(new Set(angle).size).toBe(8);
    for (const a of angle) expect(Math.abs(a)).toBeLessThanOrEqual(30);
    for (const t of params.translateX as number[]) expect(Number.isInteger(t) && Math.abs(t) <= 1.4).toBe(true);
    const n = 3;
    const e = affine(row(x, n), {
      angle: angle[n],
      translate: [(params.translateX as number[])[n]!, (params.translateY as number[])[n]!],
      scale: (params.scale as number[])[n],
      shear: [(params.shearX as number[])[n]!, (params.shearY as number[])[n]!],
    });
    expectClose(row(out, n), e, { atol: 1e-6 });
    const shared = randomAffine({ degrees: 30, sameOnBatch: true }).applyWithParams(x, { seed: 4 }).params;
    expect(new Set(shared.angle as number[]).size).toBe(1);
  });

  it('randomCrop equals pad then crop at the drawn offsets', () => {
    const x = images();
    const { images: out, params } = randomCrop({ size: [6, 7], padding: 2, paddingMode: 'reflect' }).applyWithParams(x, { seed: 2 });
    const top = params.top as number[];
    const left = params.left as number[];
    expect(top.every((t) => t >= 0 && t <= 4)).toBe(true);
    expectClose(out, tf.concat(top.map((t, n) => crop(pad(row(x, n), 2, { mode: 'reflect' }), t, left[n]!, 6, 7))), exact);
  });

  it('randomCrop refuses images smaller than the size unless padIfNeeded', () => {
    expect(() => randomCrop({ size: 10 }).apply(images())).toThrow(ShapeError);
    expect(() => randomCrop({ size: 10 }).apply(images())).toThrow('randomCrop.apply: images must be at least 10x10 after padding (or padIfNeeded: true), got 6x7');
    expect(randomCrop({ size: 10, padIfNeeded: true }).apply(images()).shape).toEqual([8, 10, 10, 1]);
    expect(() => randomCrop({ size: -2 })).toThrow(OptionError);
  });

  it('randomResizedCrop resizes the drawn box', () => {
    const x = images();
    const { images: out, params } = randomResizedCrop({ size: 5, scale: [0.3, 0.8] }).applyWithParams(x, { seed: 8 });
    const n = 2;
    const [t, l, h, w] = ['top', 'left', 'height', 'width'].map((k) => (params[k] as number[])[n]!) as [number, number, number, number];
    expect(h * w).toBeLessThanOrEqual(42 * 0.8 + 7);
    expectClose(row(out, n), resize(crop(row(x, n), t, l, h, w), [5, 5]), { atol: 1e-6 });
  });

  it('colorJitter applies brightness then contrast or the reverse, as drawn', () => {
    const x = images();
    const { images: out, params } = colorJitter({ brightness: 0.5, contrast: 0.5 }).applyWithParams(x, { seed: 3 });
    const b = params.brightness as number[];
    const c = params.contrast as number[];
    const order = params.order as number[];
    let e = x;
    for (const k of order) e = k === 0 ? adjustBrightness(e, b) : adjustContrast(e, c);
    expectClose(out, e, { atol: 1e-6 });
    expect(() => colorJitter({ saturation: 0.5 }).apply(x)).toThrow(ChannelError);
    expect(() => colorJitter({ brightness: -1 })).toThrow('colorJitter: brightness must be a number >= 0 or a range [low, high] with 0 <= low <= high, got -1');
  });

  it('randomErasing erases the drawn boxes', () => {
    const x = images();
    const { images: out, params } = randomErasing({ p: 1, value: 0.5 }).applyWithParams(x, { seed: 3 });
    const [t, l, h, w] = ['top', 'left', 'height', 'width'].map((k) => params[k] as number[]) as [number[], number[], number[], number[]];
    expect(h.some((v) => v > 0)).toBe(true);
    expectClose(out, erase(x, t, l, h, w, { value: 0.5 }), exact);
  });

  it('randomNoise and randomGaussianBlur change only applied images', () => {
    const x = images();
    for (const aug of [randomNoise({ std: 0.1, p: 0.5 }), randomGaussianBlur({ kernelSize: 3, p: 0.5 })]) {
      const { images: out, params } = aug.applyWithParams(x, { seed: 7 });
      const applied = params.applied as boolean[];
      expect(new Set(applied).size).toBe(2);
      applied.forEach((a, n) => {
        const same = Array.from(row(out, n).dataSync()).every((v, i) => v === row(x, n).dataSync()[i]);
        expect(same).toBe(!a);
      });
    }
  });

  it('rejects p outside [0, 1] and bad options', () => {
    expect(() => randomFlip({ p: 2 })).toThrow('randomFlip: p must be a finite number in [0, 1], got 2');
    expect(() => randomAffine({ degrees: -3 })).toThrow(OptionError);
    expect(() => randomAffine({ scale: [1.2, 0.8] })).toThrow('randomAffine: scale must be a range [low, high] with low <= high, got [1.2, 0.8]');
    expect(() => randomAffine({ translate: [2, 0] })).toThrow('randomAffine: translate[0] must be a finite number in [0, 1], got 2');
    expect(() => randomNoise({ std: Number.NaN })).toThrow(OptionError);
    expect(() => randomGaussianBlur({ kernelSize: 2 })).toThrow(OptionError);
    expect(() => randomFlip({ seed: 1.5 })).toThrow('randomFlip: seed must be a safe integer or undefined, got 1.5');
    expect(() => randomResizedCrop({ size: 0 })).toThrow('randomResizedCrop: size must be a positive integer <= 16384 (LIMITS.imageSide), got 0');
    expect(() => randomResizedCrop({ size: 4, ratio: [2, 1] })).toThrow(OptionError);
    expect(() => randomErasing({ scale: [0.5, 0.2] })).toThrow('randomErasing: scale must be a range [low, high] with low <= high, got [0.5, 0.2]');
    expect(() => randomElastic({ alpha: -1 })).toThrow('randomElastic: alpha must be a finite number >= 0, got -1');
    expect(() => randomNoise({ clip: [1, 0] })).toThrow('randomNoise: clip must be an array [low, high] with low <= high, got [1, 0]');
    expect(() => oneOf([randomFlip()], { weights: [-1] })).toThrow('oneOf: weights[0] must be a finite number >= 0, got -1');
    expect(() => randomCrop({ size: 4, paddingMode: 'wrap' as 'edge' })).toThrow(OptionError);
  });
});

describe('seeded streams are fixed numbers, the same on every backend and platform', () => {
  it('draws recorded values', () => {
    const params = randomAffine({ degrees: 30, seed: 1 }).sample([3, 8, 8, 1]);
    expectClose(params.angle as number[], [-28.475046990173432, -18.30873822756632, 17.930183753565736], { atol: 1e-12, rtol: 0 });
    const noise = gaussianNoise(tf.zeros([1, 1, 3, 1]) as tf.Tensor4D, { std: 1, seed: 7 });
    expectClose(noise, [-0.799148440361023, 0.3869408369064331, 0.9201812744140625], { atol: 1e-7 });
  });

  it('a seeded pipeline draws recorded params and gives recorded images; replay and JSON reproduce them', () => {
    const x = tf.div(tf.reshape(tf.range(0, 32, 1, 'float32'), [2, 4, 4, 1]), 32) as tf.Tensor4D;
    const pipeline = compose([randomFlip(), randomCrop({ size: 4, padding: 1 }), randomAffine({ degrees: 20 }), randomNoise({ std: 0.1 })], { seed: 5 });
    const { images: out, params } = pipeline.applyWithParams(x);
    expect(params).toEqual({"type": "compose", "batch": 2, "children": [{"type": "randomFlip", "batch": 2, "horizontal": [false, false], "vertical": [false, false]}, {"type": "randomCrop", "batch": 2, "applied": [true, true], "top": [2, 2], "left": [1, 2]}, {"type": "randomAffine", "batch": 2, "applied": [true, true], "angle": [-10.062420772682707, 17.78033132160047], "translateX": [0, 0], "translateY": [0, 0], "scale": [1, 1], "shearX": [0, 0], "shearY": [0, 0]}, {"type": "randomNoise", "batch": 2, "applied": [true, true], "std": [0.1, 0.1], "noiseSeed": 1045895541}]});
    expectClose(out, [0.051043, 0.318507, 0.142853, 0.037862, 0.22456, 0.319155, -0.00064, 0.211204, 0.324914, 0.391984, 0.388665, 0.320614, -0.0736, 0.043712, -0.088427, 0.069018, 0.210609, 0.478257, 0.383223, -0.007155, 0.777849, 0.901078, 0.761838, 0.053745, 0.739309, 0.99313, 0.788566, 0.272891, 0.052619, 0.242829, -0.077574, 0.063637], { atol: 2e-6 });
    expectClose(pipeline.replay(x, params), out, exact);
    expectClose(augmentationFromJSON(JSON.stringify(pipeline)).apply(x), out, exact);
  });
});

describe('compositions', () => {
  it('compose(a, b) equals b after a with the same params, fused into one resampling', () => {
    const x = images();
    const a = randomCrop({ size: [6, 7], padding: 2 });
    const b = randomAffine({ degrees: 20, scale: [0.9, 1.1] });
    const c = randomFlip();
    const pipeline = compose([c, a, b]);
    const { images: out, params } = pipeline.applyWithParams(x, { seed: 12 });
    const [pc, pa, pb] = params.children as [never, never, never];
    const stepwise = b.replay(a.replay(c.replay(x, pc), pa), pb);
    expectClose(out, stepwise, { atol: 1e-5 });
  });

  it('oneOf picks per image; each group is augmented as a sub-batch', () => {
    const x = images();
    const choices = [randomFlip({ p: 1 }), randomFlip({ p: 1, horizontal: false, vertical: true })];
    const { images: out, params } = oneOf(choices).applyWithParams(x, { seed: 2 });
    const groups = params.groups as { sequence: number[]; samples: number[] }[];
    expect(groups.length).toBe(2);
    for (const g of groups) {
      for (const n of g.samples) {
        const e = g.sequence[0] === 0 ? horizontalFlip(row(x, n)) : verticalFlip(row(x, n));
        expectClose(row(out, n), e, exact);
      }
    }
    const shared = oneOf(choices, { sameOnBatch: true }).applyWithParams(x, { seed: 2 }).params;
    expect((shared.groups as unknown[]).length).toBe(1);
  });

  it('someOf applies n of them and randomOrder all of them', () => {
    const x = images(16);
    const three = [randomFlip({ p: 1 }), randomNoise({ std: 0.1 }), colorJitter({ brightness: 0.2 })];
    const some = someOf(three, 2).applyWithParams(x, { seed: 1 }).params;
    for (const g of some.groups as { sequence: number[] }[]) expect(g.sequence.length).toBe(2);
    const all = randomOrder(three).applyWithParams(x, { seed: 1 }).params;
    for (const g of all.groups as { sequence: number[] }[]) expect([...g.sequence].sort()).toEqual([0, 1, 2]);
    expect(() => someOf(three, 4)).toThrow('someOf: n must be an integer in [0, 3], got 4');
  });

  it('oneOf refuses children with different output shapes', () => {
    const x = images();
    const mixed = oneOf([randomCrop({ size: 4 }), randomCrop({ size: 5 })]);
    expect(() => mixed.apply(x, { seed: 1 })).toThrow(ShapeError);
  });

  it('rejects an empty or foreign list', () => {
    expect(() => compose([])).toThrow('compose: augmentations must be a non-empty array of augmentations, got an array with 0 non-augmentation(s) of 0');
    expect(() => oneOf([{} as never])).toThrow(OptionError);
  });
});
