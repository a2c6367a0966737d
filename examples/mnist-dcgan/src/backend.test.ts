import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, describeSelection, selectBackend } from './backend';

describe('selectBackend', () => {
  it('activates an explicit cpu backend', async () => {
    const selection = await selectBackend('cpu');
    expect(selection).toMatchObject({ backend: 'cpu', tfBackend: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('explains how to get tfjs-node-gpu when it is missing', async () => {
    const error = await selectBackend('tensorflow-gpu').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(/^--backend tensorflow-gpu is not available: @tensorflow\/tfjs-node-gpu is not installed; .*CUDA 11\.2 and cuDNN 8\.1/);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('lists each skipped candidate with its reason', () => {
    const lines = describeSelection({
      backend: 'wasm',
      tfBackend: 'wasm',
      device: 'CPU',
      attempts: [
        { backend: 'webgpu', ok: false, detail: 'no WebGPU adapter found' },
        { backend: 'wasm', ok: true, detail: 'CPU' },
      ],
    });
    expect(lines).toEqual(["backend: wasm (tfjs 'wasm') on CPU", '  skipped webgpu: no WebGPU adapter found']);
  });
});
