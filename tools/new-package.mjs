#!/usr/bin/env node
// Scaffolds packages/<name> with the ganforge layout: tsup (esm+cjs+dts), vitest
// projects cpu+wasm, tfjs-core as a peer. Usage: node tools/new-package.mjs <name> "<description>"
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [name, description = ''] = process.argv.slice(2);
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error('usage: node tools/new-package.mjs <kebab-name> "<description>"');
  process.exit(2);
}
const dir = join('packages', name);
mkdirSync(join(dir, 'src'), { recursive: true });
const write = (file, text) => {
  const path = join(dir, file);
  if (!existsSync(path)) writeFileSync(path, text);
};
write(
  'package.json',
  `${JSON.stringify(
    {
      name: `@ganforge/${name}`,
      version: '0.1.0',
      description,
      license: 'MIT',
      type: 'module',
      main: './dist/index.cjs',
      module: './dist/index.js',
      types: './dist/index.d.ts',
      exports: {
        '.': {
          import: { types: './dist/index.d.ts', default: './dist/index.js' },
          require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
        },
        './package.json': './package.json',
      },
      files: ['dist'],
      sideEffects: false,
      scripts: { build: 'tsup', test: 'vitest run', typecheck: 'tsc --noEmit' },
      peerDependencies: { '@tensorflow/tfjs-core': '^4.22.0' },
      devDependencies: {
        '@ganforge/test-utils': 'workspace:*',
        '@tensorflow/tfjs-core': 'catalog:',
        '@types/node': 'catalog:',
        tsup: 'catalog:',
        typescript: 'catalog:',
        vitest: 'catalog:',
      },
      publishConfig: { access: 'public' },
    },
    null,
    2,
  )}\n`,
);
write(
  'tsconfig.json',
  `${JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['src', '*.config.ts'] }, null, 2)}\n`,
);
write(
  'tsup.config.ts',
  `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
});
`,
);
write('vitest.config.ts', `import { ganforgeVitestConfig } from '../../vitest.shared';\n\nexport default ganforgeVitestConfig();\n`);
write('README.md', `# @ganforge/${name}\n\n${description}\n\n\`\`\`sh\nnpm i @ganforge/${name} @tensorflow/tfjs-core\n\`\`\`\n`);
console.log(`scaffolded ${dir}`);
