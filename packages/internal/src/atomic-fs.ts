/** Durable, atomic file writes (Node only): temp file in the same folder, fsync, rename, fsync the folder. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Writes a file and flushes it to disk before returning. */
export async function writeFileDurable(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await fs.open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a directory's entries (renames) to disk; a no-op where directories cannot be opened. */
export async function syncDirectory(path: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(path, 'r');
    await handle.sync();
  } catch {
    // Windows cannot fsync a directory.
  } finally {
    await handle?.close();
  }
}

/** A unique sibling name for a temporary file or folder: `<dir>/.<name>.tmp-<pid>-<random>`. */
export function temporarySibling(path: string, kind = 'tmp'): string {
  return join(dirname(path), `.${basename(path)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes a file atomically: temp file in the same folder, flushed, then renamed over `path`. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const temp = temporarySibling(path);
  try {
    await writeFileDurable(temp, data);
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Moves a fully written folder `temp` to `target` in one rename. An existing `target`
 * is first renamed aside (also atomic) and removed afterwards, so that `target` is
 * always either the old or the new complete folder, or briefly absent.
 */
export async function commitDirectory(temp: string, target: string): Promise<void> {
  await syncDirectory(temp);
  let trash: string | null = null;
  try {
    await fs.rename(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
    trash = temporarySibling(target, 'trash');
    await fs.rename(target, trash);
    await fs.rename(temp, target);
  }
  await syncDirectory(dirname(target));
  if (trash) await fs.rm(trash, { recursive: true, force: true });
}

/** Removes a folder by first renaming it aside, so that a crash never leaves it half-deleted under its own name. */
export async function removeDirectory(path: string): Promise<void> {
  const trash = temporarySibling(path, 'trash');
  try {
    await fs.rename(path, trash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await fs.rm(trash, { recursive: true, force: true });
}
