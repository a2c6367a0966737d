/**
 * Shared tsup configuration of every public package: ESM + CJS + .d.ts, and the
 * private house package `@ganforge/internal` bundled in (code and types), so that
 * each package still installs alone.
 */
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
