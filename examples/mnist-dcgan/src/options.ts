import { parseArgs } from 'node:util';
import { type BackendChoice, backendChoices } from './backend';

export const presets = ['tutorial', 'seed', 'cpu'] as const;
export type Preset = (typeof presets)[number];
export const losses = ['non-saturating', 'minimax', 'hinge', 'wasserstein', 'least-squares', 'relativistic'] as const;
export type LossName = (typeof losses)[number];
export const datasets = ['mnist', 'fashion-mnist'] as const;
export type DatasetName = (typeof datasets)[number];
export const augmentChoices = ['none', 'diffaugment'] as const;
export type AugmentChoice = (typeof augmentChoices)[number];

/** What the command line asked for; `undefined` = a default chosen once the backend is known. */
export interface CliOptions {
  backend: BackendChoice;
  dataset: DatasetName;
  dataDir: string | undefined;
  preset: Preset | undefined;
  epochs: number | undefined;
  steps: number | undefined;
  batchSize: number | undefined;
  loss: LossName;
  augment: AugmentChoice;
  /** EMA decay of the generator's weights; 0 turns EMA off. */
  ema: number;
  /** Spectral normalization on every discriminator layer (presets cpu and seed-built discriminators). */
  spectralNorm: boolean;
  /**
   * Class-conditional G and D (label embedding in G, projection D), trained on the dataset's
   * labels: the default (the README's ablation table); `--unconditional` turns it off.
   */
  conditional: boolean;
  seed: number;
  out: string;
  resume: boolean;
  sampleEvery: number | undefined;
  checkpointEvery: number | undefined;
  exportSamples: number;
  learningRate: number;
  evaluate: boolean;
  /** Epochs between FID / class-coverage records in metrics.jsonl (gan-metrics, 5,000 samples); undefined = never. */
  evaluateEvery: number | undefined;
  /** Samples scored at each `--evaluate-every` point. */
  evaluateSamples: number;
  clean: boolean;
  /** Never download: use --data-dir, the cache, or the embedded digits. */
  offline: boolean;
  /** Train on the first n images only (quick tries, tests). */
  limit: number | undefined;
  quiet: boolean;
  help: boolean;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

export const usage = `Usage: ganforge-dcgan [options]      (from the repository root: pnpm dcgan [options])

Trains a DCGAN on MNIST with the ganforge packages: mnist -> data-clean -> normalize ->
augment -> gan-layers + kernels -> gan-train. Writes sample grids (PNG per epoch, GIF at the
end), metrics.jsonl, the training chart (training-chart.svg) and checkpoints to --out.

  --backend <name>       auto | tensorflow-gpu | tensorflow | webgpu | wasm | cpu   [auto]
  --dataset <name>       mnist | fashion-mnist                                       [mnist]
  --data-dir <dir>       folder with the IDX files (.gz or raw); else cache, download,
                         and for mnist the embedded 10,000 real digits offline
  --preset <name>        tutorial (TF tutorial DCGAN) | seed (smaller Keras-example DCGAN) |
                         cpu (seed-sized G, two-stage D without batch norm)
                                                  [tutorial on a GPU, seed on the CPU]
  --epochs <n>           epochs to train          [GPU: 60; CPU: none, --steps decides]
  --steps <n>            steps to train     [CPU: 2400, under 10 minutes on 2 cores]
  --batch-size <n>       images per step          [GPU: 256; CPU: 64]
  --loss <name>          non-saturating | minimax | hinge | wasserstein | least-squares |
                         relativistic                                       [non-saturating]
  --augment <name>       none | diffaugment (color, translation, cutout on real and fake)
                                                                                      [none]
  --ema <decay>          EMA of the generator's weights, 0 = off                   [0.999]
  --spectral-norm        spectral normalization on the discriminator (cpu preset)
  --conditional          class-conditional G and D (label embedding in G, projection
                         discriminator) trained on the labels; grids hold one class per
                         row, --export-samples asks for every class equally and also
                         writes <out>/samples-labels-idx1-ubyte                     [on]
  --unconditional        the plain DCGAN: G from noise alone, D without labels
  --lr <rate>            Adam learning rate of both networks (beta1 0.5)          [0.0002]
  --seed <n>             seed of weights, noise, data order and augmentation          [1]
  --out <dir>            output folder                               [runs/mnist-dcgan]
  --resume               continue from the newest checkpoint in --out
  --sample-every <n>     steps between extra sample grids         [one grid per epoch]
  --checkpoint-every <n> steps between checkpoints                [one per epoch]
  --export-samples <n>   write n generated images (uint8 28x28, IDX) to
                         <out>/samples-idx3-ubyte at the end                     [10000]
  --evaluate             score the exported samples with @ganforge/gan-metrics (shipped
                         MNIST / Fashion-MNIST feature network vs its reference): FID, KID,
                         precision/recall, density/coverage, class coverage -> quality.json
  --evaluate-every <n>   epochs between FID and class-coverage records (5,000 samples)
                         in metrics.jsonl, drawn in training-chart.svg          [never]
  --evaluate-samples <n> samples scored at each --evaluate-every point            [5000]
  --offline              never download (use --data-dir, the cache or the embedded digits)
  --no-clean             skip the data-clean audit of the training images
  --limit <n>            train on the first n images only (quick tries)
  --quiet                no progress bar, a line per epoch
  -h, --help             this text
`;

function parseNumber(name: string, text: string | undefined, check: (n: number) => boolean, expected: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`--${name} must be ${expected}, got '${text}'`);
  }
  return value;
}

function parseChoice<T extends string>(name: string, text: string | undefined, choices: readonly T[], fallback: T): T;
function parseChoice<T extends string>(name: string, text: string | undefined, choices: readonly T[]): T | undefined;
function parseChoice<T extends string>(name: string, text: string | undefined, choices: readonly T[], fallback?: T): T | undefined {
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${text}'`);
  }
  return text as T;
}

const positiveInteger = (n: number) => Number.isInteger(n) && n > 0;
const nonNegativeInteger = (n: number) => Number.isInteger(n) && n >= 0;

/** Parses the command line; throws `UsageError` with the offending flag named. */
export function parseCli(argv: string[]): CliOptions {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        backend: { type: 'string' },
        dataset: { type: 'string' },
        'data-dir': { type: 'string' },
        preset: { type: 'string' },
        epochs: { type: 'string' },
        steps: { type: 'string' },
        'batch-size': { type: 'string' },
        loss: { type: 'string' },
        augment: { type: 'string' },
        ema: { type: 'string' },
        'spectral-norm': { type: 'boolean' },
        conditional: { type: 'boolean' },
        unconditional: { type: 'boolean' },
        lr: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        resume: { type: 'boolean' },
        'sample-every': { type: 'string' },
        'checkpoint-every': { type: 'string' },
        'export-samples': { type: 'string' },
        evaluate: { type: 'boolean' },
        'evaluate-every': { type: 'string' },
        'evaluate-samples': { type: 'string' },
        'no-clean': { type: 'boolean' },
        offline: { type: 'boolean' },
        limit: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const s = (name: string) => v[name] as string | undefined;
  const ema = parseNumber('ema', s('ema'), (n) => n >= 0 && n < 1, 'a decay in [0, 1)') ?? 0.999;
  if (v.conditional === true && v.unconditional === true) throw new UsageError('--conditional and --unconditional exclude each other: pass one');
  return {
    backend: parseChoice('backend', s('backend'), backendChoices, 'auto'),
    dataset: parseChoice('dataset', s('dataset'), datasets, 'mnist'),
    dataDir: s('data-dir'),
    preset: parseChoice('preset', s('preset'), presets),
    epochs: parseNumber('epochs', s('epochs'), positiveInteger, 'a positive integer'),
    steps: parseNumber('steps', s('steps'), positiveInteger, 'a positive integer'),
    batchSize: parseNumber('batch-size', s('batch-size'), positiveInteger, 'a positive integer'),
    loss: parseChoice('loss', s('loss'), losses, 'non-saturating'),
    augment: parseChoice('augment', s('augment'), augmentChoices, 'none'),
    ema,
    spectralNorm: v['spectral-norm'] === true,
    conditional: v.unconditional !== true,
    learningRate: parseNumber('lr', s('lr'), (n) => n > 0, 'a positive number') ?? 2e-4,
    seed: parseNumber('seed', s('seed'), (n) => Number.isSafeInteger(n) && n >= 0, 'a non-negative integer') ?? 1,
    out: s('out') ?? 'runs/mnist-dcgan',
    resume: v.resume === true,
    sampleEvery: parseNumber('sample-every', s('sample-every'), positiveInteger, 'a positive integer'),
    checkpointEvery: parseNumber('checkpoint-every', s('checkpoint-every'), positiveInteger, 'a positive integer'),
    exportSamples: parseNumber('export-samples', s('export-samples'), nonNegativeInteger, 'a non-negative integer') ?? 10_000,
    evaluate: v.evaluate === true,
    evaluateEvery: parseNumber('evaluate-every', s('evaluate-every'), positiveInteger, 'a positive integer'),
    evaluateSamples: parseNumber('evaluate-samples', s('evaluate-samples'), (n) => Number.isInteger(n) && n >= 10, 'an integer >= 10') ?? 5000,
    clean: v['no-clean'] !== true,
    offline: v.offline === true,
    limit: parseNumber('limit', s('limit'), positiveInteger, 'a positive integer'),
    quiet: v.quiet === true,
    help: v.help === true,
  };
}
