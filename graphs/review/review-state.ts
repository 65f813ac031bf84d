import { Annotation } from "@langchain/langgraph";
import type { ForgePullRequest } from "../../src/core/ports/forge-port.js";
import type { SlackTarget } from "../shared/report-thread.js";
import type { Hunk } from "./diff-hunks.js";
import type { ReviewInput } from "./review-input.js";
import type { Coverage, Dimension, Finding, OpenThread, RawFinding, ReviewFile, ReviewOutcome, RiskAssessment } from "./review-types.js";

/** What the reviewers read, gathered once per run. */
export interface ReviewContext {
  mode: "full" | "incremental";
  /** The commit an incremental review starts from (the last reviewed head). */
  sinceSha?: string;
  /** The files under review: the PR's, or only those changed since `sinceSha`. */
  files: ReviewFile[];
  /** Every file of the PR (risk and size are about the whole PR). */
  prFiles: Array<{ path: string; additions: number; deletions: number }>;
  /** Hunks of the PR's diff per path: where GitHub accepts inline comments. */
  prHunks: Record<string, Hunk[]>;
  /** The linked issue, as the specification. */
  spec: { number: number; title: string; body: string } | null;
  guidelines: Array<{ path: string; text: string }>;
  /** Unresolved threads Shopfloor opened on this PR. */
  openThreads: OpenThread[];
  /** 1 + the consecutive earlier reviews that requested changes. */
  round: number;
  /** Where the review talks to people in Slack: the channel a command came from, or the report's thread. */
  slack: SlackTarget | null;
}

export interface BottomLine {
  whatChanged: string;
  affects: string;
  keyDecisions: string[];
}

export const ReviewState = Annotation.Root({
  request: Annotation<ReviewInput>(),
  pr: Annotation<ForgePullRequest | undefined>(),
  /** Why this PR is not reviewed this time (draft, label, author, access); null when it is. */
  skip: Annotation<string | null | undefined>(),
  context: Annotation<ReviewContext | undefined>(),
  raw: Annotation<Array<{ dimension: Dimension; finding: RawFinding }> | undefined>(),
  bottomLine: Annotation<BottomLine | null | undefined>(),
  coverage: Annotation<Coverage | undefined>(),
  /** New findings of this run, to post. */
  findings: Annotation<Finding[] | undefined>(),
  /** Open threads whose problem the new commits fixed. */
  fixed: Annotation<OpenThread[] | undefined>(),
  /** Open threads still unresolved after this run (raised again or untouched). */
  stillOpen: Annotation<OpenThread[] | undefined>(),
  droppedNits: Annotation<number | undefined>(),
  risk: Annotation<RiskAssessment | undefined>(),
  outcome: Annotation<ReviewOutcome | undefined>(),
  /** Why the outcome is what it is, in words (for Slack and the ledger). */
  outcomeReason: Annotation<string | undefined>(),
  reviewId: Annotation<number | null | undefined>(),
  summaryUrl: Annotation<string | undefined>(),
});
export type ReviewStateType = typeof ReviewState.State;

/** The prefix of every effect intent of this run: the thread is per PR, the trigger names the run. */
export const runTag = (state: Pick<ReviewStateType, "request">) => `${state.request.trigger.kind}:${state.request.trigger.id}`;
