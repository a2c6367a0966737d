import { expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { decode } from 'fast-png';
import { describe, expect, it, vi } from 'vitest';
import { contactSheet, LimitError, OptionError, ShapeError, TensorError } from './index';

describe('contactSheet', () => {
  it('tiles gray images with padding and upscaling', async () => {
    const x = tf.tensor4d([0, 1, 0.5, 0.25, 1, 1, 1, Number.NaN], [2, 2, 2, 1]);
    const png = decode(await contactSheet(x, { columns: 2, scale: 1, padding: 1, background: 9 }));
    expect([png.width, png.height, png.channels]).toEqual([7, 4, 1]);
    const row = (y: number) => Array.from(png.data.subarray(y * 7, (y + 1) * 7));
    expect(row(0)).toEqual([9, 9, 9, 9, 9, 9, 9]);
    expect(row(1)).toEqual([9, 0, 255, 9, 255, 255, 9]);
    expect(row(2)).toEqual([9, 128, 64, 9, 255, 0, 9]);
    const big = decode(await contactSheet(x, { columns: 1, scale: 3, padding: 0 }));
    expect([big.width, big.height]).toEqual([6, 12]);
    expect(big.data[3]).toBe(255);
    x.dispose();
  });

  it('draws RGB from colour images and maps the range', async () => {
    const list = [tf.tensor3d([-1, 0, 1], [1, 1, 3]), tf.tensor3d([1], [1, 1, 1])];
    const png = decode(await contactSheet(list, { scale: 1, padding: 0, pixelRange: 'symmetric' }));
    expect([png.width, png.height, png.channels]).toEqual([2, 1, 3]);
    expect(Array.from(png.data)).toEqual([0, 128, 255, 255, 255, 255]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // The deprecated spelling still works until the next minor version.
      const old = decode(await contactSheet(list, { scale: 1, padding: 0, range: [-1, 1] }));
      expect(Array.from(old.data)).toEqual([0, 128, 255, 255, 255, 255]);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/contactSheet: options.range is deprecated/));
    } finally {
      warn.mockRestore();
    }
    tf.dispose(list);
  });

  it('leaks no tensors', async () => {
    const x = tf.ones([3, 4, 4, 1]) as tf.Tensor4D;
    await expectNoLeaks(() => contactSheet(x).then(() => undefined));
    expect(x.isDisposed).toBe(false);
    x.dispose();
  });

  it('rejects bad images and options', async () => {
    const x = tf.zeros([4, 4, 1]);
    await expect(contactSheet(x as never)).rejects.toThrow(ShapeError);
    await expect(contactSheet(x as never)).rejects.toThrow('contactSheet: images must be rank 4 [batch, h, w, c] or an array of Tensor3D, got float32 tensor [4, 4, 1]');
    await expect(contactSheet(null as never)).rejects.toThrow(TensorError);
    await expect(contactSheet([x as tf.Tensor3D], { colums: 4 } as never)).rejects.toThrow(/contactSheet: options.colums must be a known option \(did you mean 'columns'\?\)/);
    await expect(contactSheet([x as tf.Tensor3D], { background: 300 })).rejects.toThrow('contactSheet: options.background must be a finite number >= 0 and <= 255, got 300');
    await expect(contactSheet([x as tf.Tensor3D], { columns: 0 })).rejects.toThrow(OptionError);
    await expect(contactSheet([x as tf.Tensor3D], { columns: 0 })).rejects.toThrow(
      'contactSheet: options.columns must be a positive integer <= 16384 (LIMITS.imageSide), got 0',
    );
    x.dispose();
  });

  it('checks the sheet size against LIMITS.imageSide before allocating it', async () => {
    const x = tf.zeros([12, 8, 8, 1]) as tf.Tensor4D;
    const error = await contactSheet(x, { scale: 1e5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).message).toBe('contactSheet: options.scale must be a positive integer <= 16384 (LIMITS.imageSide), got 100000');
    // Each option within its limit, the sheet past it: 10 columns of 8 px tiles at scale 300.
    await expect(contactSheet(x, { scale: 300 })).rejects.toThrow(
      'contactSheet: the contact sheet must be an image side <= 16384 (LIMITS.imageSide), got shape [4806, 24022, 1]',
    );
    await expect(contactSheet(x, { padding: 1e6 })).rejects.toThrow(LimitError);
    const disposed = tf.zeros([1, 2, 2, 1]);
    disposed.dispose();
    await expect(contactSheet(disposed as tf.Tensor4D)).rejects.toThrow('contactSheet: images must be a tf.Tensor that is not disposed, got disposed float32 tensor [1, 2, 2, 1]');
    x.dispose();
  });
});
