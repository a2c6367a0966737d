/**
 * The browser build's node-modules.ts: no Node built-ins. `setupWasmThreads`
 * refuses non-Node runtimes before it gets here (browsers run threaded wasm
 * natively when the page is cross-origin isolated).
 */
import type { NodeModules } from './node-modules';

export type { NodeModules } from './node-modules';

/** Unreachable in the browser build. */
export function nodeModules(): Promise<NodeModules> {
  return Promise.reject(new Error('@ganforge/kernels: setupWasmThreads needs Node.js (browsers thread wasm natively)'));
}
