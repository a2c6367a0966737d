import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runReadmeSnippet } from '@ganforge/test-utils';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

describe('README', () => {
  it('runs the snippet as written and prints what the README says', async () => {
    const run = await runReadmeSnippet({ packageDir: join(here, '..'), packageName: '@ganforge/gan-metrics', entry: join(here, 'index.ts') });
    expect(run.printed).toEqual(run.expected);
    expect(run.tensorsLeft, 'tensors left by the snippet').toBe(0);
  });
});
