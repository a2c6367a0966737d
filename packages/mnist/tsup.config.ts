import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // import.meta.url locates data/ (the embedded digits); shimmed in the CJS build.
  shims: true,
  // Keep 'node:' specifiers so browser bundlers see the lazily imported built-ins for what they are.
  removeNodeProtocol: false,
});
