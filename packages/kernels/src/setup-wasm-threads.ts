import * as tf from '@tensorflow/tfjs-core';
import { checkOptions, checkSize } from '@ganforge/internal';
import { EnvironmentError, LimitError, OptionError } from './errors';
import { type NodeModules, nodeModules } from './internal/node-modules';

/** Options of {@link setupWasmThreads}. */
export interface SetupWasmThreadsOptions {
  /**
   * Threads of the XNNPACK thread pool (1 to 8; tfjs pre-creates 8 workers).
   * Default: every logical core (`os.availableParallelism()`).
   */
  threads?: number;
}

/** Most threads: tfjs pre-creates 8 pthread workers. */
const MAX_THREADS = 8;

/** What {@link setupWasmThreads} arranged. */
export interface WasmThreadsSetup {
  /** The thread count the wasm backend will use once initialised. */
  threads: number;
}

/** Module names behind the bundler's `require$$N` aliases in tfjs-backend-wasm 4.22's Node bundle. */
const KNOWN_REQUIRES: Record<string, string> = {
  require$$0: 'fs',
  require$$1: 'path',
  require$$3: 'perf_hooks',
  require$$4: 'os',
};
const MAIN_SCRIPT_MARKER = 'ganforge-wasm-threaded-main-script';

/**
 * Runs in each pthread worker (eval mode): gives the Emscripten worker script
 * the globals it expects from a file-loaded CommonJS script, and serves its
 * `importScripts` of the main script (a Blob in tfjs) from a string we pass.
 */
const WORKER_BOOTSTRAP = `
const { parentPort, workerData } = require('worker_threads');
for (const [name, mod] of Object.entries(workerData.requires)) globalThis[name] = require(mod);
Object.assign(globalThis, { require, __filename: workerData.filename, __dirname: workerData.dirname, _scriptDir: workerData.filename, commonjsGlobal: globalThis });
let ganforgeMainSource = null;
const ganforgeOn = parentPort.on.bind(parentPort);
parentPort.on = (event, listener) => ganforgeOn(event, event !== 'message' ? listener : (data) => {
  if (data && data.cmd === 'load' && typeof data.ganforgeMainSource === 'string') {
    ganforgeMainSource = data.ganforgeMainSource;
    data.urlOrBlob = '${MAIN_SCRIPT_MARKER}';
    delete data.ganforgeMainSource;
  }
  listener(data);
});
(0, eval)(workerData.source);
const ganforgeImportScripts = globalThis.importScripts;
globalThis.importScripts = (file) => file === '${MAIN_SCRIPT_MARKER}' ? (0, eval)(ganforgeMainSource) : ganforgeImportScripts(file);
`;

interface FactoryEntry {
  factory: () => unknown;
  priority: number;
}

/** Blob sources and object URLs recorded while the wasm backend initialises. */
const blobSources = new WeakMap<object, string>();
const urlSources = new Map<string, string>();
let workerPatched = false;
let requiresMap: Record<string, string> | null = null;

/** `require$$N` -> module name, read from the installed tfjs-backend-wasm Node bundle when it can be found. */
function bundleRequires(node: NodeModules): Record<string, string> {
  const found: Record<string, string> = { ...KNOWN_REQUIRES };
  try {
    const source = node.fs.readFileSync(node.resolve('@tensorflow/tfjs-backend-wasm'), 'utf8');
    for (const match of source.slice(0, 5000).matchAll(/var (require\$\$\d+) = require\('([^']+)'\)/g)) {
      found[match[1]!] = match[2]!;
    }
  } catch {
    // Bundled apps: keep the 4.22 table.
  }
  return found;
}

function patchWorker(node: NodeModules): void {
  if (workerPatched) return;
  const RealWorker = node.workerThreads.Worker;
  // tfjs's Emscripten glue does `Worker = require('worker_threads').Worker` when it
  // initialises, then `new Worker(blobUrl)`, which Node refuses (ERR_WORKER_PATH).
  class GanforgeWasmWorker extends RealWorker {
    constructor(url: string | URL, options?: Record<string, unknown>) {
      const source = typeof url === 'string' ? urlSources.get(url) : undefined;
      if (source === undefined) {
        super(url, options);
        return;
      }
      const requires = requiresMap ?? KNOWN_REQUIRES;
      super(WORKER_BOOTSTRAP, {
        ...options,
        eval: true,
        workerData: { source, requires, filename: 'tfjs-backend-wasm-threaded-simd.worker.js', dirname: process.cwd() },
      });
      // The pool's workers must not keep the process alive (Emscripten refs a worker
      // while its pthread runs, and XNNPACK's pool threads run forever): the main
      // thread waits for them synchronously inside each kernel call, never through
      // the event loop.
      this.unref();
      this.ref = () => this;
    }
    override postMessage(message: unknown, transfer?: unknown): void {
      const m = message as { cmd?: string; urlOrBlob?: unknown } | null;
      if (m && m.cmd === 'load' && m.urlOrBlob != null && typeof m.urlOrBlob === 'object' && blobSources.has(m.urlOrBlob)) {
        message = { ...m, urlOrBlob: MAIN_SCRIPT_MARKER, ganforgeMainSource: blobSources.get(m.urlOrBlob) };
      }
      super.postMessage(message, transfer);
    }
  }
  node.workerThreads.Worker = GanforgeWasmWorker;
  workerPatched = true;
}

/** Patches active only while the wasm backend initialises. */
function withInitPatches<T>(node: NodeModules, threads: number, run: () => Promise<T>): Promise<T> {
  const RealBlob = globalThis.Blob;
  const realCreateObjectURL = URL.createObjectURL;
  const realCpus = node.os.cpus;
  class RecordingBlob extends RealBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      if (parts?.every((part) => typeof part === 'string')) blobSources.set(this, parts.join(''));
    }
  }
  globalThis.Blob = RecordingBlob;
  URL.createObjectURL = (blob: Blob) => {
    const url = realCreateObjectURL.call(URL, blob);
    const source = blobSources.get(blob);
    if (source !== undefined) urlSources.set(url, source);
    return url;
  };
  // tfjs sizes its pool as min(requested, logical cores / 2): report 2 * threads cores.
  node.os.cpus = () => {
    const cpus = realCpus.call(node.os);
    return Array.from({ length: 2 * threads }, (_, i) => cpus[i % cpus.length]);
  };
  const restore = () => {
    globalThis.Blob = RealBlob;
    URL.createObjectURL = realCreateObjectURL;
    node.os.cpus = realCpus;
  };
  return run().finally(restore);
}

/**
 * Makes the multi-threaded wasm backend (XNNPACK thread pool over Node
 * `worker_threads`) work under Node.js, where tfjs 4.22 turns threads off
 * because its pthread workers are `blob:` URLs that Node cannot start
 * (`ERR_WORKER_PATH`). Call it after importing `@tensorflow/tfjs-backend-wasm`
 * and before the wasm backend is first initialised (`tf.setBackend('wasm')`);
 * the wasm binaries must be found by prefix (`setWasmPaths(dir)` or the
 * default next to the package), not by a single `.wasm` path.
 *
 * It sets the `WASM_HAS_MULTITHREAD_SUPPORT` flag, serves the workers' scripts
 * from memory through `worker_threads` eval workers, and lets tfjs size the
 * pool to `threads` (tfjs assumes two logical cores per physical core and would
 * use half of them). Nothing is installed on import.
 *
 * @throws {EnvironmentError} outside Node, before the wasm backend is
 *   imported, or once it is initialised.
 * @throws {OptionError} for an unknown option key, or `threads` not a positive integer.
 * @throws {LimitError} for `threads` above 8 (the workers tfjs pre-creates).
 * @example
 * import * as tf from '@tensorflow/tfjs-core';
 * import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
 * import { setupWasmThreads } from '@ganforge/kernels';
 * await setupWasmThreads({ threads: 2 });
 * await tf.setBackend('wasm');
 * getThreadsCount(); // 2
 */
export async function setupWasmThreads(options?: SetupWasmThreadsOptions): Promise<WasmThreadsSetup> {
  const fn = 'setupWasmThreads';
  const given = checkOptions(fn, options, ['threads'], OptionError);
  if (given.threads !== undefined) checkSize(fn, 'options.threads', given.threads, MAX_THREADS, LimitError, OptionError, 'the 8 workers tfjs pre-creates');
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) {
    throw new EnvironmentError({
      functionName: fn,
      argument: 'environment',
      expected: 'Node.js (browsers run threaded wasm natively when cross-origin isolated)',
      actual: 'a non-Node runtime',
    });
  }
  const node = await nodeModules();
  const available = node.os.availableParallelism?.() ?? node.os.cpus().length;
  const threads = given.threads ?? Math.min(MAX_THREADS, Math.max(1, available));
  const engine = tf.engine() as unknown as { registryFactory: Record<string, FactoryEntry>; registry: Record<string, unknown> };
  const entry = engine.registryFactory.wasm;
  if (!entry) {
    throw new EnvironmentError({
      functionName: fn,
      argument: 'the wasm backend',
      expected: "registered (import '@tensorflow/tfjs-backend-wasm' first)",
      actual: 'no wasm backend',
    });
  }
  if (engine.registry.wasm) {
    throw new EnvironmentError({
      functionName: fn,
      argument: 'the wasm backend',
      expected: "not initialised yet (call before tf.setBackend('wasm'))",
      actual: 'an initialised backend',
    });
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  requiresMap = bundleRequires(node);
  patchWorker(node);
  const factory = entry.factory;
  entry.factory = () =>
    withInitPatches(node, threads, async () => {
      entry.factory = factory;
      return factory();
    });
  return { threads };
}
