/** Vocabulary of the review automation, shared by its nodes and its pure helpers. */

export const DIMENSIONS = ["correctness", "security", "architecture", "tests", "ui"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const SEVERITIES = ["blocker", "major", "minor", "nit"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type RiskLevel = "low" | "medium" | "high";

export type ReviewOutcome = "changes-requested" | "clean" | "approved" | "needs-human";

/** A finding as a dimension's model call returns it: lines on the new (head) side of the file. */
export interface RawFinding {
  path: string;
  startLine: number;
  endLine: number;
  severity: Severity;
  /** One line naming the problem; the fingerprint is made from it. */
  title: string;
  reason: string;
  suggestion?: string;
}

/** A finding after consolidation across dimensions. */
export interface Finding extends RawFinding {
  dimensions: Dimension[];
  /** Stable across pushes: path + normalised title (not lines, which move). */
  fingerprint: string;
  /**
   * Where it is posted: inline on `anchor` when its lines map to the diff, otherwise in the summary.
   * `anchor.startLine` is set only for a multi-line range inside one hunk.
   */
  placement: "inline" | "summary";
  anchor?: { line: number; startLine?: number };
}

/** A file of the diff under review (the PR's files, or the files of an incremental comparison). */
export interface ReviewFile {
  path: string;
  status: string;
  additions: number;
  deletions: number;
  patch?: string;
}

/** A group of files reviewed together in one model call per dimension. */
export interface Chunk {
  files: string[];
  /** Estimated prompt tokens of the chunk's patches. */
  tokens: number;
}

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface DimensionRun {
  dimension: Dimension;
  status: "done" | "failed" | "skipped";
  /** Why it failed or was skipped (e.g. "no UI files changed", "model timed out"). */
  reason?: string;
  findings: number;
}

export interface Coverage {
  mode: "full" | "incremental";
  /** The commit the incremental diff starts from. */
  sinceSha?: string;
  reviewedFiles: string[];
  skippedFiles: SkippedFile[];
  dimensions: DimensionRun[];
  /** Prompt tokens the model calls of this review used. */
  promptTokens: number;
}

/** A review thread Shopfloor opened (its first comment carries a finding marker). */
export interface OpenThread {
  threadId: string;
  /** Database id of the thread's first comment, for replies. */
  commentId: number;
  fingerprint: string;
  path: string;
  /** Current line, or null when GitHub considers the thread outdated. */
  line: number | null;
  originalLine: number | null;
  isOutdated: boolean;
  title: string;
  /** The severity the review that opened it gave (unknown for threads older than the ledger). */
  severity?: Severity;
}

export interface RiskAssessment {
  level: RiskLevel;
  /** Every rule that raised the level, in words, e.g. "touches src/payments/** (high-risk path)". */
  reasons: string[];
  /** Changed paths that match the never-auto-approve list. */
  neverAuto: string[];
}

/** Risk policy from shopfloor.yml (`risk`). */
export interface RiskPolicy {
  highRiskPaths: readonly string[];
  mediumRiskPaths: readonly string[];
  neverAutoApprove: readonly string[];
  /** Lines changed (additions + deletions) at which a PR becomes medium / high risk. */
  sizeThresholds: { medium: number; high: number };
}
