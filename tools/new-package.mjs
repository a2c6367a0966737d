#!/usr/bin/env node
// Scaffolds packages/<name> with the ganforge layout: tsup through the shared config
// (esm+cjs+dts, @ganforge/internal bundled in), vitest projects cpu+wasm, tfjs-core as a peer,
// the house error base (GanforgeError) with its kinds, a contract test, package metadata and
// LICENSE. Usage: node tools/new-package.mjs <name> "<description>"
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
      author: 'the ganforge authors',
      repository: { type: 'git', url: 'git+https://github.com/ganforge/ganforge.git', directory: `packages/${name}` },
      homepage: `https://github.com/ganforge/ganforge/tree/main/packages/${name}#readme`,
      bugs: { url: 'https://github.com/ganforge/ganforge/issues' },
      engines: { node: '>=20' },
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
      files: ['dist', 'LICENSE'],
      sideEffects: false,
      scripts: { build: 'tsup', test: 'vitest run', typecheck: 'tsc --noEmit' },
      peerDependencies: { '@tensorflow/tfjs-core': '^4.22.0' },
      devDependencies: {
        '@ganforge/internal': 'workspace:*',
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
write('tsup.config.ts', `import { ganforgeTsup } from '../../tsup.shared';\n\nexport default ganforgeTsup({ entry: ['src/index.ts'] });\n`);
write('vitest.config.ts', `import { ganforgeVitestConfig } from '../../vitest.shared';\n\nexport default ganforgeVitestConfig();\n`);
write('README.md', `# @ganforge/${name}\n\n${description}\n\n\`\`\`sh\nnpm i @ganforge/${name} @tensorflow/tfjs-core\n\`\`\`\n`);
write('.gitignore', '.readme-snippet-*\n');
if (!existsSync(join(dir, 'LICENSE'))) copyFileSync('LICENSE', join(dir, 'LICENSE'));

const pascal = name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const base = `${pascal}Error`;
const kinds = [
  ['OptionError', 'An unknown option key, or an option value outside its domain.'],
  ['TensorError', '`null`, `undefined`, a non-tensor, or a disposed tensor where a tensor goes.'],
  ['ShapeError', 'A tensor of the wrong rank or shape, or shapes that disagree.'],
  ['DtypeError', 'A tensor of a dtype the function cannot take.'],
  ['LimitError', 'A size past a documented limit (`LIMITS`), checked before allocating.'],
  ['FormatError', 'Bytes that are not the format they claim.'],
  ['StateError', 'An object used in the wrong state (e.g. after `dispose()`).'],
];
write(
  'src/errors.ts',
  `import { GanforgeError } from '@ganforge/internal';

/**
 * Base class of every error thrown by \`@ganforge/${name}\`; catch it to handle all of them.
 * The message reads \`<function>: <argument> must be <expected>, got <actual>\`.
 *
 * @example
 * try {
 *   run(input);
 * } catch (error) {
 *   if (error instanceof ${base}) console.error(error.argument, error.expected, error.actual);
 * }
 */
export class ${base} extends GanforgeError {
  override name = '${base}';
}
${kinds
  .map(
    ([kind, doc]) => `
/**
 * ${doc}
 *
 * @example
 * if (error instanceof ${kind}) console.error(error.message);
 */
export class ${kind} extends ${base} {
  override name = '${kind}';
}
`,
  )
  .join('')}`,
);
write('src/index.ts', `export { ${[base, ...kinds.map(([kind]) => kind)].sort().join(', ')} } from './errors';\n`);
write(
  'src/contract.test.ts',
  `import { contractSuite } from '@ganforge/test-utils';
import { ${base} } from './errors';
import * as api from './index';

contractSuite({
  packageName: '@ganforge/${name}',
  api,
  baseError: ${base},
  cases: {},
  exempt: {
${[base, ...kinds.map(([kind]) => kind)].map((kind) => `    ${kind}: 'error class',`).join('\n')}
  },
});
`,
);
console.log(`scaffolded ${dir}; run npx -y pnpm@10.34.9 install to link its dependencies`);
