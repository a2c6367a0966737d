import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, promises as fs } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { OptionError, StateError } from './errors';
import { lockRun } from './run-lock';

const root = mkdtempSync(join(tmpdir(), 'gan-train-lock-'));
afterAll(() => fs.rm(root, { recursive: true, force: true }));

async function lockInChild(directory: string): Promise<{ pid: number; kill: () => Promise<void> }> {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = join(here, '..', 'node_modules', '.cache', 'gan-train-tests');
  mkdirSync(out, { recursive: true });
  const outfile = join(out, `lock-child-${process.pid}.mjs`);
  await build({ entryPoints: [join(here, 'test-support', 'lock-child.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['proper-lockfile', '@tensorflow/*'], logLevel: 'silent' });
  const child = spawn(process.execPath, [outfile, directory], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('LOCKED')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock child exited with ${code}`)));
  });
  return {
    pid: child.pid!,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
      await fs.rm(outfile, { force: true });
    },
  };
}

describe('lockRun', () => {
  it('refuses a second holder, naming the first, until it is released', async () => {
    const dir = join(root, 'twice');
    const lock = await lockRun(dir);
    expect(lock.holder).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(lock.tookOverFrom).toBeNull();
    expect(existsSync(join(dir, '.run.lock'))).toBe(true);
    const error = await lockRun(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateError);
    expect((error as Error).message).toMatch(new RegExp(`^lockRun: directory must be an output folder that no other run holds, got .*twice locked by pid ${process.pid} on ${hostname()} since `));
    await lock.release();
    await lock.release(); // idempotent
    expect(existsSync(join(dir, '.run.lock'))).toBe(false);
    const again = await lockRun(dir);
    await again.release();
  });

  it('refuses a lock held by another live process, and takes over the lock of a killed one', async () => {
    const dir = join(root, 'killed');
    const child = await lockInChild(dir);
    const refused = await lockRun(dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StateError);
    expect((refused as Error).message).toContain(`locked by pid ${child.pid} on ${hostname()}`);
    await child.kill();
    const lock = await lockRun(dir);
    expect(lock.tookOverFrom).toMatchObject({ pid: child.pid, hostname: hostname() });
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
  });

  it('rejects bad arguments with OptionError', async () => {
    await expect(lockRun('')).rejects.toThrow(OptionError);
    await expect(lockRun(join(root, 'x'), { stale: 5000 } as never)).rejects.toThrow("lockRun: options.stale must be a known option (did you mean 'staleMs'?)");
    await expect(lockRun(join(root, 'x'), { staleMs: 10 })).rejects.toThrow('lockRun: options.staleMs must be an integer >= 2000, got 10');
  });
});
