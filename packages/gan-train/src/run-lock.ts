import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@ganforge/internal/node';
import lockfile from 'proper-lockfile';
import { OptionError, StateError } from './errors';
import { checkKeys, checkNumber, describeValue } from './internal/checks';

/**
 * Who holds a run lock, as written beside it (`.run.lock.json`).
 *
 * @example
 * const { pid, hostname, startedAt, command } = lock.holder;
 */
export interface RunLockHolder {
  pid: number;
  hostname: string;
  /** ISO time the lock was taken. */
  startedAt: string;
  /** The holder's command line. */
  command: string;
}

/**
 * A held run lock; `release()` it when the run ends.
 *
 * @example
 * const lock = await lockRun('./runs/a');
 * try { await train({ ... }); } finally { await lock.release(); }
 */
export interface RunLock {
  readonly directory: string;
  readonly holder: RunLockHolder;
  /** The dead holder whose lock was taken over, or null. */
  readonly tookOverFrom: RunLockHolder | null;
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
}

/**
 * Options of {@link lockRun}.
 *
 * @example
 * await lockRun('./runs/a', { staleMs: 120_000 });
 */
export interface LockRunOptions {
  /**
   * A lock whose holder has not refreshed it for this long counts as abandoned and is
   * taken over (the holder refreshes it every `staleMs / 2` while its event loop runs).
   * A holder on this host whose process is gone is taken over at once. Default 60,000.
   */
  staleMs?: number;
  /** Called if the lock is lost while held (taken over after a stall past `staleMs`). Default: a warning on stderr. */
  onCompromised?: (error: Error) => void;
}

const LOCK_NAME = '.run.lock';
const HOLDER_NAME = '.run.lock.json';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(directory: string): Promise<RunLockHolder | null> {
  try {
    const holder = JSON.parse(await fs.readFile(join(directory, HOLDER_NAME), 'utf8')) as RunLockHolder;
    return typeof holder?.pid === 'number' && typeof holder.hostname === 'string' ? holder : null;
  } catch {
    return null;
  }
}

const describeHolder = (holder: RunLockHolder | null) =>
  holder ? `pid ${holder.pid} on ${holder.hostname} since ${holder.startedAt} (${holder.command})` : 'an unknown process (no .run.lock.json)';

/**
 * Takes the run lock of an output folder (created if missing), so that two runs never
 * write into the same folder at once: a second `lockRun` on it rejects with a
 * `StateError` that names the holder (pid, host, start time, command). The lock is
 * `proper-lockfile`'s (an atomic `mkdir` of `<directory>/.run.lock`, refreshed while
 * held); the holder is described in `<directory>/.run.lock.json`. A lock left by a
 * process that was killed is taken over: at once when that process ran on this host
 * and is gone, else once it is `staleMs` old. Node.js only (`@ganforge/gan-train/node`).
 *
 * @example
 * import { lockRun, train } from '@ganforge/gan-train/node';
 * const lock = await lockRun('./runs/a'); // StateError if another run holds it
 * try {
 *   await train({ step, data, steps: 1000, checkpoints: { directory: './runs/a/checkpoints', every: 100 } });
 * } finally {
 *   await lock.release();
 * }
 */
export async function lockRun(directory: string, options?: LockRunOptions): Promise<RunLock> {
  const fn = 'lockRun';
  if (typeof directory !== 'string' || directory.length === 0) {
    throw new OptionError({ functionName: fn, argument: 'directory', expected: 'a non-empty path', actual: describeValue(directory) });
  }
  const o = checkKeys(fn, options, ['staleMs', 'onCompromised']);
  const staleMs = checkNumber(fn, 'options.staleMs', o.staleMs ?? 60_000, (x) => Number.isInteger(x) && x >= 2000, 'an integer >= 2000');
  const onCompromised = o.onCompromised ?? ((error: Error) => process.stderr.write(`lockRun: the run lock of ${directory} was lost: ${error.message}\n`));
  const folder = resolve(directory);
  await fs.mkdir(folder, { recursive: true });
  const lockOptions = { lockfilePath: join(folder, LOCK_NAME), stale: staleMs, update: Math.floor(staleMs / 2), realpath: false, retries: 0, onCompromised };
  let tookOverFrom: RunLockHolder | null = null;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(folder, lockOptions);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const holder = await readHolder(folder);
    const dead = holder !== null && holder.hostname === hostname() && holder.pid !== process.pid && !isAlive(holder.pid);
    if (!dead) {
      throw new StateError({ functionName: fn, argument: 'directory', expected: 'an output folder that no other run holds', actual: `${folder} locked by ${describeHolder(holder)}` });
    }
    // The holder was killed on this host: its lock is abandoned, take it over.
    await fs.rm(lockOptions.lockfilePath, { recursive: true, force: true });
    try {
      release = await lockfile.lock(folder, lockOptions);
    } catch (retry) {
      if ((retry as NodeJS.ErrnoException).code !== 'ELOCKED') throw retry;
      throw new StateError({ functionName: fn, argument: 'directory', expected: 'an output folder that no other run holds', actual: `${folder} locked by ${describeHolder(await readHolder(folder))}` });
    }
    tookOverFrom = holder;
  }
  const holder: RunLockHolder = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), command: process.argv.join(' ') };
  await writeFileAtomic(join(folder, HOLDER_NAME), `${JSON.stringify(holder, null, 2)}\n`);
  let released = false;
  return {
    directory: folder,
    holder,
    tookOverFrom,
    async release() {
      if (released) return;
      released = true;
      await fs.rm(join(folder, HOLDER_NAME), { force: true });
      await release().catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ERELEASED' && error.code !== 'ENOTACQUIRED') throw error;
      });
    },
  };
}
