/**
 * Shared tsup configuration of every public package: ESM + CJS + .d.ts, and the
 * private house package `@ganforge/internal` bundled in (code and types), so that
 * each package still installs alone.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

const internal = (file: string) => fileURLToPath(new URL(`./packages/internal/src/${file}`, import.meta.url));

export function ganforgeTsup(options: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: {
      compilerOptions: {
        paths: { '@ganforge/internal': [internal('index.ts')], '@ganforge/internal/node': [internal('node.ts')] },
      },
    },
    sourcemap: true,
    clean: true,
    target: 'es2022',
    ...options,
    noExternal: ['@ganforge/internal', ...(options.noExternal ?? [])],
  });
}

/**
 * Resolves a relative import `./x` to a sibling `./x.browser.ts` where one exists: the
 * browser build's stand-ins for modules that reach Node built-ins.
 */
const browserVariants = {
  name: 'ganforge-browser-variants',
  setup(build: { onResolve(options: { filter: RegExp }, callback: (args: { path: string; resolveDir: string }) => { path: string } | undefined): void }) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const candidate = `${resolve(args.resolveDir, args.path)}.browser.ts`;
      return existsSync(candidate) ? { path: candidate } : undefined;
    });
  },
};

/**
 * The main build plus `dist/browser.js`: the main entry built for browsers (ESM, no
 * Node built-ins), with each `x.browser.ts` standing in for its sibling `x.ts`. The
 * package's `exports['.']` lists it first under the `browser` condition, which esbuild
 * (`platform: 'browser'`), Vite, webpack and Rollup's node-resolve pick by default.
 */
export function ganforgeTsupWithBrowser(options: Options = {}, browser: Options = {}) {
  return [
    ganforgeTsup(options),
    defineConfig({
      entry: { browser: 'src/index.ts' },
      format: ['esm'],
      platform: 'browser',
      dts: false,
      sourcemap: true,
      clean: false,
      target: 'es2022',
      ...browser,
      noExternal: ['@ganforge/internal', ...(browser.noExternal ?? [])],
      esbuildPlugins: [browserVariants as never, ...(browser.esbuildPlugins ?? [])],
    }),
  ];
}
