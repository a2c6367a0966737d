import { fail } from './internal/kinds';
import { LabelError } from './errors';
import { type ClassLabelQuality, type FindLabelIssuesOptions, labelIssuesOf, type resolveLabelIssuesOptions } from './find-label-issues';
import { type NeighbourLists, neighbourVoteProbabilities } from './internal/neighbour-probabilities';

/**
 * How `audit` decides label issues (`labelMethod`):
 * - `'confidentLearning'` (default): `findLabelIssues` on out-of-sample probabilities, either the
 *   leave-one-out neighbour probabilities of the audit's own neighbours, or the `probabilities`
 *   option (e.g. from `crossValidatedProbabilities`);
 * - `'neighbourVote'`: the share of the `neighbours` nearest images that carry the same label,
 *   flagged at or below `thresholds.labelIssue` (the check of data-clean 0.1).
 *
 * @example
 * await audit(images, { labels, labelMethod: 'neighbourVote' });
 */
export type LabelMethod = 'confidentLearning' | 'neighbourVote';

/**
 * One flagged image: its index, given and suggested label (label values, not class indices)
 * and its score (label quality: self-confidence or normalized margin for confident learning, the
 * share of neighbours with the same label for the vote).
 *
 * @example
 * for (const { index, given, suggested } of report.labelIssues!.issues.slice(0, 10)) console.log(index, given, '→', suggested);
 */
export interface LabelIssueEntry {
  index: number;
  given: number;
  suggested: number;
  score: number;
}

/**
 * What `audit`'s label check found (`report.labelIssues`). Matrices are indexed by class index;
 * `classes[c]` is the label value of class index c.
 *
 * @example
 * const { issues, health, noiseMatrix } = report.labelIssues!;
 */
export interface LabelIssueSummary {
  method: LabelMethod;
  /** Where the probabilities came from: the audit's leave-one-out `neighbours`, or the `probabilities` option (`given`). */
  source: 'neighbours' | 'given';
  /** Label value of each class index. */
  classes: number[];
  /** Flagged images, lowest score first (ties: lower index first). */
  issues: LabelIssueEntry[];
  /** Calibrated confident joint [given][true] (confident learning only, else null). */
  confidentJoint: number[][] | null;
  /** Estimated noise matrix p(given = i | true = j) (confident learning only). */
  noiseMatrix: number[][] | null;
  /** Per-class label quality (confident learning only). */
  classQuality: ClassLabelQuality[] | null;
  /** Overall label health 1 − numLabelIssues / n over the images checked (confident learning only). */
  health: number | null;
  /** cleanlab's `num_label_issues` estimate (confident learning only). */
  numLabelIssues: number | null;
}

/** The label check's settings, resolved by `resolveAuditOptions`. */
export interface LabelCheckSettings {
  method: LabelMethod;
  /** Given out-of-sample probabilities (n × k, row-major, float64), or null for the neighbours'. */
  probabilities: { values: Float64Array; n: number; k: number } | null;
  find: ReturnType<typeof resolveLabelIssuesOptions>;
  /** Neighbour-vote threshold (`thresholds.labelIssue`). */
  threshold: number;
  /** Smoothing of the neighbour probabilities. */
  smoothing: number;
}

export type { FindLabelIssuesOptions };

/** Runs the label check of `audit` on its neighbour lists: per-image scores, flags and the summary. */
export function labelCheck(
  fn: string,
  size: number,
  lists: NeighbourLists,
  labels: Float64Array,
  settings: LabelCheckSettings,
): { scores: Float32Array; flags: Uint8Array; summary: LabelIssueSummary } {
  const scores = new Float32Array(size).fill(Number.NaN);
  const flags = new Uint8Array(size);
  const { rows, neighbours, k } = lists;
  const empty = { confidentJoint: null, noiseMatrix: null, classQuality: null, health: null, numLabelIssues: null };
  if (settings.method === 'neighbourVote') {
    const issues: LabelIssueEntry[] = [];
    const classes = [...new Set(labels)].sort((a, b) => a - b);
    for (let r = 0; r < rows.length && k > 0; r++) {
      const i = rows[r]!;
      const votes = new Map<number, number>();
      let same = 0;
      for (let c = 0; c < k; c++) {
        const label = labels[neighbours[r * k + c]!]!;
        if (label === labels[i]) same++;
        votes.set(label, (votes.get(label) ?? 0) + 1);
      }
      scores[i] = same / k;
      if (scores[i]! <= settings.threshold) {
        flags[i] = 1;
        const suggested = [...votes].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
        issues.push({ index: i, given: labels[i]!, suggested, score: scores[i]! });
      }
    }
    issues.sort((a, b) => a.score - b.score || a.index - b.index);
    return { scores, flags, summary: { method: 'neighbourVote', source: 'neighbours', classes, issues, ...empty } };
  }

  let checked: Int32Array;
  let classes: number[];
  let classOf: Int32Array;
  let values: Float64Array;
  let numClasses: number;
  if (settings.probabilities) {
    const p = settings.probabilities;
    if (p.n !== size) fail(LabelError, fn, 'options.probabilities', `one row per image (${size})`, `${p.n} rows`);
    numClasses = p.k;
    classes = Array.from({ length: numClasses }, (_, c) => c);
    classOf = Int32Array.from(labels, (label, i) => {
      if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
        fail(LabelError, fn, `options.labels[${i}]`, `a class index in [0, ${numClasses - 1}] (a column of options.probabilities)`, String(label));
      }
      return label;
    });
    checked = Int32Array.from({ length: size }, (_, i) => i);
    values = p.values;
  } else {
    classes = [...new Set(Array.from(rows, (i) => labels[i]!))].sort((a, b) => a - b);
    const index = new Map(classes.map((label, c) => [label, c]));
    classOf = Int32Array.from(labels, (label) => index.get(label) ?? -1);
    numClasses = Math.max(classes.length, 2);
    values = neighbourVoteProbabilities(lists, classOf, numClasses, size, settings.smoothing);
    checked = rows;
  }
  if (checked.length === 0 || classes.length < 2) {
    return { scores, flags, summary: { method: 'confidentLearning', source: settings.probabilities ? 'given' : 'neighbours', classes, issues: [], ...empty } };
  }
  const subset = new Float64Array(checked.length * numClasses);
  checked.forEach((i, r) => {
    subset.set(values.subarray(i * numClasses, (i + 1) * numClasses), r * numClasses);
  });
  const subsetLabels = Int32Array.from(checked, (i) => classOf[i]!);
  const result = labelIssuesOf(subsetLabels, subset, numClasses, settings.find);
  checked.forEach((i, r) => {
    scores[i] = result.qualityScores[r]!;
    flags[i] = result.isIssue[r]!;
  });
  const issues = result.issues.map((r) => ({
    index: checked[r]!,
    given: classes[subsetLabels[r]!]!,
    suggested: classes[result.suggestedLabels[r]!] ?? result.suggestedLabels[r]!,
    score: result.qualityScores[r]!,
  }));
  return {
    scores,
    flags,
    summary: {
      method: 'confidentLearning',
      source: settings.probabilities ? 'given' : 'neighbours',
      classes,
      issues,
      confidentJoint: result.confidentJoint,
      noiseMatrix: result.noiseMatrix,
      classQuality: result.classes,
      health: result.health,
      numLabelIssues: result.numLabelIssues,
    },
  };
}

/** A few text lines on the label check for `AuditReport.toString()`: the method, health and the top-ranked issues. */
export function describeLabelIssues(summary: LabelIssueSummary, top = 10): string[] {
  const how =
    summary.method === 'neighbourVote'
      ? 'neighbour vote'
      : `confident learning on ${summary.source === 'given' ? 'the given' : 'leave-one-out neighbour'} probabilities`;
  const health = summary.health === null ? '' : `, label health ${summary.health.toFixed(3)}`;
  const lines = [`  label issues (${how}): ${summary.issues.length} flagged${health}`];
  if (summary.issues.length > 0) lines.push(`  top-ranked label issues (image: given → suggested, score):`);
  for (const { index, given, suggested, score } of summary.issues.slice(0, top)) {
    lines.push(`    #${String(index).padEnd(7)} ${String(given).padStart(4)} → ${String(suggested).padEnd(4)} ${score.toFixed(3)}`);
  }
  if (summary.issues.length > top) lines.push(`    ... ${summary.issues.length - top} more`);
  return lines;
}
