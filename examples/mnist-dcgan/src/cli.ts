#!/usr/bin/env node
import { isGanforgeError } from '@ganforge/internal';
import { BackendUnavailableError } from './backend';
import { parseCli, UsageError, usage } from './options';
import { runDcgan } from './run';

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseCli>;
  try {
    options = parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`ganforge-dcgan: ${error.message}\n\n${usage}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(usage);
    return 0;
  }
  try {
    const result = await runDcgan(options);
    process.stdout.write(`done: ${result.out}\n`);
    return 0;
  } catch (error) {
    if (error instanceof BackendUnavailableError) {
      process.stderr.write(`ganforge-dcgan: ${error.message}\n`);
      return 3;
    }
    // The packages' typed errors say what is wrong and what was expected: no stack.
    if (isGanforgeError(error)) {
      process.stderr.write(`ganforge-dcgan: ${error.name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`ganforge-dcgan: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
