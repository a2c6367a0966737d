import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ChildArgs } from './child-run';

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = join(here, '..', '..');

/**
 * Bundles `child-run.ts` and the package source into one .mjs under this package's
 * `node_modules/.cache` (so that `@tensorflow/*` resolve from the package's own
 * dependencies), independent of whether `dist/` was built. One file per process,
 * as the cpu and wasm projects run in parallel.
 */
export async function bundleChild(): Promise<string> {
  const outDirectory = join(packageRoot, 'node_modules', '.cache', 'gan-train-tests');
  mkdirSync(outDirectory, { recursive: true });
  const outfile = join(outDirectory, `child-run-${process.pid}.mjs`);
  await build({
    entryPoints: [join(here, 'child-run.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@tensorflow/*', 'fast-png'],
    logLevel: 'silent',
  });
  return outfile;
}

/** A running child: its output lines as they come, and a way to wait for one. */
export interface Child {
  lines: string[];
  waitFor(prefix: string): Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

export function startChild(script: string, args: ChildArgs): Child {
  const child = spawn(process.execPath, [script, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      lines.push(line);
      for (const w of waiters.filter((w) => line.startsWith(w.prefix))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
      newline = buffered.indexOf('\n');
    }
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
  return {
    lines,
    exit,
    kill: (signal) => child.kill(signal),
    waitFor: (prefix) => {
      const seen = lines.find((l) => l.startsWith(prefix));
      if (seen) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        waiters.push({ prefix, resolve });
        exit.then(({ code, signal }) => reject(new Error(`child exited (code ${code}, signal ${signal}) before printing "${prefix}":\n${stderr}`)));
      });
    },
  };
}

/** Runs a child to completion and returns the parsed payload of its last `RESULT` line. */
export async function runChild(script: string, args: ChildArgs): Promise<{ lines: string[]; result: unknown }> {
  const child = startChild(script, args);
  const { code, stderr } = await child.exit;
  if (code !== 0) throw new Error(`child failed with code ${code}:\n${stderr}`);
  const line = [...child.lines].reverse().find((l) => l.startsWith('RESULT '));
  return { lines: child.lines, result: line ? JSON.parse(line.slice('RESULT '.length)) : null };
}
