import type { PrReviewRecord } from "../../../src/core/ledgers/reviews.js";
import type { ForgeCheck, ForgePullRequest, ForgeReview, ForgeReviewThread } from "../../../src/core/ports/forge-port.js";

/**
 * Everything known about one pull request at one moment: GitHub's facts and Shopfloor's ledgers. Both the shepherd
 * (which acts on it) and explain (which tells people) diagnose from this, so they never disagree.
 */
export interface PrFacts {
  pr: ForgePullRequest;
  /** Check runs and statuses on the head commit. */
  checks: ForgeCheck[];
  reviews: ForgeReview[];
  /** Unresolved review threads only. */
  openThreads: ForgeReviewThread[];
  /** Shopfloor's latest review of this PR, if any. */
  lastReview: PrReviewRecord | null;
  /** The merge card waiting for an approver, since when. */
  awaitingApproval: { since: string } | null;
  /** Runs of Shopfloor's automations about this PR that failed and were not followed by a success. */
  failedRuns: Array<{ graph: string; errorCode: string | null; errorMessage: string | null; at: string }>;
  /** Why factory:needs-human was put on, when Shopfloor knows (its review's verdict, an escalation). */
  needsHumanReason: string | null;
  /** Remedies the shepherd already applied at this head SHA (e.g. "rerun-checks"), so none is applied twice. */
  remediesTried: string[];
  /** ISO time the facts were read. */
  now: string;
}

export type ReasonCode =
  | "draft"
  | "conflicts"
  | "behind"
  | "checks-failing"
  | "checks-pending"
  | "changes-requested"
  | "unresolved-threads"
  | "awaiting-review"
  | "awaiting-approval"
  | "needs-human"
  | "automation-failed"
  | "inactive"
  | "protection-blocked";

/** What the shepherd can do about a reason by itself (policy permitting), at most once per head SHA. */
export type Remedy = "update-branch" | "rerun-checks" | "request-review" | "remove-needs-human";

export interface Reason {
  code: ReasonCode;
  /** One line a person reads first: "2 checks failing: ci/test, lint". */
  summary: string;
  /** The facts behind it, each a short line ("ci/test failed 3 h ago, re-run once already"). */
  evidence: string[];
  /** What should happen next, in words. */
  next: string;
  /** Who owes the next move: "@login", "approvers", "reviewers", "shopfloor". */
  owner: string;
  remedy?: Remedy;
}

export interface DiagnoseOptions {
  /** No activity for this long is a reason of its own. */
  staleHours: number;
  /** Login of Shopfloor's GitHub identity, to tell its own reviews and threads from people's. */
  botLogin?: string;
  /** The label that hands a PR to a person (settings.labels.needsHuman); default "factory:needs-human". */
  needsHumanLabel?: string;
}

/** The options both the shepherd and explain diagnose with, so a person is told what the shepherd acts on. */
export function diagnoseOptions(settings: { shepherd: { staleHours: number }; labels: { needsHuman: string } }): DiagnoseOptions {
  return { staleHours: settings.shepherd.staleHours, needsHumanLabel: settings.labels.needsHuman };
}
