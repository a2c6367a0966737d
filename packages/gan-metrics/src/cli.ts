#!/usr/bin/env node
/**
 * ganforge-metrics: FID, KID, precision/recall, density/coverage and class
 * statistics of an IDX file of generated images.
 *
 *   ganforge-metrics --fake FAKE [--real REAL] [--labels LABELS] [--features mnist|fashion-mnist|path/to/model.json] [--json]
 */
import { runCli } from './internal/cli-main';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
