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

suite('readWeightFiles', () => {
  it('joins the weight files in manifest order', async () => {
    const { readWeightFiles } = await import('./node');
    const dir = await mkdtemp(join(tmpdir(), 'ganforge-internal-'));
    dirs.push(dir);
    await writeFileAtomic(join(dir, 'a.bin'), new Uint8Array([1, 2]));
    await writeFileAtomic(join(dir, 'b.bin'), new Uint8Array([3]));
    const read = await readWeightFiles(dir, [
      { paths: ['a.bin'], weights: ['w1'] },
      { paths: ['b.bin'], weights: ['w2', 'w3'] },
    ]);
    expect(read.weightSpecs).toEqual(['w1', 'w2', 'w3']);
    expect(Array.from(new Uint8Array(read.weightData))).toEqual([1, 2, 3]);
  });
});
