import { describe as suite, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { describe } from './describe';
import { GanforgeError } from './errors';
import { checkAllocation, checkSize, LIMITS } from './limits';
import { resolvePixelRange } from './pixel-range';
import { checkTensor, wrapErrors } from './tensors';

class LimitError extends GanforgeError {
  override name = 'LimitError';
}
class OptionError extends GanforgeError {
  override name = 'OptionError';
}

suite('limits', () => {
  it('checkSize separates values that are not sizes from sizes past the limit', () => {
    expect(checkSize('resize', 'size', 28, LIMITS.imageSide, LimitError, OptionError)).toBe(28);
    expect(() => checkSize('resize', 'options.size[0]', 1e6, LIMITS.imageSide, LimitError, OptionError)).toThrow(
      'resize: options.size[0] must be a positive integer <= 16384 (LIMITS.imageSide), got 1000000',
    );
    expect(() => checkSize('resize', 'size', 1e6, LIMITS.imageSide, LimitError, OptionError)).toThrow(LimitError);
    expect(() => checkSize('resize', 'size', 0, LIMITS.imageSide, LimitError, OptionError)).toThrow(OptionError);
  });

  it('checkAllocation checks image sides and the element count', () => {
    expect(() => checkAllocation('pad', 'output', [1, 28, 28, 1], LimitError, { imageAxes: [1, 2] })).not.toThrow();
    expect(() => checkAllocation('pad', 'output', [1, 20000, 28, 1], LimitError, { imageAxes: [1, 2] })).toThrow(/image side <= 16384/);
    expect(() => checkAllocation('sampleLatent', 'count', [1e10, 100], LimitError)).toThrow(/at most 2147483647 elements/);
  });
});

suite('tensor checks', () => {
  it('names null, non-tensors and disposed tensors', () => {
    const x = tf.zeros([1, 2]);
    expect(checkTensor('f', 'images', x, OptionError)).toBe(x);
    x.dispose();
    expect(() => checkTensor('f', 'images', x, OptionError)).toThrow('f: images must be a tf.Tensor that is not disposed, got disposed float32 tensor [1, 2]');
    expect(() => checkTensor('f', 'images', null, OptionError)).toThrow('f: images must be a tf.Tensor, got null');
    expect(() => checkTensor('f', 'images', [1, 2], OptionError)).toThrow('f: images must be a tf.Tensor, got [1, 2]');
  });

  it('wrapErrors rewraps foreign errors with the cause and keeps ours', () => {
    const inner = new Error('expected shape [null, 4]');
    let caught: unknown;
    try {
      wrapErrors('predict', 'images', () => {
        throw inner;
      }, OptionError);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OptionError);
    expect((caught as Error).message).toBe('predict: images was rejected: expected shape [null, 4]');
    expect((caught as Error).cause).toBe(inner);
    const ours = new LimitError({ functionName: 'a', argument: 'b', expected: 'c', actual: 'd' });
    expect(() =>
      wrapErrors('predict', 'images', () => {
        throw ours;
      }, OptionError),
    ).toThrow(ours);
  });
});

suite('describe and pixel ranges', () => {
  it('describes values briefly', () => {
    expect(describe(null)).toBe('null');
    expect(describe('cubic')).toBe("'cubic'");
    expect(describe([1, 2, 3])).toBe('[1, 2, 3]');
    expect(describe(new Float32Array([1, 2]))).toBe('Float32Array [1, 2]');
    expect(describe({ a: 1, b: 2 })).toBe('an object {a, b}');
    expect(describe(Array.from({ length: 10 }, (_, i) => i))).toBe('[0, 1, 2, 3, 4, 5, 6, 7, ... (10 items)]');
    const t = tf.zeros([2, 3], 'int32');
    expect(describe(t)).toBe('int32 tensor [2, 3]');
    t.dispose();
  });

  it('resolves pixel ranges', () => {
    expect(resolvePixelRange('f', 'pixelRange', 'symmetric', OptionError)).toEqual([-1, 1]);
    expect(resolvePixelRange('f', 'pixelRange', [0, 255], OptionError)).toEqual([0, 255]);
    expect(() => resolvePixelRange('f', 'pixelRange', [1, 0], OptionError)).toThrow(/a pixel range/);
    expect(() => resolvePixelRange('f', 'pixelRange', 'toString', OptionError)).toThrow(OptionError);
  });
});
