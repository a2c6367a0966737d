import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createAdaController, OptionError } from './index';

describe('AdaController', () => {
  it('raises p when the discriminator is confident on reals and lowers it otherwise', () => {
    const ada = createAdaController({ target: 0.6, speedImages: 100, interval: 2 });
    expect(ada.p).toBe(0);
    expect(ada.update([1, 1, 1, -1])).toBe(0); // no adjustment before `interval` calls
    expect(ada.update(tf.tensor1d([2, 3, 4, 5]))).toBeCloseTo(8 / 100); // r_t = 6/8 = 0.75 > 0.6: +8 images / 100
    expect(ada.rt).toBeCloseTo(0.75);
    ada.update([-1, -1, 1, 1]);
    expect(ada.update([-1, 1, -1, 1])).toBeCloseTo(0); // r_t = 0 < 0.6: back down, clamped at 0
  });

  it('stays within [0, maxP] and restores its state', () => {
    const ada = createAdaController({ speedImages: 1, interval: 1, maxP: 0.5 });
    expect(ada.update([1, 1])).toBe(0.5);
    const state = ada.getState();
    const other = createAdaController({ speedImages: 1, interval: 1, maxP: 0.5 });
    other.setState(state);
    expect(other.p).toBe(0.5);
  });

  it('rejects bad options and logits', () => {
    expect(() => createAdaController({ target: 2 })).toThrow('createAdaController: target must be a finite number in [-1, 1], got 2');
    expect(() => createAdaController({ interval: 0 })).toThrow(OptionError);
    expect(() => createAdaController().update([Number.NaN])).toThrow('AdaController.update: realLogits[0] must be a finite number, got NaN');
  });
});
