// Backend set-up for the benches: cpu and wasm from their packages (wasm
// binaries read from disk), webgpu through the `webgpu` npm package (Dawn).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);

export async function initBackend(name, { threads = false } = {}) {
  if (name === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
  } else if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    wasm.setWasmPaths(`${dist}/`);
    if (threads) {
      const { setupWasmThreads } = await import('../../packages/kernels/dist/index.js');
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
  if (!(await tf.setBackend(name))) throw new Error(`could not initialise the ${name} backend`);
  await tf.ready();
  if (name === 'wasm') {
    const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
    return { backend: tf.getBackend(), threads: getThreadsCount() };
  }
  return { backend: tf.getBackend() };
}
