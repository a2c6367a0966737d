import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import * as augment from './index';

// Runs the README's pipeline snippet against the sources (imports and the backend line stripped:
// the test project picks the backend).
it('the README pipeline runs and prints what the README says', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const code = readme.split('```js\n')[1]!.split('```')[0]!;
  const body = code
    .split('\n')
    .filter((line) => !line.startsWith('import ') && !line.includes('setBackend'))
    .join('\n');
  const names = Object.keys(augment).join(', ');
  const logged: unknown[][] = [];
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  await new AsyncFunction('tf', 'augment', 'console', `const { ${names} } = augment;\n${body}`)(tf, augment, { log: (...a: unknown[]) => logged.push(a) });
  expect(logged).toEqual([[[8, 28, 28, 1], 0, true]]);
  expect(readme).toContain('Prints `[ 8, 28, 28, 1 ] 0 true`.');
});
