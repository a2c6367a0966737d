export { audit, type ImageSource } from './audit';
export { type AuditAcrossOptions, auditAcross, LeakageReport, type LeakageReportJson } from './audit-across';
export { AuditReport, type AuditReportJson, type DuplicatePair } from './audit-report';
export { type CleanOptions, type CleanResult, clean } from './clean';
export { type ContactSheetOptions, contactSheet } from './contact-sheet';
export { type DecodeImageOptions, decodeImage } from './decode-image';
export {
  type ClassLabelQuality,
  type FilterBy,
  type FindLabelIssuesOptions,
  findLabelIssues,
  type LabelIssues,
  type ProbabilityMatrix,
  type RankBy,
} from './find-label-issues';
export type { LabelIssueEntry, LabelIssueSummary, LabelMethod } from './label-issue-summary';
export { type LabelIssueSheetOptions, labelIssueSheet } from './label-issue-sheet';
export { type NeighbourProbabilitiesOptions, neighbourProbabilities } from './out-of-sample-probabilities';
export {
  DataCleanError,
  DecodeError,
  DtypeError,
  FileError,
  FormatError,
  LabelError,
  LimitError,
  OptionError,
  ReportError,
  ShapeError,
  TensorError,
} from './errors';
export {
  type AuditOptions,
  DEFAULT_THRESHOLDS,
  ISSUE_TYPES,
  type IssueType,
  type Thresholds,
} from './options';
