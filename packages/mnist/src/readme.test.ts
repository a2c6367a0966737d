import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReadmeSnippet } from '@ganforge/test-utils';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('README', () => {
  // The snippet uses the default cache folder; on Linux it is pointed at an empty temp folder
  // so that a real cached MNIST cannot change the output. Elsewhere the default is kept.
  it('runs the snippet as written and prints what the README says, with the notice on stderr', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'ganforge-readme-'));
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cache;
    try {
      const run = await runReadmeSnippet({ packageDir: join(here, '..'), packageName: '@ganforge/mnist', entry: join(here, 'index.ts') });
      expect(run.printed).toEqual(run.expected);
      expect(run.warnings).toHaveLength(1);
      expect(run.warnings[0]).toMatch(/^@ganforge\/mnist: the full MNIST train set could not be reached \(.*downloads are off/);
      expect(run.tensorsLeft, 'tensors left by the snippet').toBe(0);
    } finally {
      rmSync(cache, { recursive: true, force: true });
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
    }
  });
});
