import { AuditReport, type DuplicatePair } from './audit-report';
import { describe } from '@ganforge/internal';
import { ReportError, ShapeError } from './errors';
import { nearPairs } from './internal/duplicates';
import { type FeatureSet, extractFeatures } from './internal/extract';
import { fitPca, nearest, project, thumbDistance } from './internal/neighbours';
import { type ImageSource, sourceKind } from './internal/source';
import { type AuditOptions, resolveAuditOptions, type Thresholds } from './options';

/**
 * Options of `auditAcross`: the image options of `audit` (pixelRange, shape,
 * batchSize, neighbours, embeddingSize) and the duplicate thresholds
 * (`nearDuplicate`, `dHash`, `pHash`; `constant` decides which images take part).
 *
 * @example
 * const options: AuditAcrossOptions = { thresholds: { nearDuplicate: 0.05 } };
 */
export type AuditAcrossOptions = Omit<AuditOptions, 'labels' | 'checks'>;

/**
 * The plain-data form of a `LeakageReport`.
 *
 * @example
 * const json: LeakageReportJson = leakage.toJSON();
 * console.log(json.nearPairs.map((p) => `${p.train}↔${p.test}`));
 */
export interface LeakageReportJson {
  trainSize: number;
  testSize: number;
  thresholds: Pick<Thresholds, 'nearDuplicate' | 'dHash' | 'pHash'>;
  counts: { exactPairs: number; nearPairs: number; testImages: number; trainImages: number };
  exactPairs: { train: number; test: number }[];
  nearPairs: { train: number; test: number; distance: number; dHash: number; pHash: number }[];
  seconds: number;
}

/**
 * Duplicates between two sets (train/test leakage): exact copies (same
 * content hash) and near duplicates (see `Thresholds.nearDuplicate`).
 *
 * @example
 * const leakage = await auditAcross(trainImages, testImages);
 * console.log(leakage.counts.testImages, 'test images also appear in train');
 * const keep = testIndices.filter((i) => !leakage.testFlags[i]);
 */
export class LeakageReport {
  readonly trainSize: number;
  readonly testSize: number;
  readonly thresholds: Pick<Thresholds, 'nearDuplicate' | 'dHash' | 'pHash'>;
  /** Pairs with identical content. */
  readonly exactPairs: { train: number; test: number }[];
  /** Verified near-duplicate pairs (`a` is the train index, `b` the test index). */
  readonly nearPairs: DuplicatePair[];
  /** 1 for each test image with an exact or near duplicate in train. */
  readonly testFlags: Uint8Array;
  /** 1 for each train image with an exact or near duplicate in test. */
  readonly trainFlags: Uint8Array;
  readonly counts: { exactPairs: number; nearPairs: number; testImages: number; trainImages: number };
  readonly seconds: number;

  /** @internal Leakage reports are made by `auditAcross`; the class is exported for `instanceof` and types. */
  constructor(init: {
    trainSize: number;
    testSize: number;
    thresholds: Pick<Thresholds, 'nearDuplicate' | 'dHash' | 'pHash'>;
    exactPairs: { train: number; test: number }[];
    nearPairs: DuplicatePair[];
    seconds: number;
  }) {
    if (init === null || typeof init !== 'object' || !Array.isArray(init.exactPairs) || !Array.isArray(init.nearPairs)) {
      throw new ReportError({ functionName: 'LeakageReport', argument: 'init', expected: 'the fields of a leakage report, as auditAcross() builds them', actual: describe(init) });
    }
    this.trainSize = init.trainSize;
    this.testSize = init.testSize;
    this.thresholds = init.thresholds;
    this.exactPairs = init.exactPairs;
    this.nearPairs = init.nearPairs;
    this.seconds = init.seconds;
    this.testFlags = new Uint8Array(init.testSize);
    this.trainFlags = new Uint8Array(init.trainSize);
    for (const p of init.exactPairs) this.trainFlags[p.train] = this.testFlags[p.test] = 1;
    for (const p of init.nearPairs) this.trainFlags[p.a] = this.testFlags[p.b] = 1;
    const sum = (flags: Uint8Array) => flags.reduce((a, b) => a + b, 0);
    this.counts = {
      exactPairs: init.exactPairs.length,
      nearPairs: init.nearPairs.length,
      testImages: sum(this.testFlags),
      trainImages: sum(this.trainFlags),
    };
  }

  /**
   * Indices of the test images that have a duplicate in train.
   *
   * @example
   * const leaked = leakage.flaggedTest();
   */
  flaggedTest(): number[] {
    return Array.from(this.testFlags).flatMap((f, i) => (f ? [i] : []));
  }

  /**
   * Plain data for `JSON.stringify`.
   *
   * @example
   * writeFileSync('leakage.json', JSON.stringify(leakage));
   */
  toJSON(): LeakageReportJson {
    return {
      trainSize: this.trainSize,
      testSize: this.testSize,
      thresholds: { ...this.thresholds },
      counts: { ...this.counts },
      exactPairs: this.exactPairs.map((p) => ({ ...p })),
      nearPairs: this.nearPairs.map((p) => ({ train: p.a, test: p.b, distance: p.distance, dHash: p.dHash, pHash: p.pHash })),
      seconds: this.seconds,
    };
  }

  /**
   * A one-line summary.
   *
   * @example
   * console.log(String(leakage));
   */
  toString(): string {
    const c = this.counts;
    return `leakage: ${c.exactPairs} exact and ${c.nearPairs} near pairs; ${c.testImages} of ${this.testSize} test images have a duplicate among ${this.trainSize} train images`;
  }
}

/**
 * Finds images of `test` that duplicate (exactly or nearly) images of `train`:
 * train/test leakage. Either set may be images (as for `audit`) or an
 * `AuditReport` of them, whose kept features are reused instead of recomputed.
 * Near-duplicate candidates come from dHash/pHash matches and from each test
 * image's nearest train images in the PCA embedding (fitted on train), and are
 * verified by thumbnail distance. Both sets must have the same number of
 * channels (sizes may differ: near duplicates are compared on 16×16 thumbnails,
 * exact copies need the same shape).
 *
 * @throws OptionError (unknown option key, bad value), TensorError (null,
 *   non-tensor or disposed images), ShapeError (bad ranks, or channel counts
 *   that differ between the sets), DtypeError, LimitError.
 * @example
 * const trainReport = await audit(trainImages);
 * const testReport = await audit(testImages);
 * const leakage = await auditAcross(trainReport, testReport);
 * console.log(leakage.toString());
 */
export async function auditAcross(
  train: ImageSource | AuditReport,
  test: ImageSource | AuditReport,
  options: AuditAcrossOptions = {},
): Promise<LeakageReport> {
  const started = performance.now();
  const resolved = await resolveAuditOptions('auditAcross', options, false);
  const features = async (set: ImageSource | AuditReport, argument: string): Promise<FeatureSet> => {
    if (set instanceof AuditReport) return set.features;
    sourceKind('auditAcross', argument, set);
    return extractFeatures('auditAcross', argument, set, {
      range: resolved.pixelRange,
      batchSize: resolved.batchSize,
      shape: resolved.shape,
      constantThreshold: resolved.thresholds.constant,
    });
  };
  const a = await features(train, 'train');
  const b = await features(test, 'test');
  if (a.shape && b.shape && a.shape[2] !== b.shape[2]) {
    throw new ShapeError({
      functionName: 'auditAcross',
      argument: 'test',
      expected: `images with the channels of train (${a.shape[2]}, train shape [${a.shape.join(', ')}])`,
      actual: `${b.shape[2]} channels (shape [${b.shape.join(', ')}])`,
    });
  }
  const t = resolved.thresholds;

  const byContent = new Map<string, number[]>();
  for (let i = 0; i < a.size; i++) {
    if (!a.eligible[i]) continue;
    const key = `${a.content[2 * i]}:${a.content[2 * i + 1]}`;
    const list = byContent.get(key);
    if (list) list.push(i);
    else byContent.set(key, [i]);
  }
  const exactPairs: { train: number; test: number }[] = [];
  for (let j = 0; j < b.size; j++) {
    if (!b.eligible[j]) continue;
    for (const i of byContent.get(`${b.content[2 * j]}:${b.content[2 * j + 1]}`) ?? []) exactPairs.push({ train: i, test: j });
  }

  const trainRows = Int32Array.from(Array.from(a.eligible).flatMap((e, i) => (e ? [i] : [])));
  const testRows = Int32Array.from(Array.from(b.eligible).flatMap((e, i) => (e ? [i] : [])));
  const close: [number, number][] = [];
  if (trainRows.length > 0 && testRows.length > 0) {
    const pca = await fitPca(a.thumbs, trainRows, resolved.embeddingSize);
    const trainEmbedding = await project(a.thumbs, trainRows, pca, resolved.batchSize);
    const testEmbedding = await project(b.thumbs, testRows, pca, resolved.batchSize);
    const m = Math.min(trainRows.length, resolved.neighbours);
    const candidates = await nearest(testEmbedding, trainEmbedding, pca.size, m);
    for (let r = 0; r < testRows.length; r++) {
      const j = testRows[r]!;
      for (let c = 0; c < m; c++) {
        const i = trainRows[candidates[r * m + c]!]!;
        if (thumbDistance(a.thumbs, i, b.thumbs, j) <= t.nearDuplicate) close.push([i, j]);
      }
    }
  }
  const pairs = nearPairs(a, b, { dHash: t.dHash, pHash: t.pHash, maxDistance: t.nearDuplicate }, close);
  return new LeakageReport({
    trainSize: a.size,
    testSize: b.size,
    thresholds: { nearDuplicate: t.nearDuplicate, dHash: t.dHash, pHash: t.pHash },
    exactPairs,
    nearPairs: pairs,
    seconds: (performance.now() - started) / 1000,
  });
}
