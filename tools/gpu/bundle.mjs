#!/usr/bin/env node
// Bundles Node entry points for the GPU machine (see ../shared/gpu/README.md): each entry becomes
// one ESM file in .gpu/app/ with everything inlined except the `webgpu` package (Dawn's native
// addon), of which only the Linux x64 files are copied to .gpu/app/node_modules/webgpu/.
// Usage: node tools/gpu/bundle.mjs <entry.mjs|ts>[=<out-name>.mjs] ...
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
const app = join(root, '.gpu/app');
const entries = process.argv.slice(2);
if (entries.length === 0) {
  console.error('usage: node tools/gpu/bundle.mjs <entry>[=<out>.mjs] ...');
  process.exit(2);
}
mkdirSync(app, { recursive: true });
for (const spec of entries) {
  const [entry, out = `${basename(spec).replace(/\.[mc]?[jt]s$/, '')}.mjs`] = spec.split('=');
  await build({
    entryPoints: [resolve(entry)],
    outfile: join(app, out),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  console.log(`bundled ${entry} -> .gpu/app/${out}`);
}
const require = createRequire(join(root, 'examples/mnist-dcgan/package.json'));
const webgpuDir = dirname(require.resolve('webgpu/package.json'));
const target = join(app, 'node_modules/webgpu');
mkdirSync(join(target, 'dist/linux-x64'), { recursive: true });
for (const file of ['index.js', 'package.json', 'dist/linux-x64/dawn.node']) copyFileSync(join(webgpuDir, file), join(target, file));
console.log('copied webgpu (linux-x64) to .gpu/app/node_modules/webgpu');
// @ganforge/mnist reads its embedded digits at new URL('../data/…', import.meta.url): beside .gpu/app.
const mnistData = join(root, 'packages/mnist/data');
mkdirSync(join(root, '.gpu/data'), { recursive: true });
for (const file of readdirSync(mnistData)) copyFileSync(join(mnistData, file), join(root, '.gpu/data', file));
console.log('copied the embedded MNIST digits to .gpu/data');
