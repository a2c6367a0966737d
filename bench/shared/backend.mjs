// The one backend set-up of the benches: cpu and wasm from their packages (wasm binaries
// read from disk, optionally multi-threaded through @ganforge/kernels' setupWasmThreads),
// webgpu through the `webgpu` npm package (Dawn).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);

/** The folder of tfjs-backend-wasm's .wasm files, with a trailing slash (for setWasmPaths). */
export const wasmDir = () => `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`;

/**
 * Imports the backend packages of `names` (and points wasm at its binaries) without
 * selecting one: for benches that switch backends with tf.setBackend.
 */
export async function importBackends(names, { threads = false } = {}) {
  for (const name of names) {
    if (name === 'cpu') {
      await import('@tensorflow/tfjs-backend-cpu');
    } else if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmDir());
      if (threads) {
        const { setupWasmThreads } = await import('@ganforge/kernels');
        await setupWasmThreads(threads === true ? {} : { threads });
      }
    } else if (name === 'webgpu') {
      const { create, globals } = await import('webgpu');
      Object.assign(globalThis, globals);
      globalThis.navigator = { gpu: create([]), userAgent: 'node' };
      await import('@tensorflow/tfjs-backend-webgpu');
    } else {
      throw new Error(`--backend must be cpu, wasm or webgpu, got '${name}'`);
    }
  }
}

/**
 * Imports and selects one backend. `threads` (wasm only): false for tfjs's default
 * (one thread under Node), true for every core, or a thread count.
 * @returns {Promise<{ backend: string, threads?: number }>}
 */
export async function initBackend(name, { threads = false } = {}) {
  await importBackends([name], { threads });
  if (!(await tf.setBackend(name))) throw new Error(`could not initialise the ${name} backend`);
  await tf.ready();
  if (name === 'wasm') {
    const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
    return { backend: tf.getBackend(), threads: getThreadsCount() };
  }
  return { backend: tf.getBackend() };
}
