/**
 * What the graphs need from the code forge (GitHub). Numbers are issue/PR numbers of the configured
 * repository; the adapter knows owner and name.
 */
export interface ForgeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
  url: string;
  author: string;
  createdAt: string;
  updatedAt: string;
  /** When it was last closed (null while open). */
  closedAt?: string | null;
  isPullRequest: boolean;
}

export interface ForgeComment {
  id: number;
  body: string;
  author: string;
  url: string;
  createdAt: string;
}

export interface ForgePullRequest {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  merged: boolean;
  mergeCommitSha: string | null;
  draft: boolean;
  mergeable: boolean | null;
  mergeableState: string;
  headSha: string;
  headRef: string;
  baseRef: string;
  author: string;
  labels: string[];
  url: string;
  additions: number;
  deletions: number;
  changedFiles: number;
  createdAt: string;
  updatedAt: string;
  mergedAt?: string | null;
  closedAt?: string | null;
}

export interface ForgeCheck {
  name: string;
  status: "queued" | "in_progress" | "completed" | "pending";
  conclusion: string | null;
  /** "check-run" or "status" (the two GitHub APIs). */
  source: "check-run" | "status";
  url?: string;
  /** Check run id (check runs only), for a re-run. */
  id?: number;
  startedAt?: string | null;
  completedAt?: string | null;
  /** A check run's output title and summary, or a status's description (e.g. "Coverage 84.2%"). */
  summary?: string;
}

export interface ForgeRepository {
  fullName: string;
  defaultBranch: string;
  private: boolean;
  /** Token permissions as GitHub reports them for this repository (admin, push, pull, …). */
  permissions: Record<string, boolean>;
  cloneUrl: string;
}

export interface CreateIssueInput {
  title: string;
  body: string;
  labels?: string[];
}

export interface LabelSpec {
  name: string;
  /** Six hex digits, no '#'. */
  color: string;
  description: string;
}

export interface MergeInput {
  number: number;
  /** The head SHA that was reviewed; GitHub refuses the merge (409) if the head moved. */
  sha: string;
  method: "merge" | "squash" | "rebase";
  title?: string;
}

/** One file of a pull request or a comparison, as GitHub lists it. */
export interface ForgeFileChange {
  path: string;
  previousPath?: string;
  status: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  additions: number;
  deletions: number;
  /** Unified diff hunks; absent for binary files and for diffs GitHub considers too large. */
  patch?: string;
}

export interface ForgeComparison {
  /** How head relates to base: "ahead" means base is an ancestor of head (an incremental diff is possible). */
  status: "ahead" | "behind" | "diverged" | "identical";
  aheadBy: number;
  files: ForgeFileChange[];
}

export type ForgeReviewEvent = "COMMENT" | "REQUEST_CHANGES" | "APPROVE";

export interface ForgeReview {
  id: number;
  author: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
  /** The head commit the review was given on. */
  commitId: string | null;
  body: string;
  submittedAt: string | null;
}

/** An inline comment of a new review, anchored on the new side of the diff. */
export interface ReviewCommentInput {
  path: string;
  line: number;
  /** First line of a multi-line comment (same hunk as `line`). */
  startLine?: number;
  body: string;
}

export interface CreateReviewInput {
  number: number;
  /** The head SHA that was reviewed: GitHub anchors the comments on it. */
  commitId: string;
  event: ForgeReviewEvent;
  body: string;
  comments: ReviewCommentInput[];
}

/** A review thread (GraphQL PullRequestReviewThread) with its comments, oldest first. */
export interface ForgeReviewThread {
  /** GraphQL node id, for resolveReviewThread. */
  id: string;
  isResolved: boolean;
  /** The lines it was anchored on changed since. */
  isOutdated: boolean;
  path: string;
  /** Current line (null when outdated) and the line it was first placed on. */
  line: number | null;
  originalLine: number | null;
  startLine: number | null;
  comments: { id: number; author: string; body: string }[];
}

/** One event of GitHub's issue timeline, reduced to what a person reads. */
export interface ForgeTimelineEvent {
  /** GitHub's event name: committed, reviewed, commented, labeled, unlabeled, merged, closed, reopened, ready_for_review, … */
  event: string;
  actor: string | null;
  at: string | null;
  /** The label, the review state, the commit's short sha and message… */
  detail: string;
}

export interface CreatePullRequestInput {
  title: string;
  body: string;
  /** Branch with the changes (in this repository). */
  head: string;
  /** Branch to merge into (the default branch). */
  base: string;
  draft?: boolean;
}

export interface ForgePort {
  getRepository(): Promise<ForgeRepository>;
  getIssue(number: number): Promise<ForgeIssue>;
  listIssues(query: { state?: "open" | "closed" | "all"; labels?: string[]; since?: string; max?: number }): Promise<ForgeIssue[]>;
  createIssue(input: CreateIssueInput): Promise<ForgeIssue>;
  /**
   * GitHub issue search restricted to this repository and to issues (not PRs); `query` is free text plus
   * qualifiers (e.g. `is:open`). The index lags by a minute or so: use it to find candidates, not facts.
   */
  searchIssues(query: string, max?: number): Promise<ForgeIssue[]>;
  /** Lookup-before-create: an issue whose body contains the marker, among recent issues. */
  findIssueByMarker(marker: string): Promise<ForgeIssue | null>;
  addLabels(number: number, labels: string[]): Promise<string[]>;
  removeLabel(number: number, label: string): Promise<void>;
  /** Creates the labels the repository lacks (name, colour, description); returns the names it created. */
  ensureLabels(labels: LabelSpec[]): Promise<string[]>;
  closeIssue(number: number, reason: "completed" | "not_planned"): Promise<ForgeIssue>;
  /** Text of a file at `ref` (default: the default branch), or null when there is none. */
  getFileText(path: string, ref?: string): Promise<string | null>;
  listComments(number: number): Promise<ForgeComment[]>;
  createComment(number: number, body: string): Promise<ForgeComment>;
  updateComment(commentId: number, body: string): Promise<ForgeComment>;
  /** Lookup-before-create for comments. */
  findCommentByMarker(number: number, marker: string): Promise<ForgeComment | null>;
  getPullRequest(number: number): Promise<ForgePullRequest>;
  listPullRequests(query: { state?: "open" | "closed" | "all"; max?: number }): Promise<ForgePullRequest[]>;
  listChecks(ref: string): Promise<ForgeCheck[]>;
  mergePullRequest(input: MergeInput): Promise<{ sha: string; merged: boolean }>;
  /** Write access (admin, maintain or write) of a GitHub login on the repository. */
  hasWriteAccess(login: string): Promise<boolean>;
  /** Every file of a PR (all pages; GitHub stops at 3,000 files). */
  listPullRequestFiles(number: number): Promise<ForgeFileChange[]>;
  /** Files changed between two commits (base...head). */
  compareCommits(base: string, head: string): Promise<ForgeComparison>;
  listReviews(number: number): Promise<ForgeReview[]>;
  /** One submitted review with its inline comments. */
  createReview(input: CreateReviewInput): Promise<ForgeReview>;
  dismissReview(number: number, reviewId: number, message: string): Promise<ForgeReview>;
  /** Every review thread of a PR (GraphQL, all pages). */
  listReviewThreads(number: number): Promise<ForgeReviewThread[]>;
  replyToReviewComment(number: number, commentId: number, body: string): Promise<{ id: number }>;
  resolveReviewThread(threadId: string): Promise<void>;
  /** Merges the base into the PR branch (GitHub "Update branch"); refused (409/422) if the head is no longer `expectedHeadSha`. */
  updateBranch(number: number, expectedHeadSha: string): Promise<void>;
  /** Asks GitHub to run a check run again (its app re-runs it). */
  rerequestCheckRun(checkRunId: number): Promise<void>;
  /** Recent events of an issue or PR, oldest first (GitHub's timeline: commits, reviews, comments, labels, merges). */
  listTimeline(number: number, max?: number): Promise<ForgeTimelineEvent[]>;
  /** Deletes a branch (after a merge); a branch that is already gone is not an error. */
  deleteBranch(branch: string): Promise<void>;
  /**
   * Opens a pull request that reverts a merged one (GitHub GraphQL `revertPullRequest`): a new branch with the revert
   * commit, on the base branch the PR was merged into.
   */
  createRevertPullRequest(number: number, input: { title: string; body: string }): Promise<ForgePullRequest>;
  /** Opens a pull request from a branch of this repository. */
  createPullRequest(input: CreatePullRequestInput): Promise<ForgePullRequest>;
  /** Lookup-before-create for pull requests: the newest PR (any state) whose head is `branch`, or null. */
  findPullRequestByHead(branch: string): Promise<ForgePullRequest | null>;
  /**
   * Commits one file (created or replaced) on `branch`, creating the branch from the default branch's head when it
   * does not exist (git refs + contents API; no clone). For an approved prompt or config change's PR.
   */
  commitFile(input: { branch: string; path: string; content: string; message: string }): Promise<{ sha: string }>;
  /**
   * Paths of the files (blobs) at `ref` (default: the default branch), sorted, at most `max` (git trees API,
   * recursive). `truncated` says GitHub or `max` cut the list short. The planner's map of the code.
   */
  listFiles(query?: { ref?: string; max?: number }): Promise<{ paths: string[]; truncated: boolean }>;
}
