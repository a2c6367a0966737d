import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe as suite, expect, it } from 'vitest';
import { commitDirectory, writeFileAtomic } from './node';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

suite('atomic writes', () => {
  it('writes a file through a temporary sibling, leaving nothing else behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ganforge-internal-'));
    dirs.push(dir);
    await writeFileAtomic(join(dir, 'sub', 'a.txt'), 'one');
    await writeFileAtomic(join(dir, 'sub', 'a.txt'), 'two');
    expect(await readFile(join(dir, 'sub', 'a.txt'), 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'sub'))).toEqual(['a.txt']);
  });

  it('replaces a folder in one rename', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ganforge-internal-'));
    dirs.push(dir);
    await writeFileAtomic(join(dir, 'target', 'old.txt'), 'old');
    await writeFileAtomic(join(dir, 'temp', 'new.txt'), 'new');
    await commitDirectory(join(dir, 'temp'), join(dir, 'target'));
    expect(await readdir(join(dir, 'target'))).toEqual(['new.txt']);
    expect((await readdir(dir)).sort()).toEqual(['target']);
  });
});
