/**
 * Node built-ins, imported lazily so that the package still loads in a
 * browser (readIdx, writeIdx and toImageTensor need none of them).
 */
export interface NodeModules {
  fs: typeof import('node:fs/promises');
  path: typeof import('node:path');
  os: typeof import('node:os');
  url: typeof import('node:url');
  zlib: typeof import('node:zlib');
  /** The house atomic, durable writes (`@ganforge/internal/node`). */
  atomic: typeof import('@ganforge/internal/node');
}

let loaded: Promise<NodeModules | null> | undefined;

/** True when running in Node (not a browser or a worker). */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/** The Node built-ins, or null outside Node. */
export function loadNode(): Promise<NodeModules | null> {
  loaded ??= isNode()
    ? Promise.all([
        import('node:fs/promises'),
        import('node:path'),
        import('node:os'),
        import('node:url'),
        import('node:zlib'),
        import('@ganforge/internal/node'),
      ]).then(([fs, path, os, url, zlib, atomic]) => ({ fs, path, os, url, zlib, atomic }))
    : Promise.resolve(null);
  return loaded;
}

/**
 * The user's cache folder for ganforge: `$XDG_CACHE_HOME/ganforge` or
 * `~/.cache/ganforge` on Linux, `~/Library/Caches/ganforge` on macOS,
 * `%LOCALAPPDATA%\ganforge\Cache` on Windows.
 */
export function defaultCacheRoot(node: NodeModules): string {
  const env = process.env;
  const home = node.os.homedir();
  if (process.platform === 'win32') {
    return node.path.join(env.LOCALAPPDATA || node.path.join(home, 'AppData', 'Local'), 'ganforge', 'Cache');
  }
  if (process.platform === 'darwin') return node.path.join(home, 'Library', 'Caches', 'ganforge');
  return node.path.join(env.XDG_CACHE_HOME || node.path.join(home, '.cache'), 'ganforge');
}

/** The bytes of `path`, or undefined when it (or a folder above it) does not exist. */
export async function readIfExists(node: NodeModules, path: string): Promise<Uint8Array | undefined> {
  try {
    const buffer = await node.fs.readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The `stat` of `path`, or undefined when it (or a folder above it) does not exist. */
export async function statIfExists(node: NodeModules, path: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await node.fs.stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
