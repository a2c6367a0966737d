import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './backend';

describe("selectBackend('auto')", () => {
  it('tries tfjs-node-gpu, tfjs-node, webgpu, then wasm (every core), and takes the first that works', async () => {
    const selection = await selectBackend('auto');
    // Best first; every candidate before the chosen one failed (with its reason), the chosen one worked.
    const order = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'];
    const tried = selection.attempts.map((a) => a.backend);
    expect(tried).toEqual(order.slice(0, tried.length));
    expect(selection.attempts.map((a) => a.ok)).toEqual([...tried.slice(1).map(() => false), true]);
    expect(selection.backend).toBe(tried.at(-1));
    expect(tf.getBackend()).toBe(selection.tfBackend);
    // Without tfjs-node or a hardware GPU (as in CI) wasm wins, on every core.
    if (selection.backend === 'wasm') {
      expect(tried).toHaveLength(4);
      expect(selection.device).toMatch(/^CPU \(WebAssembly( SIMD)?, \d+ threads?: every core\)$/);
    }
    expect(selection.attempts[0]!.detail).toMatch(/@tensorflow\/tfjs-node-gpu is not installed/);
  }, 60_000);
});
