/**
 * The browser build's internal/node.ts: no Node built-ins, so `loadMnist` uses
 * downloads (global `fetch`) and the embedded digits only, and inflates with fflate.
 */
import type { NodeModules } from './node';

export type { NodeModules } from './node';

/** Never Node in the browser build. */
export function isNode(): boolean {
  return false;
}

/** No Node built-ins in the browser build. */
export function loadNode(): Promise<NodeModules | null> {
  return Promise.resolve(null);
}

function nodeOnly(name: string): never {
  throw new Error(`@ganforge/mnist: ${name} needs Node.js (the browser build has no file system)`);
}

/** Unreachable in the browser build (callers hold no NodeModules). */
export function defaultCacheRoot(_node: NodeModules): string {
  return nodeOnly('the cache');
}

/** Unreachable in the browser build (callers hold no NodeModules). */
export function readIfExists(_node: NodeModules, _path: string): Promise<Uint8Array | undefined> {
  return nodeOnly('reading files');
}

/** Unreachable in the browser build (callers hold no NodeModules). */
export function statIfExists(_node: NodeModules, _path: string): Promise<undefined> {
  return nodeOnly('reading files');
}
