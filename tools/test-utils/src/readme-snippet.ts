import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { vi } from 'vitest';

export interface ReadmeSnippetOptions {
  /** The package folder holding README.md. */
  packageDir: string;
  /** The import specifier the snippet uses, e.g. `@ganforge/normalize`. */
  packageName: string;
  /** The file the snippet should import instead (the package's `src/index.ts`). */
  entry: string;
}

export interface ReadmeSnippetRun {
  /** The snippet (the README's first `ts` block). */
  code: string;
  /** The README's `text` block after "It prints", split into lines. */
  expected: string[];
  /** What the snippet printed with `console.log`, one entry per call. */
  printed: string[];
  /** What it printed with `console.warn`. */
  warnings: string[];
  /** `tf.memory().numTensors` after the run minus before it. */
  tensorsLeft: number;
}

/**
 * Runs a package README's first `ts` block as written, except that it imports the
 * package from source, and captures what it prints, for a test to compare with the
 * README's "It prints" `text` block.
 */
export async function runReadmeSnippet(options: ReadmeSnippetOptions): Promise<ReadmeSnippetRun> {
  const readme = readFileSync(join(options.packageDir, 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  const output = /It prints[^\n]*\n\n```text\n([\s\S]*?)```/.exec(readme)?.[1];
  if (code === undefined || output === undefined) throw new Error('runReadmeSnippet: README.md has no ts snippet or no "It prints" text block');
  const from = `from '${options.packageName}'`;
  if (!code.includes(from)) throw new Error(`runReadmeSnippet: the snippet must import ${from}`);
  const file = join(options.packageDir, `.readme-snippet-${process.pid}-${Date.now()}.ts`);
  writeFileSync(file, code.replaceAll(from, `from ${JSON.stringify(options.entry)}`));
  const printed: string[] = [];
  const warnings: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
  const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(format(...args)));
  const before = tf.memory().numTensors;
  try {
    await import(/* @vite-ignore */ file);
  } finally {
    log.mockRestore();
    warn.mockRestore();
    rmSync(file, { force: true });
  }
  return { code, expected: output.trimEnd().split('\n'), printed, warnings, tensorsLeft: tf.memory().numTensors - before };
}
