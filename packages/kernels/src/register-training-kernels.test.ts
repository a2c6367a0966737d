import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { OptionError, registerTrainingKernels, unregisterTrainingKernels } from './index';

describe('registerTrainingKernels', () => {
  afterEach(() => {
    unregisterTrainingKernels();
  });

  it('registers for the registered backends only, and is idempotent', () => {
    const backend = tf.getBackend();
    const before = tf.getKernel('Conv2DBackpropInput', backend);
    const first = registerTrainingKernels();
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(new Set(first.map((k) => k.backendName))).toContain(backend);
    for (const k of first) expect(['cpu', 'wasm', 'webgpu']).toContain(k.backendName);
    expect(tf.getKernel('Conv2DBackpropInput', backend)).not.toBe(before);
    expect(registerTrainingKernels()).toEqual([]);
    expect(tf.getKernel('Conv2DBackpropFilter', backend)).toBeDefined();
  });

  it('unregisterTrainingKernels puts the original kernels back', () => {
    const backend = tf.getBackend();
    const original = tf.getKernel('Conv2DBackpropInput', backend);
    const hadFilter = tf.getKernel('Conv2DBackpropFilter', backend) != null;
    registerTrainingKernels({ backends: [backend] });
    const removed = unregisterTrainingKernels({ backends: [backend] });
    expect(removed.map((k) => k.kernelName)).toEqual(expect.arrayContaining(['Conv2DBackpropFilter', 'Conv2DBackpropInput']));
    expect(tf.getKernel('Conv2DBackpropInput', backend)).toBe(original);
    expect(tf.getKernel('Conv2DBackpropFilter', backend) != null).toBe(hadFilter);
    expect(unregisterTrainingKernels({ backends: [backend] })).toEqual([]);
  });

  it('reports which kernels replaced existing ones', () => {
    const backend = tf.getBackend();
    const hadFilter = tf.getKernel('Conv2DBackpropFilter', backend) != null;
    const done = registerTrainingKernels({ backends: [backend] });
    expect(done.find((k) => k.kernelName === 'Conv2DBackpropFilter')?.replaced).toBe(hadFilter);
    expect(done.find((k) => k.kernelName === 'Conv2DBackpropInput')?.replaced).toBe(true);
  });

  it('refuses tfjs-node and unknown backends', () => {
    expect(() => registerTrainingKernels({ backends: ['tensorflow'] })).toThrow(OptionError);
    expect(() => registerTrainingKernels({ backends: ['tensorflow'] })).toThrow(
      "registerTrainingKernels: options.backends[0] must be one of 'cpu', 'wasm', 'webgpu' (tfjs-node kernels are native and never replaced), got 'tensorflow'",
    );
    expect(() => registerTrainingKernels({ backends: ['cpu', 'webgl'] })).toThrow(/options\.backends\[1\] must be one of .*, got 'webgl'$/);
    expect(() => unregisterTrainingKernels({ backends: ['tensorflow'] })).toThrow(/^unregisterTrainingKernels: options\.backends\[0\] must/);
    expect(() => registerTrainingKernels({ backends: 'cpu' as unknown as string[] })).toThrow(
      "registerTrainingKernels: options.backends must be an array of backend names, got 'cpu'",
    );
    try {
      registerTrainingKernels({ backends: ['tensorflow'] });
    } catch (error) {
      expect(error).toMatchObject({ name: 'OptionError', functionName: 'registerTrainingKernels', argument: 'options.backends[0]', actual: "'tensorflow'" });
    }
    expect(tf.getKernel('Conv2DBackpropFilter', 'tensorflow')).toBeUndefined();
  });
});
