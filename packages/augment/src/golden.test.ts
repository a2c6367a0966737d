import { expectClose } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import golden from './golden/torchvision.json';
import {
  adjustBrightness,
  adjustContrast,
  adjustGamma,
  adjustSaturation,
  affine,
  crop,
  elasticTransform,
  gaussianBlur,
  horizontalFlip,
  pad,
  resize,
  rotate,
  verticalFlip,
} from './index';

// Golden values from torchvision 0.14 (scripts/make-golden.py): float inputs, 1e-4.
interface Case {
  name: string;
  input: keyof typeof golden.inputs;
  // biome-ignore lint/suspicious/noExplicitAny: golden arguments are loosely typed JSON
  args: Record<string, any>;
  shape: number[];
  expected: number[];
}

function run(c: Case, x: tf.Tensor4D): tf.Tensor {
  const a = c.args;
  switch (c.name) {
    case 'horizontalFlip':
      return horizontalFlip(x);
    case 'verticalFlip':
      return verticalFlip(x);
    case 'affine':
      return affine(x, { angle: a.angle, translate: a.translate, scale: a.scale, shear: a.shear, interpolation: a.interpolation, fill: a.fill });
    case 'rotate':
      return rotate(x, a.angle, { interpolation: a.interpolation, fill: a.fill, center: a.center });
    case 'crop':
      return crop(x, a.top, a.left, a.height, a.width);
    case 'pad':
      return pad(x, a.padding, { mode: a.mode, fill: a.fill });
    case 'resize':
      return resize(x, a.size, { interpolation: a.interpolation });
    case 'adjustBrightness':
      return adjustBrightness(x, a.factor);
    case 'adjustContrast':
      return adjustContrast(x, a.factor);
    case 'adjustSaturation':
      return adjustSaturation(x, a.factor);
    case 'adjustGamma':
      return adjustGamma(x, a.gamma, { gain: a.gain });
    case 'gaussianBlur':
      return gaussianBlur(x, a.kernelSize, { sigma: a.sigma, sigmaY: a.sigmaY });
    case 'elasticTransform': {
      const field = tf.tensor4d(a.displacement, a.displacementShape);
      const out = elasticTransform(x, field, { interpolation: a.interpolation, fill: a.fill });
      field.dispose();
      return out;
    }
    default:
      throw new Error(`unknown golden case ${c.name}`);
  }
}

const cases = golden.cases as Case[];
const groups = [...new Set(cases.map((c) => c.name))];

describe('golden values from torchvision 0.14', () => {
  it('covers every compared transform', () => {
    expect(groups.sort()).toEqual(
      ['adjustBrightness', 'adjustContrast', 'adjustGamma', 'adjustSaturation', 'affine', 'crop', 'elasticTransform', 'gaussianBlur', 'horizontalFlip', 'pad', 'resize', 'rotate', 'verticalFlip'].sort(),
    );
  });

  for (const name of groups) {
    it(`${name} matches torchvision to 1e-4`, () => {
      const mine = cases.filter((c) => c.name === name);
      for (const c of mine) {
        const input = golden.inputs[c.input];
        const x = tf.tensor4d(input.values, input.shape as [number, number, number, number]);
        const out = run(c, x);
        try {
          expect(out.shape, `${name} ${JSON.stringify(c.args)} shape`).toEqual(c.shape);
          expectClose(out, c.expected, { atol: 1e-4, rtol: 0 });
        } catch (error) {
          throw new Error(`${name} on input ${c.input} with ${JSON.stringify({ ...c.args, displacement: undefined })}: ${(error as Error).message}`);
        } finally {
          tf.dispose([x, out]);
        }
      }
    });
  }
});
