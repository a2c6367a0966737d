// The ganforge-metrics command, kept apart from src/cli.ts (which only runs it) so that tests can call it.
import { parseArgs } from 'node:util';
import type { GanMetrics } from '../score-images';

const USAGE = `usage: ganforge-metrics --fake FAKE [--real REAL] [--labels LABELS] [--features mnist|fashion-mnist|path/to/model.json] [--json]

Scores generated images (an IDX file, gz or raw, uint8 [N, H, W]) against real images (--real, an
IDX file) or, without --real, the reference statistics shipped for the feature network.

  --fake FILE          generated images (required)
  --real FILE          real images; default: the shipped reference set of --features
  --labels FILE        IDX file of uint8 labels [N]: the class each fake image was generated for
                       (conditional generators); prints the class agreement
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

/** Where {@link runCli} writes: stdout lines and stderr lines. */
export interface CliOutput {
  log(text: string): void;
  error(text: string): void;
}

/**
 * The `ganforge-metrics` command on `args` (without `node` and the script):
 * sets the backend, scores, prints to `output`; resolves to the exit code
 * (0, 1 on errors, 2 on bad usage).
 */
export async function runCli(args: string[], output: CliOutput = console): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        fake: { type: 'string' },
        real: { type: 'string' },
        labels: { type: 'string' },
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
    output.error(`ganforge-metrics: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    output.log(USAGE);
    return 0;
  }
  if (typeof values.fake !== 'string') {
    output.error(`ganforge-metrics: --fake is required\n\n${USAGE}`);
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
      output.error(`ganforge-metrics: --backend must be wasm or cpu, got '${backend}'`);
      return 2;
    }
  } catch (error) {
    output.error(`ganforge-metrics: the ${backend} backend needs @tensorflow/tfjs-backend-${backend} installed (${(error as Error).message})`);
    return 2;
  }
  if (!(await tf.setBackend(backend))) {
    output.error(`ganforge-metrics: could not initialise the ${backend} backend`);
    return 2;
  }
  await tf.ready();
  const { scoreIdxFiles } = await import('../node');
  let metrics: GanMetrics;
  try {
    const options: Record<string, unknown> = {};
    if (values.real !== undefined) options.real = values.real;
    if (values.labels !== undefined) options.labels = values.labels;
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
    output.error(`ganforge-metrics: ${e.code === 'ENOENT' ? `no such file: ${(e as { path?: string }).path}` : `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}`}`);
    return 1;
  }
  if (values.json) {
    output.log(JSON.stringify(metrics));
    return 0;
  }
  const seconds = (performance.now() - started) / 1000;
  const f = (v: number | null, digits = 4) => (v === null ? 'n/a' : v.toFixed(digits));
  output.log(`${metrics.count} images scored against '${metrics.reference}' with the ${metrics.network} features (${backend}, ${seconds.toFixed(1)} s)`);
  output.log(`  FID                 ${f(metrics.fid, 3)}`);
  output.log(`  KID                 ${f(metrics.kid, 5)} ± ${f(metrics.kidStd, 5)}`);
  output.log(`  precision / recall  ${f(metrics.precision, 3)} / ${f(metrics.recall, 3)}`);
  output.log(`  density / coverage  ${f(metrics.density, 3)} / ${f(metrics.coverage, 3)}`);
  output.log(`  classifier score    ${f(metrics.classifierScore, 3)} ± ${f(metrics.classifierScoreStd, 3)}`);
  if (metrics.classHistogram) {
    output.log(`  classes covered     ${metrics.classesCovered}/${metrics.classHistogram.length} (entropy ${f(metrics.classEntropy, 3)} nats, confident ${f(metrics.confidentShare, 3)})`);
    output.log(`  class histogram     ${metrics.classHistogram.map((p) => p.toFixed(3)).join(' ')}`);
  }
  if (metrics.classAgreementByClass) {
    output.log(`  class agreement     ${f(metrics.classAgreement, 3)} (top class = requested class)`);
    output.log(`  agreement by class  ${metrics.classAgreementByClass.map((p) => (p === null ? 'n/a' : p.toFixed(3))).join(' ')}`);
  } else if (values.labels !== undefined) {
    output.log("  class agreement     n/a (needs the 'classes' metric and a classifier)");
  }
  return 0;
}

