/** Records the fake keeps in memory. REST/GraphQL shapes are derived from them in rest-shapes.ts. */

export type PermissionLevel = "admin" | "maintain" | "write" | "triage" | "read" | "none";

export interface LabelRecord {
  id: number;
  nodeId: string;
  name: string;
  color: string;
  description: string | null;
  isDefault: boolean;
}

export interface IssueRecord {
  number: number;
  id: number;
  nodeId: string;
  title: string;
  body: string | null;
  state: "open" | "closed";
  stateReason: "completed" | "not_planned" | "duplicate" | "reopened" | null;
  labels: string[];
  assignees: string[];
  author: string;
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  /** Set when the issue is a pull request. */
  pull?: PullRecord;
}

export interface PullRecord {
  id: number;
  nodeId: string;
  headRef: string;
  baseRef: string;
  draft: boolean;
  /** Last head sha the fake has seen (kept after the branch is gone). */
  headSha: string;
  /** Base sha when the PR was opened or last synchronised. */
  baseSha: string;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  maintainerCanModify: boolean;
  /** Forced answer for `mergeable` (tests); undefined = computed from git. */
  mergeableOverride?: boolean | null;
}

/** An issue event of the timeline that no other record keeps: labels, closing, reopening, merging, drafts. */
export interface IssueEventRecord {
  id: number;
  nodeId: string;
  issueNumber: number;
  /** GitHub's event name: labeled, unlabeled, closed, reopened, merged, ready_for_review, convert_to_draft. */
  event: string;
  actor: string;
  createdAt: string;
  label?: string;
  /** The commit an event refers to (the merge commit of `merged`). */
  commitId?: string | null;
}

export interface CommentRecord {
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

export type ReviewState = "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";

export interface ReviewRecord {
  id: number;
  nodeId: string;
  pullNumber: number;
  author: string;
  body: string;
  state: ReviewState;
  commitId: string;
  submittedAt: string | null;
}

export interface ReviewCommentRecord {
  id: number;
  nodeId: string;
  pullNumber: number;
  reviewId: number;
  threadId: string;
  inReplyToId: number | null;
  path: string;
  line: number | null;
  startLine: number | null;
  side: "LEFT" | "RIGHT";
  startSide: "LEFT" | "RIGHT" | null;
  commitId: string;
  originalCommitId: string;
  originalLine: number | null;
  position: number | null;
  diffHunk: string;
  body: string;
  author: string;
  createdAt: string;
  updatedAt: string;
}

export interface ReviewThreadRecord {
  /** GraphQL node id (`PRRT_…`). */
  id: string;
  pullNumber: number;
  path: string;
  line: number | null;
  startLine: number | null;
  side: "LEFT" | "RIGHT";
  originalCommitId: string;
  isResolved: boolean;
  resolvedBy: string | null;
  commentIds: number[];
}

export interface CheckRunRecord {
  id: number;
  nodeId: string;
  headSha: string;
  name: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required" | "stale" | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  appSlug: string;
  checkSuiteId: number;
}

export interface StatusRecord {
  id: number;
  nodeId: string;
  sha: string;
  state: "pending" | "success" | "failure" | "error";
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

/** Branch protection of the default branch, as far as merges care. */
export interface BranchProtection {
  requiredChecks: string[];
  requiredApprovals: number;
  requireUpToDate: boolean;
  dismissStaleReviews: boolean;
}
