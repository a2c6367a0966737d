import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..');

/** The README's first `ts` block and the `text` block giving its output. */
function readmeBlocks(): { code: string; output: string[] } {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  const output = /It prints[^\n]*\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
  if (code === undefined || output === undefined) throw new Error('README.md: snippet or its output block not found');
  return { code, output: output.trimEnd().split('\n') };
}

describe('README', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs the snippet as written and prints what the README says', async () => {
    const { code, output } = readmeBlocks();
    expect(code).toContain("from '@ganforge/gan-layers'");
    // The same code, importing this package from source instead of from npm.
    const file = join(packageDir, `.readme-snippet-${process.pid}-${Date.now()}.ts`);
    writeFileSync(file, code.replace("from '@ganforge/gan-layers'", `from ${JSON.stringify(join(here, 'index.ts'))}`));
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(format(...args));
    });
    const before = tf.memory().numTensors;
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      rmSync(file, { force: true });
    }
    expect(lines).toEqual(output);
    expect(tf.memory().numTensors, 'tensors left by the snippet').toBe(before);
  });
});
