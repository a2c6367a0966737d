/**
 * Backend selection for the DCGAN example. `auto` tries, best first:
 * tfjs-node-gpu (CUDA), tfjs-node, WebGPU through the `webgpu` npm package (Dawn),
 * wasm with our training kernels, cpu. Every skipped candidate carries the reason,
 * so a CPU fallback is never silent.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

export const backendChoices = ['auto', 'tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof backendChoices)[number];
export type ConcreteBackend = Exclude<BackendChoice, 'auto'>;

export interface BackendAttempt {
  backend: ConcreteBackend;
  ok: boolean;
  /** Why it was skipped, or what was found. */
  detail: string;
}

export interface BackendSelection {
  /** The choice that won. */
  backend: ConcreteBackend;
  /** The tfjs backend name now active (`tensorflow` for both tfjs-node flavours). */
  tfBackend: string;
  /** Device description: GPU name, CPU thread count, ... */
  device: string;
  /** Every candidate tried, in order, with the reason it was or was not used. */
  attempts: BackendAttempt[];
}

export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
  constructor(
    readonly backend: ConcreteBackend,
    readonly reason: string,
  ) {
    super(`--backend ${backend} is not available: ${reason}`);
  }
}

const autoOrder: ConcreteBackend[] = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'];

const tfjsNodeGpuHelp =
  'install it on a Linux machine with CUDA 11.2 and cuDNN 8.1: `npm i @tensorflow/tfjs-node-gpu@4.22.0` ' +
  '(its install script downloads libtensorflow, so it needs internet access)';
const tfjsNodeHelp = 'install it with `npm i @tensorflow/tfjs-node@4.22.0` (its install script downloads libtensorflow)';

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

async function tryTensorflow(gpu: boolean): Promise<{ device: string }> {
  const name = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
  try {
    await import(/* @vite-ignore */ name);
  } catch (error) {
    if (isMissingModule(error)) throw new Error(`${name} is not installed; ${gpu ? tfjsNodeGpuHelp : tfjsNodeHelp}`);
    throw new Error(`${name} failed to load: ${message(error)}`);
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${name} loaded but the tensorflow backend did not initialise`);
  await tf.ready();
  if (gpu) {
    // tfjs-node-gpu silently runs on the CPU when CUDA is missing: require a GPU device.
    const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
    if (backend.isUsingGpuDevice === false) {
      throw new Error('@tensorflow/tfjs-node-gpu found no working CUDA device (check the driver, CUDA 11.2 and cuDNN 8.1)');
    }
    return { device: 'CUDA GPU (libtensorflow)' };
  }
  return { device: 'CPU (libtensorflow)' };
}

async function tryWebgpu(): Promise<{ device: string }> {
  let dawn: { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  try {
    dawn = (await import(/* @vite-ignore */ 'webgpu')) as unknown as typeof dawn;
  } catch (error) {
    throw new Error(`the webgpu package (Dawn for Node) could not be loaded: ${message(error)}`);
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter found (no GPU, or no Vulkan/Metal/D3D12 driver)');
  const info = (adapter as unknown as { info?: GPUAdapterInfo }).info;
  const description = [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(' ');
  if ((info as unknown as { type?: string } | undefined)?.type === 'CPU' || /swiftshader|llvmpipe|lavapipe/i.test(description)) {
    throw new Error(`only a software WebGPU adapter was found (${description}); it is slower than wasm`);
  }
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu, userAgent: 'node' },
    configurable: true,
    writable: true,
  });
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('the webgpu backend did not initialise');
  await tf.ready();
  return { device: description || 'GPU (WebGPU adapter)' };
}

async function tryWasm(): Promise<{ device: string }> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const require = createRequire(import.meta.url);
  const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  wasm.setWasmPaths(`${dist}/`);
  // Every core: kernels' setupWasmThreads serves tfjs's threaded wasm binary in Node.
  const { setupWasmThreads } = await import('@ganforge/kernels');
  await setupWasmThreads();
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = wasm.getThreadsCount();
  return { device: `CPU (WebAssembly${simd ? ' SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'}: every core)` };
}

async function tryCpu(): Promise<{ device: string }> {
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
  await tf.ready();
  return { device: 'CPU (pure JavaScript)' };
}

const loaders: Record<ConcreteBackend, () => Promise<{ device: string }>> = {
  'tensorflow-gpu': () => tryTensorflow(true),
  tensorflow: () => tryTensorflow(false),
  webgpu: tryWebgpu,
  wasm: tryWasm,
  cpu: tryCpu,
};

/**
 * Activates the requested backend, or with `auto` the best one that works.
 * An explicit backend that does not work throws `BackendUnavailableError` with
 * what to do about it.
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendSelection> {
  const order = choice === 'auto' ? autoOrder : [choice];
  const attempts: BackendAttempt[] = [];
  for (const backend of order) {
    try {
      const { device } = await loaders[backend]();
      attempts.push({ backend, ok: true, detail: device });
      return { backend, tfBackend: tf.getBackend(), device, attempts };
    } catch (error) {
      attempts.push({ backend, ok: false, detail: message(error) });
      if (choice !== 'auto') throw new BackendUnavailableError(backend, message(error));
    }
  }
  throw new Error(`no backend could be initialised:\n${attempts.map((a) => `  ${a.backend}: ${a.detail}`).join('\n')}`);
}

/** Lines for the console: the chosen backend and why each better one was skipped. */
export function describeSelection(selection: BackendSelection): string[] {
  const lines = [`backend: ${selection.backend} (tfjs '${selection.tfBackend}') on ${selection.device}`];
  for (const attempt of selection.attempts) {
    if (!attempt.ok) lines.push(`  skipped ${attempt.backend}: ${attempt.detail}`);
  }
  return lines;
}
