import { checkOneOf, describe } from '@ganforge/internal';
import { OptionError, ReportError } from './errors';
import type { FeatureSet } from './internal/extract';
import { describeLabelIssues, type LabelIssueSummary } from './label-issue-summary';
import { ISSUE_TYPES, type IssueType, type Thresholds } from './options';

/**
 * A pair of near-duplicate images: indices (`a < b`, or train/test indices in a
 * leakage report), thumbnail distance (see `Thresholds.nearDuplicate`) and the
 * Hamming distances of their dHash and pHash.
 *
 * @example
 * for (const { a, b, distance } of report.nearDuplicatePairs) console.log(a, b, distance.toFixed(3));
 */
export interface DuplicatePair {
  a: number;
  b: number;
  distance: number;
  dHash: number;
  pHash: number;
}

/**
 * The plain-data form of an `AuditReport` (`report.toJSON()`); NaN scores become `null`.
 *
 * @example
 * const json: AuditReportJson = JSON.parse(JSON.stringify(report));
 * console.log(json.counts.outlier, json.flagged.outlier);
 */
export interface AuditReportJson {
  size: number;
  checks: IssueType[];
  /** The declared pixel range `[min, max]`. */
  pixelRange: [number, number];
  /** @deprecated The same as `pixelRange` (kept until the next minor version). */
  range: [number, number];
  shape: [number, number, number] | null;
  thresholds: Thresholds;
  counts: Partial<Record<IssueType, number>>;
  flagged: Partial<Record<IssueType, number[]>>;
  scores: Partial<Record<IssueType, (number | null)[]>>;
  exactDuplicateGroups: number[][];
  nearDuplicateGroups: number[][];
  nearDuplicatePairs: DuplicatePair[];
  badShapes: Record<string, string>;
  seconds: number;
  /** What the label check found (with labels), else null. */
  labelIssues: LabelIssueSummary | null;
}

/** Fields an `AuditReport` is built from (by `audit`). */
export interface AuditReportInit {
  size: number;
  checks: IssueType[];
  pixelRange: [number, number];
  shape: [number, number, number] | null;
  thresholds: Thresholds;
  scores: Partial<Record<IssueType, Float32Array>>;
  flags: Partial<Record<IssueType, Uint8Array>>;
  exactDuplicateGroups: number[][];
  nearDuplicateGroups: number[][];
  nearDuplicatePairs: DuplicatePair[];
  badShapes: Map<number, string>;
  seconds: number;
  features: FeatureSet;
  labelIssues?: LabelIssueSummary | null;
}

/**
 * What `audit` found: per issue, a score and a 0/1 flag for every image, the
 * counts of flagged images, and the duplicate groups. Dropping every flagged
 * `exactDuplicate`/`nearDuplicate` image keeps exactly the first image of each group.
 *
 * @example
 * const report = await audit(images, { labels });
 * console.log(report.counts.nearDuplicate, report.flagged('outlier'));
 * const { images: kept } = clean(images, report);
 */
export class AuditReport {
  /** Number of images audited. */
  readonly size: number;
  /** Checks that ran, in report order. */
  readonly checks: IssueType[];
  /** The declared pixel range `[min, max]` (the audit's `pixelRange`). */
  readonly pixelRange: [number, number];
  /** Expected image shape [h, w, c] (null when no image had a usable shape). */
  readonly shape: [number, number, number] | null;
  /** Thresholds used. */
  readonly thresholds: Thresholds;
  /** Number of flagged images per check that ran. */
  readonly counts: Partial<Record<IssueType, number>>;
  /** Per-image score of each check that ran (NaN where the check does not apply, e.g. a wrong-shape image). */
  readonly scores: Partial<Record<IssueType, Float32Array>>;
  /** Per-image 0/1 flag of each check that ran. */
  readonly flags: Partial<Record<IssueType, Uint8Array>>;
  /** Groups (size ≥ 2) of images with identical content, indices ascending. */
  readonly exactDuplicateGroups: number[][];
  /** Groups (size ≥ 2) of images linked by near-duplicate (or exact) pairs that hold at least one near pair. */
  readonly nearDuplicateGroups: number[][];
  /** The verified near-duplicate pairs. */
  readonly nearDuplicatePairs: DuplicatePair[];
  /** Index → shape text of the images whose shape differs from `shape`. */
  readonly badShapes: Map<number, string>;
  /** Wall-clock seconds the audit took. */
  readonly seconds: number;
  /**
   * What the label check found (with `labels`): flagged images ranked lowest score first, each
   * with its given and suggested label, and for confident learning the noise matrix, per-class
   * label quality and overall label health. Null without labels.
   */
  readonly labelIssues: LabelIssueSummary | null;
  /** @internal Per-image features, kept so the set can be compared with another (`auditAcross`). */
  declare readonly features: FeatureSet;

  /**
   * @internal Reports are made by `audit`; the class is exported for `instanceof` and types.
   */
  constructor(init: AuditReportInit) {
    if (init === null || typeof init !== 'object' || !(init.features && typeof init.size === 'number')) {
      throw new ReportError({ functionName: 'AuditReport', argument: 'init', expected: 'the fields of a report, as audit() builds them', actual: describe(init) });
    }
    this.size = init.size;
    this.checks = init.checks;
    this.pixelRange = init.pixelRange;
    this.shape = init.shape;
    this.thresholds = init.thresholds;
    this.scores = init.scores;
    this.flags = init.flags;
    this.exactDuplicateGroups = init.exactDuplicateGroups;
    this.nearDuplicateGroups = init.nearDuplicateGroups;
    this.nearDuplicatePairs = init.nearDuplicatePairs;
    this.badShapes = init.badShapes;
    this.seconds = init.seconds;
    this.labelIssues = init.labelIssues ?? null;
    Object.defineProperty(this, 'features', { value: init.features, enumerable: false });
    const counts: Partial<Record<IssueType, number>> = {};
    for (const check of this.checks) counts[check] = (init.flags[check] ?? new Uint8Array()).reduce((a, b) => a + b, 0);
    this.counts = counts;
  }

  /** @deprecated The same as `pixelRange` (kept until the next minor version). */
  get range(): [number, number] {
    return this.pixelRange;
  }

  private issueList(fn: string, issues: IssueType | readonly IssueType[] | undefined): IssueType[] {
    if (issues !== undefined && typeof issues !== 'string' && !Array.isArray(issues)) {
      throw new OptionError({ functionName: fn, argument: 'issues', expected: 'an issue type, an array of them or undefined', actual: describe(issues) });
    }
    const list: IssueType[] = issues === undefined ? this.checks : typeof issues === 'string' ? [issues] : [...(issues as readonly IssueType[])];
    for (const [i, issue] of list.entries()) checkOneOf(fn, typeof issues === 'string' ? 'issues' : `issues[${i}]`, issue, ISSUE_TYPES, OptionError);
    return list.filter((issue) => this.flags[issue]);
  }

  /**
   * Indices (ascending) of the images flagged for any of `issues` (default: every check that ran).
   *
   * @example
   * const blank = report.flagged('constant');
   * const invalid = report.flagged(['nonFinite', 'outOfRange', 'constant', 'shape']);
   */
  flagged(issues?: IssueType | readonly IssueType[]): number[] {
    const list = this.issueList('AuditReport.flagged', issues).map((issue) => this.flags[issue]!);
    const out: number[] = [];
    for (let i = 0; i < this.size; i++) if (list.some((flags) => flags[i])) out.push(i);
    return out;
  }

  /**
   * The issues image `index` is flagged for.
   *
   * @example
   * report.issuesOf(17); // ['dark', 'lowContrast']
   */
  issuesOf(index: number): IssueType[] {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new OptionError({
        functionName: 'AuditReport.issuesOf',
        argument: 'index',
        expected: `an integer in [0, ${this.size - 1}]`,
        actual: describe(index),
      });
    }
    return this.checks.filter((issue) => this.flags[issue]?.[index]);
  }

  /**
   * Plain data for `JSON.stringify` (NaN scores become `null`).
   *
   * @example
   * writeFileSync('audit.json', JSON.stringify(report));
   */
  toJSON(): AuditReportJson {
    const flagged: Partial<Record<IssueType, number[]>> = {};
    const scores: Partial<Record<IssueType, (number | null)[]>> = {};
    for (const check of this.checks) {
      flagged[check] = this.flagged(check);
      scores[check] = Array.from(this.scores[check] ?? [], (v) => (Number.isFinite(v) ? v : null));
    }
    return {
      size: this.size,
      checks: [...this.checks],
      pixelRange: [...this.pixelRange],
      range: [...this.pixelRange],
      shape: this.shape ? [...this.shape] : null,
      thresholds: { ...this.thresholds },
      counts: { ...this.counts },
      flagged,
      scores,
      exactDuplicateGroups: this.exactDuplicateGroups.map((g) => [...g]),
      nearDuplicateGroups: this.nearDuplicateGroups.map((g) => [...g]),
      nearDuplicatePairs: this.nearDuplicatePairs.map((p) => ({ ...p })),
      badShapes: Object.fromEntries(this.badShapes),
      seconds: this.seconds,
      labelIssues: this.labelIssues,
    };
  }

  /**
   * A short text table: images flagged per check, then (with labels) the label check's method,
   * label health and its 10 top-ranked issues.
   *
   * @example
   * console.log(report.toString());
   */
  toString(): string {
    const lines = [`audit of ${this.size} images (${this.seconds.toFixed(1)} s)`];
    for (const check of this.checks) lines.push(`  ${check.padEnd(15)} ${String(this.counts[check]).padStart(7)}`);
    lines.push(`  exact duplicate groups: ${this.exactDuplicateGroups.length}, near duplicate groups: ${this.nearDuplicateGroups.length}`);
    if (this.labelIssues) lines.push(...describeLabelIssues(this.labelIssues));
    return lines.join('\n');
  }
}
