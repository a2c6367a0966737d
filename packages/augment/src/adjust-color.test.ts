import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adjustBrightness, adjustContrast, adjustGamma, adjustSaturation, ChannelError, OptionError } from './index';

const gray = () => tf.tensor4d([0.2, 0.4, 0.6, 0.8], [1, 2, 2, 1]);

describe('colour adjustments', () => {
  it('adjustBrightness scales and clamps', () => {
    expectClose(adjustBrightness(gray(), 1.5), [0.3, 0.6, 0.9, 1]);
    const two = tf.concat([gray(), gray()]) as tf.Tensor4D;
    expectClose(adjustBrightness(two, [0, 0.5]), [0, 0, 0, 0, 0.1, 0.2, 0.3, 0.4]);
  });

  it('adjustContrast blends with the image mean', () => {
    // mean 0.5: 0.5 + 2 (x - 0.5)
    expectClose(adjustContrast(gray(), 2), [0, 0.3, 0.7, 1]);
    expectClose(adjustContrast(gray(), 0), [0.5, 0.5, 0.5, 0.5]);
  });

  it('adjustSaturation blends RGB with its luma', () => {
    const rgb = tf.tensor4d([1, 0, 0], [1, 1, 1, 3]);
    expectClose(adjustSaturation(rgb, 0), [0.2989, 0.2989, 0.2989]);
    expectClose(adjustSaturation(rgb, 0.5), [0.64945, 0.14945, 0.14945]);
  });

  it('adjustGamma raises to a power', () => {
    expectClose(adjustGamma(gray(), 2), [0.04, 0.16, 0.36, 0.64]);
    expectClose(adjustGamma(gray(), 1, { gain: 2 }), [0.4, 0.8, 1, 1]);
  });

  it('keeps shape and dtype', () => {
    const x = tf.randomUniform([3, 4, 5, 3]) as tf.Tensor4D;
    for (const out of [adjustBrightness(x, 1.1), adjustContrast(x, 0.9), adjustSaturation(x, 1.2), adjustGamma(x, 0.8)]) {
      expect(out.shape).toEqual([3, 4, 5, 3]);
      expect(out.dtype).toBe('float32');
    }
  });

  it('rejects bad factors and channel counts', () => {
    expect(() => adjustBrightness(gray(), -1)).toThrow('adjustBrightness: factor must be a finite number >= 0, got -1');
    expect(() => adjustContrast(gray(), [1, 2])).toThrow(OptionError);
    expect(() => adjustSaturation(gray(), 0.5)).toThrow(ChannelError);
    expect(() => adjustSaturation(gray(), 0.5)).toThrow('adjustSaturation: images must have 3 channels, got 1 channel');
    expect(() => adjustGamma(gray(), Number.NaN)).toThrow('adjustGamma: gamma must be a finite number >= 0, got NaN');
  });

  it('does not leak', async () => {
    const x = gray();
    const rgb = tf.randomUniform([2, 2, 2, 3]) as tf.Tensor4D;
    await expectNoLeaks(() => adjustBrightness(x, 1.2));
    await expectNoLeaks(() => adjustContrast(rgb, [0.5, 1.5]));
    await expectNoLeaks(() => adjustSaturation(rgb, 0.5));
    await expectNoLeaks(() => adjustGamma(x, 2, { gain: 0.5 }));
  });
});
