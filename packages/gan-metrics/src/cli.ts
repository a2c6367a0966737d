#!/usr/bin/env node
/**
 * ganforge-metrics: FID, KID, precision/recall, density/coverage and class
 * statistics of an IDX file of generated images.
 *
 *   ganforge-metrics --fake FAKE [--real REAL] [--features mnist|fashion-mnist|path/to/model.json] [--json]
 */
import { parseArgs } from 'node:util';
import type { GanMetrics } from './score-images';

const USAGE = `usage: ganforge-metrics --fake FAKE [--real REAL] [--features mnist|fashion-mnist|path/to/model.json] [--json]

Scores generated images (an IDX file, gz or raw, uint8 [N, H, W]) against real images (--real, an
IDX file) or, without --real, the reference statistics shipped for the feature network.

  --fake FILE          generated images (required)
  --real FILE          real images; default: the shipped reference set of --features
  --features NAME      mnist (default) | fashion-mnist | path/to/model.json (a tfjs model; needs --layer)
  --reference NAME     shipped reference without --real: mnist | fashion-mnist-train | fashion-mnist-test
  --layer NAME         layer (node) of model.json whose output gives the features
  --probabilities NAME layer (node) of model.json whose output gives class probabilities
  --metrics LIST       comma-separated subset of fid,kid,precisionRecall,densityCoverage,classes,classifierScore
  --kid-subsets N      KID subsets (default 100)    --kid-subset-size N  (default 1000)
  --max-samples N      rows per side for precision/recall, density/coverage (default 5000)
  --seed N             seed of the subsets (default 2020)
  --backend NAME       wasm (default) | cpu
  --json               print one JSON object
  --help`;

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        fake: { type: 'string' },
        real: { type: 'string' },
        features: { type: 'string' },
        reference: { type: 'string' },
        layer: { type: 'string' },
        probabilities: { type: 'string' },
        metrics: { type: 'string' },
        'kid-subsets': { type: 'string' },
        'kid-subset-size': { type: 'string' },
        'max-samples': { type: 'string' },
        seed: { type: 'string' },
        backend: { type: 'string', default: 'wasm' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`ganforge-metrics: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (typeof values.fake !== 'string') {
    console.error(`ganforge-metrics: --fake is required\n\n${USAGE}`);
    return 2;
  }
  const integer = (name: string): number | undefined => {
    const text = values[name];
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw new Error(`--${name} must be an integer, got '${text}'`);
    return value;
  };
  const started = performance.now();
  const backend = String(values.backend);
  const tf = await import('@tensorflow/tfjs-core');
  try {
    if (backend === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const { createRequire } = await import('node:module');
      const { dirname, join } = await import('node:path');
      const require = createRequire(import.meta.url);
      wasm.setWasmPaths(`${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`);
    } else if (backend === 'cpu') {
      await import('@tensorflow/tfjs-backend-cpu');
    } else {
      console.error(`ganforge-metrics: --backend must be wasm or cpu, got '${backend}'`);
      return 2;
    }
  } catch (error) {
    console.error(`ganforge-metrics: the ${backend} backend needs @tensorflow/tfjs-backend-${backend} installed (${(error as Error).message})`);
    return 2;
  }
  if (!(await tf.setBackend(backend))) {
    console.error(`ganforge-metrics: could not initialise the ${backend} backend`);
    return 2;
  }
  await tf.ready();
  const { scoreIdxFiles } = await import('./node');
  let metrics: GanMetrics;
  try {
    const options: Record<string, unknown> = {};
    if (values.real !== undefined) options.real = values.real;
    if (values.features !== undefined) options.features = values.features;
    if (values.reference !== undefined) options.reference = values.reference;
    if (values.layer !== undefined) options.layer = values.layer;
    if (values.probabilities !== undefined) options.probabilitiesLayer = values.probabilities;
    if (values.metrics !== undefined) options.metrics = String(values.metrics).split(',');
    for (const [flag, key] of [
      ['kid-subsets', 'kidSubsets'],
      ['kid-subset-size', 'kidSubsetSize'],
      ['max-samples', 'maxSamples'],
      ['seed', 'seed'],
    ] as const) {
      const value = integer(flag);
      if (value !== undefined) options[key] = value;
    }
    metrics = await scoreIdxFiles(values.fake, options);
  } catch (error) {
    const e = error as Error & { code?: string };
    console.error(`ganforge-metrics: ${e.code === 'ENOENT' ? `no such file: ${(e as { path?: string }).path}` : `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`}`);
    return 1;
  }
  if (values.json) {
    console.log(JSON.stringify(metrics));
    return 0;
  }
  const seconds = (performance.now() - started) / 1000;
  const f = (v: number | null, digits = 4) => (v === null ? 'n/a' : v.toFixed(digits));
  console.log(`${metrics.count} images scored against '${metrics.reference}' with the ${metrics.network} features (${backend}, ${seconds.toFixed(1)} s)`);
  console.log(`  FID                 ${f(metrics.fid, 3)}`);
  console.log(`  KID                 ${f(metrics.kid, 5)} ± ${f(metrics.kidStd, 5)}`);
  console.log(`  precision / recall  ${f(metrics.precision, 3)} / ${f(metrics.recall, 3)}`);
  console.log(`  density / coverage  ${f(metrics.density, 3)} / ${f(metrics.coverage, 3)}`);
  console.log(`  classifier score    ${f(metrics.classifierScore, 3)} ± ${f(metrics.classifierScoreStd, 3)}`);
  if (metrics.classHistogram) {
    console.log(`  classes covered     ${metrics.classesCovered}/${metrics.classHistogram.length} (entropy ${f(metrics.classEntropy, 3)} nats, confident ${f(metrics.confidentShare, 3)})`);
    console.log(`  class histogram     ${metrics.classHistogram.map((p) => p.toFixed(3)).join(' ')}`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
