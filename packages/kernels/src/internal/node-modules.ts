/**
 * The Node built-ins `setupWasmThreads` patches. The browser build (dist/browser.js)
 * uses node-modules.browser.ts instead, so the main entry bundles for browsers.
 */
export interface NodeModules {
  workerThreads: {
    Worker: new (url: string | URL, options?: Record<string, unknown>) => { postMessage(message: unknown, transfer?: unknown): void; unref(): void; ref(): unknown };
  };
  os: { cpus(): unknown[]; availableParallelism?: () => number };
  fs: { readFileSync(path: string, encoding: 'utf8'): string };
  resolve(id: string): string;
}


/** Loads the built-ins through `createRequire` (Node only). */
export async function nodeModules(): Promise<NodeModules> {
  const { createRequire } = await import('node:module');
  const require = createRequire(`${process.cwd()}/`);
  return {
    workerThreads: require('node:worker_threads'),
    os: require('node:os'),
    fs: require('node:fs'),
    resolve: (id) => require.resolve(id),
  };
}

