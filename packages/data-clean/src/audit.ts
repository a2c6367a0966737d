import { AuditReport } from './audit-report';
import { LabelError } from './errors';
import { type LabelIssueSummary, labelCheck } from './label-issue-summary';
import { components, exactGroups, nearPairs } from './internal/duplicates';
import { type FeatureSet, extractFeatures } from './internal/extract';
import { STAT, STAT_COUNT } from './internal/features';
import { fitPca, project, rankNeighbours, robustZ } from './internal/neighbours';
import { type ImageSource, sourceKind } from './internal/source';
import { type AuditOptions, type IssueType, ISSUE_TYPES, type ResolvedAuditOptions, resolveAuditOptions } from './options';

export type { ImageSource } from './internal/source';

/** Neighbourhood of every eligible image within its own set. */
interface Neighbourhood {
  /** Global index of each eligible image. */
  rows: Int32Array;
  /** k nearest (by thumbnail distance) global indices per row, −1 padded. */
  neighbours: Int32Array;
  distances: Float32Array;
  k: number;
  /** Mahalanobis distance in the PCA embedding, per row. */
  mahalanobis: Float64Array;
  /** Candidate pairs (global indices) with thumbnail distance ≤ the near-duplicate threshold. */
  close: [number, number][];
}

async function neighbourhood(f: FeatureSet, options: ResolvedAuditOptions): Promise<Neighbourhood> {
  const rows = Int32Array.from(Array.from(f.eligible).flatMap((e, i) => (e ? [i] : [])));
  const n = rows.length;
  const k = Math.min(options.neighbours, Math.max(n - 1, 0));
  const mahalanobis = new Float64Array(n).fill(Number.NaN);
  const close: [number, number][] = [];
  if (n < 2) return { rows, neighbours: new Int32Array(0), distances: new Float32Array(0), k, mahalanobis, close };
  const pca = await fitPca(f.thumbs, rows, options.embeddingSize);
  options.onStage?.('embedding');
  const embedding = await project(f.thumbs, rows, pca, options.batchSize);
  const d = pca.size;
  for (let r = 0; r < n; r++) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += embedding[r * d + j]! ** 2 / pca.variances[j]!;
    mahalanobis[r] = Math.sqrt(sum);
  }
  const ranked = await rankNeighbours(f.thumbs, rows, embedding, d, k, (i, j, distance) => {
    if (distance <= options.thresholds.nearDuplicate) close.push([i, j]);
  });
  options.onStage?.('neighbours');
  return { rows, neighbours: ranked.neighbours, distances: ranked.distances, k, mahalanobis, close };
}

/** Turns features into a report: per-image scores and flags for each check. */
async function analyze(f: FeatureSet, options: ResolvedAuditOptions, started: number): Promise<AuditReport> {
  const n = f.size;
  const t = options.thresholds;
  const checks = ISSUE_TYPES.filter((issue) => options.checks.has(issue));
  const scores: Partial<Record<IssueType, Float32Array>> = {};
  const flags: Partial<Record<IssueType, Uint8Array>> = {};
  const stat = (i: number, column: number) => f.stats[i * STAT_COUNT + column]!;
  const perImage = (issue: IssueType, score: (i: number) => number, flag: (s: number, i: number) => boolean) => {
    if (!options.checks.has(issue)) return;
    const s = new Float32Array(n);
    const fl = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = score(i);
      fl[i] = Number.isNaN(s[i]!) ? 0 : flag(s[i]!, i) ? 1 : 0;
    }
    scores[issue] = s;
    flags[issue] = fl;
  };
  const finite = (i: number) => f.shapeOk[i] === 1 && stat(i, STAT.nonFinite) === 0;
  const appearance = (column: number) => (i: number) => (finite(i) ? stat(i, column) : Number.NaN);
  perImage('shape', (i) => (f.shapeOk[i] ? 0 : 1), (s) => s > 0);
  perImage('nonFinite', (i) => stat(i, STAT.nonFinite), (s) => s > t.nonFinite);
  perImage('outOfRange', (i) => stat(i, STAT.outOfRange), (s) => s > t.outOfRange);
  perImage('constant', appearance(STAT.spread), (s) => s <= t.constant);
  perImage('dark', appearance(STAT.p99), (s) => s < t.dark);
  perImage('bright', appearance(STAT.p1), (s) => s > t.bright);
  perImage('lowContrast', appearance(STAT.std), (s) => s < t.lowContrast);
  perImage('lowInformation', appearance(STAT.entropy), (s) => s < t.lowInformation);
  perImage('blurry', appearance(STAT.laplacian), (s) => s < t.blurry);

  const exact = exactGroups(f);
  const copies = new Uint32Array(n).fill(1);
  const exactFlag = new Uint8Array(n);
  for (const group of exact) {
    group.forEach((i, position) => {
      copies[i] = group.length;
      if (position > 0) exactFlag[i] = 1;
    });
  }
  perImage('exactDuplicate', (i) => (f.eligible[i] ? copies[i]! : Number.NaN), (_, i) => exactFlag[i] === 1);

  let nearGroups: number[][] = [];
  let labelIssues: LabelIssueSummary | null = null;
  let pairs: ReturnType<typeof nearPairs> = [];
  const needNeighbours = ['outlier', 'labelIssue', 'nearDuplicate'].some((c) => options.checks.has(c as IssueType));
  if (needNeighbours) {
    const hood = await neighbourhood(f, options);
    const rowOf = new Int32Array(n).fill(-1);
    hood.rows.forEach((i, r) => {
      rowOf[i] = r;
    });
    const { k } = hood;
    if (options.checks.has('outlier')) {
      const meanDistance = new Float64Array(hood.rows.length);
      for (let r = 0; r < hood.rows.length; r++) {
        let sum = 0;
        for (let c = 0; c < k; c++) sum += hood.distances[r * k + c]!;
        meanDistance[r] = k > 0 ? sum / k : Number.NaN;
      }
      const zDistance = robustZ(meanDistance);
      const zShape = robustZ(hood.mahalanobis);
      perImage(
        'outlier',
        (i) => (rowOf[i]! >= 0 && hood.rows.length >= 3 ? Math.max(zDistance[rowOf[i]!]!, zShape[rowOf[i]!]!) : Number.NaN),
        (s) => s > t.outlier,
      );
    }
    if (options.checks.has('labelIssue') && options.labels) {
      const check = labelCheck(options.functionName, n, hood, options.labels, options.labelCheck);
      scores.labelIssue = check.scores;
      flags.labelIssue = check.flags;
      labelIssues = check.summary;
    }
    if (options.checks.has('nearDuplicate')) {
      pairs = nearPairs(f, null, { dHash: t.dHash, pHash: t.pHash, maxDistance: t.nearDuplicate }, hood.close);
      options.onStage?.('duplicates');
      const edges: [number, number][] = pairs.map((p) => [p.a, p.b]);
      for (const group of exact) for (const i of group.slice(1)) edges.push([group[0]!, i]);
      const hasNear = new Uint8Array(n);
      for (const p of pairs) hasNear[p.a] = hasNear[p.b] = 1;
      nearGroups = components(n, edges).filter((g) => g.some((i) => hasNear[i]));
      const nearFlag = new Uint8Array(n);
      for (const group of nearGroups) for (const i of group.slice(1)) if (!exactFlag[i]) nearFlag[i] = 1;
      perImage(
        'nearDuplicate',
        (i) => (rowOf[i]! >= 0 && k > 0 ? hood.distances[rowOf[i]! * k]! : Number.NaN),
        (_, i) => nearFlag[i] === 1,
      );
    }
  }
  return new AuditReport({
    size: n,
    checks,
    pixelRange: options.pixelRange,
    shape: f.shape,
    thresholds: options.thresholds,
    scores,
    flags,
    exactDuplicateGroups: exact,
    nearDuplicateGroups: nearGroups,
    nearDuplicatePairs: pairs,
    badShapes: f.badShapes,
    seconds: (performance.now() - started) / 1000,
    features: f,
    labelIssues,
  });
}

/**
 * Audits a set of images for invalid values, duplicates, poor exposure or
 * information, blur, outliers and (with labels) label issues. Images are NHWC
 * in the declared `pixelRange` (default `'unit'`, `[0, 1]`); they are streamed through
 * batched tensor ops `batchSize` at a time, so a set of any size fits in
 * memory (about 1.1 KB of features per image are kept). Inputs are never
 * disposed or changed.
 *
 * @param images A `Tensor4D` [n, h, w, c], an array of `Tensor3D` [h, w, c]
 *   (wrong shapes or channel counts are flagged `shape`), or a (sync or async)
 *   iterable of `Tensor4D` batches.
 * @param options See `AuditOptions`; thresholds default to `DEFAULT_THRESHOLDS`.
 * @returns An `AuditReport` with per-issue counts, per-image scores and flags,
 *   duplicate groups and `toJSON()`.
 * @throws OptionError (unknown option key, bad value), TensorError (null,
 *   non-tensor or disposed images), ShapeError, DtypeError, LimitError
 *   (`batchSize`, `neighbours`, `embeddingSize`, `shape` past their limits), LabelError.
 *
 * @example
 * const images = tf.tensor4d(pixels, [1000, 28, 28, 1]); // values in [0, 1]
 * const report = await audit(images, { labels, pixelRange: 'unit', thresholds: { outlier: 8 } });
 * console.log(report.counts); // { shape: 0, nonFinite: 2, exactDuplicate: 5, ... }
 */
export async function audit(images: ImageSource, options: AuditOptions = {}): Promise<AuditReport> {
  return auditAs('audit', images, options);
}

/** `audit` with the calling public function named in errors (`auditFolder` audits through it). */
export async function auditAs(fn: string, images: ImageSource, options: AuditOptions | undefined): Promise<AuditReport> {
  const started = performance.now();
  const resolved = await resolveAuditOptions(fn, options);
  sourceKind(fn, 'images', images);
  const features = await extractFeatures(fn, 'images', images, {
    range: resolved.pixelRange,
    batchSize: resolved.batchSize,
    shape: resolved.shape,
    constantThreshold: resolved.thresholds.constant,
  });
  if (resolved.labels && resolved.labels.length !== features.size) {
    throw new LabelError({
      functionName: fn,
      argument: 'options.labels',
      expected: `one label per image (${features.size})`,
      actual: `${resolved.labels.length} labels`,
    });
  }
  resolved.onStage?.('features');
  return analyze(features, resolved, started);
}
