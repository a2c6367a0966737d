/**
 * Backend choice: WebGPU when `navigator.gpu` hands out an adapter, else wasm with
 * @ganforge/kernels' training kernels (XNNPACK threads when the page is cross-origin
 * isolated: the Vite dev and preview servers send COOP/COEP). `?backend=wasm` or
 * `?backend=webgpu` forces one (the browser test forces wasm; webgpu also takes a
 * software fallback adapter).
 */
import { registerReductionGradients, registerTrainingKernels } from '@ganforge/kernels';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';

export interface BackendChoice {
  /** The tfjs backend in use. */
  name: 'webgpu' | 'wasm';
  /** One line for the page: what was chosen and why. */
  description: string;
  /** wasm threads (1 without cross-origin isolation); null on WebGPU. */
  threads: number | null;
}

/**
 * A description of the WebGPU adapter, or null when there is none. A software
 * fallback adapter (SwiftShader: what headless Chromium offers with
 * --enable-unsafe-webgpu and no GPU) counts as none unless WebGPU is forced: it
 * runs the DCGAN far slower than wasm.
 */
async function webgpuAdapter(forced: boolean): Promise<string | null> {
  type AdapterInfo = { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: AdapterInfo } | null> } }).gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    const info = adapter.info;
    const fallback = info?.isFallbackAdapter === true || (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
    if (fallback && !forced) return null;
    const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'an adapter';
    return fallback ? `${name}, a software fallback adapter` : name;
  } catch {
    return null;
  }
}

/** Picks and initialises the backend, then registers the training kernels for it. */
export async function chooseBackend(forced: string | null): Promise<BackendChoice> {
  const adapter = forced === 'wasm' ? null : await webgpuAdapter(forced === 'webgpu');
  if (adapter !== null) {
    await import('@tensorflow/tfjs-backend-webgpu');
    if (await tf.setBackend('webgpu')) {
      await tf.ready();
      registerTrainingKernels({ backends: ['webgpu'] });
      registerReductionGradients();
      return { name: 'webgpu', description: `WebGPU (${adapter}) with @ganforge/kernels' training kernels`, threads: null };
    }
  }
  setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
  const isolated = globalThis.crossOriginIsolated === true;
  const cores = Math.min(8, Math.max(1, navigator.hardwareConcurrency || 1));
  if (isolated) setThreadsCount(cores);
  // tfjs sizes XNNPACK's pool as min(requested, logical cores / 2), assuming two logical
  // cores per physical one; report twice the cores while it initialises so that it uses
  // every logical core, as the Node CLI does (kernels' setupWasmThreads does the same there).
  const reported = Object.getOwnPropertyDescriptor(Navigator.prototype, 'hardwareConcurrency');
  if (isolated && reported) Object.defineProperty(navigator, 'hardwareConcurrency', { configurable: true, get: () => 2 * cores });
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('neither WebGPU nor the wasm backend could start');
  } finally {
    if (isolated && reported) Reflect.deleteProperty(navigator, 'hardwareConcurrency');
  }
  await tf.ready();
  registerTrainingKernels({ backends: ['wasm'] });
  registerReductionGradients();
  const threads = getThreadsCount();
  const why = forced === 'wasm' ? 'forced by ?backend=wasm' : 'no hardware WebGPU adapter';
  const threading = isolated ? `${threads} thread${threads === 1 ? '' : 's'} (cross-origin isolated)` : '1 thread (not cross-origin isolated)';
  return { name: 'wasm', description: `wasm, ${threading}, with @ganforge/kernels' training kernels (${why})`, threads };
}
