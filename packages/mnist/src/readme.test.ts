import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  // The snippet uses the default cache folder; on Linux it is pointed at an empty temp folder
  // so that a real cached MNIST cannot change the output. Elsewhere the default is kept.
  it('runs the snippet as written and prints what the README says, with the notice on stderr', async () => {
    const { code, output } = readmeBlocks();
    expect(code).toContain("from '@ganforge/mnist'");
    const file = join(packageDir, `.readme-snippet-${process.pid}-${Date.now()}.ts`);
    writeFileSync(file, code.replace("from '@ganforge/mnist'", `from ${JSON.stringify(join(here, 'index.ts'))}`));
    const cache = mkdtempSync(join(tmpdir(), 'ganforge-readme-'));
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cache;
    const lines: string[] = [];
    const warnings: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(format(...args)));
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(format(...args)));
    const before = tf.memory().numTensors;
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      rmSync(file, { force: true });
      rmSync(cache, { recursive: true, force: true });
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
    expect(lines).toEqual(output);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^@ganforge\/mnist: the full MNIST train set could not be reached \(.*downloads are off/);
    expect(tf.memory().numTensors, 'tensors left by the snippet').toBe(before);
  });
});
