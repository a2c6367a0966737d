/**
 * Each public package's main entry, bundled for the browser the way an app would:
 * esbuild with `platform: 'browser'` and Vite's production build with its default
 * resolve conditions (`browser` among them), `@tensorflow/*` external. Any Node
 * built-in reached from the entry fails the test, with the import chain that
 * reached it. Bundles are written to a temporary folder (code splitting on, so lazy
 * chunks such as mnist's embedded digits are followed too).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules, isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild, type Message } from 'esbuild';
import { build as viteBuild, type Plugin } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_PACKAGES, TFJS_EXTERNAL } from './packages';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
let work: string;

beforeAll(async () => {
  // Inside the package so that bundles and imports resolve through its node_modules.
  work = await mkdtemp(join(root, 'node_modules', '.bundle-check-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** `node:fs`, `fs`, `fs/promises`, `node:test`...: anything Node ships. */
function isNodeBuiltin(id: string): boolean {
  return id.startsWith('node:') || isBuiltin(id) || builtinModules.includes(id.split('/')[0] ?? id);
}

const entryFile = async (name: string) => {
  const file = join(work, `${name.replace('@ganforge/', '')}-entry.js`);
  await writeFile(file, `export * from '${name}';\n`);
  return file;
};

/** The esbuild settings of every browser bundle here: ESM chunks, tfjs left to the app. */
const browserBundle = { bundle: true, platform: 'browser' as const, format: 'esm' as const, splitting: true, external: ['@tensorflow/*'], logLevel: 'silent' as const };

const text = (messages: Message[]) => messages.map((m) => `${m.text}${m.location ? ` (${m.location.file}:${m.location.line})` : ''}`).join('\n');

describe('esbuild, platform browser', () => {
  it.each(PUBLIC_PACKAGES)('%s bundles without Node built-ins', async (name) => {
    const entry = await entryFile(name);
    const outdir = join(work, 'esbuild', name);
    const result = await esbuild({
      entryPoints: [entry],
      ...browserBundle,
      outdir,
      metafile: true,
    }).catch((error: { errors?: Message[] }) => ({ failed: text(error.errors ?? []) || String(error) }));
    expect('failed' in result ? result.failed : '').toBe('');
    if ('failed' in result) return;
    // Externals other than tfjs (esbuild marks built-ins external only on platform node; check anyway).
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
    expect(imports.filter((path) => !TFJS_EXTERNAL.test(path))).toEqual([]);
    expect(Object.keys(result.metafile.inputs).filter(isNodeBuiltin)).toEqual([]);
  });
});

/** Fails the Vite build on the first Node built-in, naming the importer (Vite would otherwise stub it with a warning). */
const forbidBuiltins = (): Plugin => ({
  name: 'bundle-check:forbid-node-builtins',
  enforce: 'pre',
  resolveId(id, importer) {
    if (isNodeBuiltin(id)) this.error(`Node built-in "${id}" imported by ${importer ?? 'the entry'}`);
    return null;
  },
});

describe("Vite's defaults (production build)", () => {
  it.each(PUBLIC_PACKAGES)('%s bundles without Node built-ins', async (name) => {
    const entry = await entryFile(name);
    const outDir = join(work, 'vite', name);
    const warnings: string[] = [];
    const failure = await viteBuild({
      root: work,
      configFile: false,
      logLevel: 'silent',
      plugins: [forbidBuiltins()],
      build: {
        outDir,
        emptyOutDir: true,
        minify: false,
        rollupOptions: {
          input: entry,
          preserveEntrySignatures: 'strict',
          external: (id) => TFJS_EXTERNAL.test(id),
          onwarn: (warning) => {
            warnings.push(warning.message);
          },
        },
      },
    }).then(
      () => '',
      (error: Error) => error.message,
    );
    expect(failure).toBe('');
    expect(warnings.filter((w) => /externalized for browser compatibility|node:/.test(w))).toEqual([]);
    const files = await readdir(join(outDir, 'assets'));
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
  });
});

describe('the browser builds run', () => {
  it("@ganforge/mnist's browser bundle loads the embedded digits from its own chunk (no fetch, no fs)", async () => {
    const outdir = join(work, 'run-mnist');
    await esbuild({
      stdin: { contents: "export { loadMnist } from '@ganforge/mnist';", resolveDir: root },
      ...browserBundle,
      outdir,
    });
    const bundle = await readFile(join(outdir, 'stdin.js'), 'utf8');
    expect(bundle).not.toMatch(/mnist-embedded-images-idx3-ubyte\.gz['"], import\.meta\.url/);
    const realFetch = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new Error('no network in this test'));
    try {
      const { loadMnist } = (await import(pathToFileURL(join(outdir, 'stdin.js')).href)) as typeof import('@ganforge/mnist');
      const lines: string[] = [];
      const digits = await loadMnist({ download: false, logger: (line) => lines.push(line) });
      expect([digits.source, digits.count, digits.rows, digits.cols]).toEqual(['embedded', 10000, 28, 28]);
      expect(Array.from(digits.labels.subarray(0, 10))).toEqual([1, 6, 7, 8, 2, 6, 8, 7, 1, 8]);
      expect(digits.images.length).toBe(10000 * 28 * 28);
      expect(lines).toHaveLength(1);
      // In the browser build, `dir` cannot be honoured.
      await expect(loadMnist({ dir: '/tmp', download: false })).rejects.toThrow(/Node|dir/);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
