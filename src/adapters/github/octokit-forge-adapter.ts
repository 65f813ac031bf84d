import type { Octokit } from "@octokit/rest";
import { AppError, ErrorCode } from "../../core/errors.js";
import type { Logger } from "../../core/logger.js";
import type {
  CreateIssueInput,
  CreatePullRequestInput,
  CreateReviewInput,
  ForgeCheck,
  ForgeComment,
  ForgeIssue,
  ForgePort,
  ForgePullRequest,
  ForgeRepository,
  ForgeTimelineEvent,
  LabelSpec,
  MergeInput,
} from "../../core/ports/forge-port.js";
import { gitBlobSha } from "./git-blob-sha.js";
import { decodeFileContent, isTooLargeError, isUnknownRefError, messageOf, statusOf, toFileChange, toReview, validationCodes } from "./github-responses.js";
import { scopeIssueSearch } from "./issue-search-query.js";
import { mapGithubError } from "./map-github-error.js";
import { fetchReviewThreads, RESOLVE_THREAD_MUTATION } from "./review-threads-query.js";

/**
 * ForgePort over Octokit (REST). Notes on the choices:
 * - Non-idempotent writes (create issue, create comment, merge) go out with `request.retries = 0`: the
 *   retry plugin would otherwise re-POST after a 502 and create a duplicate. Our job queue retries them,
 *   and the effects ledger looks the marker up first.
 * - Marker lookups scan recent issues/comments through the issues API, not the search API, whose index
 *   lags behind writes by seconds to minutes.
 * - Checks merge the Checks API (GitHub Actions and apps) with commit statuses (older CI): "all green"
 *   needs both.
 * - searchIssues uses the search API (its own, stricter rate limit of 30 a minute; 422 for a query GitHub
 *   cannot run) and always scopes the query to this repository and to issues.
 * - Reviews, review comments and replies are creating writes too (`NO_RETRY`); review threads and their
 *   resolution exist only in GraphQL (review-threads-query.ts), which goes through the same Octokit and
 *   the same error mapping.
 * - A revert PR is opened through GraphQL only (`revertPullRequest`, which needs the PR's node id from REST),
 *   without retries like the other creating writes; deleting a branch that is already gone counts as done.
 * - Update branch always passes the head SHA the caller looked at, like merges; a branch that is already up to
 *   date counts as done. The timeline is read from its last page backwards, since GitHub lists it oldest first.
 * - Opening a PR is a creating write (`NO_RETRY`); callers look it up first with findPullRequestByHead, which
 *   filters GitHub's PR list by `head=<owner>:<branch>` in every state.
 * - commitFile uses git refs and the contents API (no clone). GitHub commits even unchanged content, so the blob
 *   sha of the new content is compared with the file's first: a repeat after a lost answer then makes no second
 *   commit. The write itself goes out `NO_RETRY`; a branch that moved in between is read again once.
 * - listFiles reads one recursive git tree: GitHub cuts it (`truncated`) past 100,000 entries or 7 MB.
 */

export interface OctokitForgeAdapterOptions {
  /** Any Octokit with the REST methods and paginate (the one from createOctokit in production). */
  octokit: Octokit;
  owner: string;
  repo: string;
  logger: Logger;
  /** How many recent issues findIssueByMarker scans (default 300). */
  markerScanLimit?: number;
  /** Upper bound for list calls without `max` (default 1000). */
  defaultListMax?: number;
}

const NO_RETRY = { request: { retries: 0 } } as const;

/** Revert PRs exist only in GraphQL; the new PR is then read through REST like any other. */
const REVERT_PULL_REQUEST_MUTATION = `mutation ($pullRequestId: ID!, $title: String, $body: String) {
  revertPullRequest(input: { pullRequestId: $pullRequestId, title: $title, body: $body, draft: false }) {
    revertPullRequest { number }
  }
}`;

/** How many paths listFiles returns without `max`. */
const LIST_FILES_MAX = 5000;

/** GitHub's 422 for creating a ref that another writer created first. */
function isRefAlreadyThere(e: unknown): boolean {
  return statusOf(e) === 422 && /reference already exists/i.test(messageOf(e));
}

/** GitHub's 409 for Git Data reads of a repository that has no commit yet. */
function isEmptyRepository(e: unknown): boolean {
  return statusOf(e) === 409 && /repository is empty/i.test(messageOf(e));
}

/**
 * The contents API refused a write because the file is no longer what was read: its sha moved (409) or it
 * appeared in the meantime (422 `"sha" wasn't supplied`).
 */
function isStaleFileRead(e: unknown): boolean {
  return statusOf(e) === 409 || (statusOf(e) === 422 && /"sha" wasn't supplied/i.test(messageOf(e)));
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** GitHub's 422 for deleting a ref that is not there (DELETE /git/refs/heads/…). */
function isMissingRef(e: unknown): boolean {
  return statusOf(e) === 404 || (statusOf(e) === 422 && messageOf(e) === "Reference does not exist");
}

type Label = string | { name?: string | null };
type User = { login?: string | null } | null | undefined;

function labelNames(labels: Label[] | undefined): string[] {
  return (labels ?? []).map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean);
}

function login(user: User): string {
  return user?.login ?? "ghost";
}

interface IssueData {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  labels: Label[];
  html_url: string;
  user: User;
  created_at: string;
  updated_at: string;
  closed_at?: string | null;
  pull_request?: unknown;
}

function toIssue(d: IssueData): ForgeIssue {
  return {
    number: d.number,
    title: d.title,
    body: d.body ?? "",
    state: d.state === "closed" ? "closed" : "open",
    labels: labelNames(d.labels),
    url: d.html_url,
    author: login(d.user),
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    closedAt: d.closed_at ?? null,
    isPullRequest: Boolean(d.pull_request),
  };
}

interface CommentData {
  id: number;
  body?: string | null;
  user: User;
  html_url: string;
  created_at: string;
}

function toComment(d: CommentData): ForgeComment {
  return { id: d.id, body: d.body ?? "", author: login(d.user), url: d.html_url, createdAt: d.created_at };
}

interface PullData {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  merged?: boolean;
  merged_at?: string | null;
  closed_at?: string | null;
  merge_commit_sha?: string | null;
  draft?: boolean;
  mergeable?: boolean | null;
  mergeable_state?: string;
  head: { sha: string; ref: string };
  base: { ref: string };
  user: User;
  labels: Label[];
  html_url: string;
  additions?: number;
  deletions?: number;
  changed_files?: number;
  created_at: string;
  updated_at: string;
}

function toPull(d: PullData): ForgePullRequest {
  const merged = d.merged ?? Boolean(d.merged_at);
  return {
    number: d.number,
    title: d.title,
    body: d.body ?? "",
    state: d.state === "closed" ? "closed" : "open",
    merged,
    mergeCommitSha: merged ? (d.merge_commit_sha ?? null) : null,
    draft: Boolean(d.draft),
    mergeable: d.mergeable ?? null,
    mergeableState: d.mergeable_state ?? "unknown",
    headSha: d.head.sha,
    headRef: d.head.ref,
    baseRef: d.base.ref,
    author: login(d.user),
    labels: labelNames(d.labels),
    url: d.html_url,
    additions: d.additions ?? 0,
    deletions: d.deletions ?? 0,
    changedFiles: d.changed_files ?? 0,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    mergedAt: d.merged_at ?? null,
    closedAt: d.closed_at ?? null,
  };
}

function checkRunStatus(status: string): ForgeCheck["status"] {
  if (status === "completed" || status === "in_progress" || status === "queued") return status;
  if (status === "pending") return "pending";
  return "queued"; // waiting, requested
}

/**
 * A commit status has no start time of its own: CI posts "pending" when it starts and the verdict when it ends,
 * each as a new status. The run began with the oldest "pending" directly before the latest status.
 */
function statusStartedAt(newestFirst: ReadonlyArray<{ state: string; created_at: string }>): string {
  let started = newestFirst[0]!.created_at;
  for (const s of newestFirst.slice(1)) {
    if (s.state !== "pending") break;
    started = s.created_at;
  }
  return started;
}

/** GitHub's 422 for an update-branch whose `expected_head_sha` is no longer the head. */
function isHeadMoved(e: unknown): boolean {
  return statusOf(e) === 422 && /expected head sha/i.test(messageOf(e));
}

/** GitHub's 422 for an update-branch when the head already contains the base. */
function isNothingToUpdate(e: unknown): boolean {
  return statusOf(e) === 422 && /no new commits on the base branch/i.test(messageOf(e));
}

/**
 * Update branch refused because the head is no longer the one the caller looked at. Not retryable: the same
 * request would be refused again; whoever decided must look at the new head first.
 */
export function headMovedError(number: number, expectedHeadSha: string, cause?: unknown): AppError {
  return new AppError(ErrorCode.Conflict, `GitHub update branch of #${number} was refused: the head is no longer ${expectedHeadSha.slice(0, 12)} (someone pushed since)`, {
    retryable: false,
    details: { status: 422, expectedHeadSha },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The `page` of the Link header's rel="last", when there is more than one page. */
function lastPageOf(link: string | undefined): number | null {
  const m = link ? /<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link) : null;
  return m ? Number(m[1]) : null;
}

/** The parts of a timeline event we read (GitHub's union of event shapes, loosely). */
interface TimelineData {
  event?: string;
  actor?: User;
  user?: User;
  created_at?: string;
  submitted_at?: string;
  state?: string;
  body?: string | null;
  label?: { name?: string };
  sha?: string;
  message?: string;
  author?: { name?: string; date?: string };
  committer?: { date?: string };
}

function toTimelineEvent(d: TimelineData): ForgeTimelineEvent {
  const event = d.event ?? "unknown";
  // Commits and reviews carry no `actor`/`created_at`: the review's `user`, the commit's git author and dates stand in.
  const actor = d.actor?.login ?? d.user?.login ?? (event === "committed" ? (d.author?.name ?? null) : null);
  const at = d.created_at ?? d.submitted_at ?? d.committer?.date ?? d.author?.date ?? null;
  let detail: string;
  if (event === "committed") detail = `${(d.sha ?? "").slice(0, 7)} ${(d.message ?? "").split("\n")[0]}`.trim();
  else if (event === "reviewed") detail = (d.state ?? "").toLowerCase().replace(/_/g, " ");
  else if (event === "commented") detail = (d.body ?? "").slice(0, 80);
  else if (event === "labeled" || event === "unlabeled") detail = d.label?.name ?? "";
  else detail = event;
  return { event, actor, at, detail };
}

export function createOctokitForgeAdapter(options: OctokitForgeAdapterOptions): ForgePort {
  const { octokit, owner, repo } = options;
  const logger = options.logger.child({ component: "github", repository: `${owner}/${repo}` });
  const markerScanLimit = options.markerScanLimit ?? 300;
  const defaultListMax = options.defaultListMax ?? 1000;
  const repository = `${owner}/${repo}`;

  async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const error = mapGithubError(e, { operation, repository });
      logger.debug({ operation, code: error.code, retryable: error.retryable, details: error.details }, "GitHub call failed");
      throw error;
    }
  }

  /** Pages through a list endpoint (100 per page) and stops as soon as `max` items or a match is found. */
  async function collect<T, R>(
    iterator: AsyncIterable<{ data: T[] }>,
    max: number,
    map: (item: T) => R,
    stopWhen?: (item: R) => boolean,
  ): Promise<{ items: R[]; found?: R }> {
    const items: R[] = [];
    for await (const page of iterator) {
      for (const raw of page.data) {
        const item = map(raw);
        if (stopWhen?.(item)) return { items, found: item };
        items.push(item);
        if (items.length >= max) return { items };
      }
    }
    return { items };
  }

  /** Head of `branch`, after creating it from the default branch's head when it does not exist. */
  async function branchHead(branch: string): Promise<string> {
    try {
      const { data } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
      return data.object.sha;
    } catch (e) {
      if (statusOf(e) !== 404) throw e;
    }
    const { data: repository } = await octokit.rest.repos.get({ owner, repo });
    const { data: base } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${repository.default_branch}` });
    try {
      await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: base.object.sha });
      logger.info({ branch, from: repository.default_branch, sha: base.object.sha }, "created branch");
      return base.object.sha;
    } catch (e) {
      // Another attempt created it first: carry on from wherever it is now.
      if (!isRefAlreadyThere(e)) throw e;
      const { data } = await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
      return data.object.sha;
    }
  }

  /** Blob sha of the file at `path` in commit `sha`; null when there is none. Anything but a file is refused. */
  async function fileBlobSha(path: string, sha: string, branch: string): Promise<string | null> {
    let data: unknown;
    try {
      ({ data } = await octokit.rest.repos.getContent({ owner, repo, path, ref: sha }));
    } catch (e) {
      if (statusOf(e) === 404 && !isUnknownRefError(e)) return null;
      if (!isTooLargeError(e)) throw e;
      // Over 1 MB the contents API serves no file, but its directory still lists it with its sha.
      const slash = path.lastIndexOf("/");
      const listing = await octokit.rest.repos.getContent({ owner, repo, path: slash === -1 ? "" : path.slice(0, slash), ref: sha });
      data = Array.isArray(listing.data) ? listing.data.find((entry) => entry.path === path) : undefined;
      if (!data) return null;
    }
    const kind = Array.isArray(data) ? "dir" : String((data as { type?: unknown }).type);
    if (kind !== "file") {
      throw new AppError(ErrorCode.Conflict, `GitHub commit ${path} on ${branch}: ${path} is a ${kind === "dir" ? "directory" : kind} there, not a file`, { details: { path, branch, type: kind } });
    }
    return String((data as { sha: unknown }).sha);
  }

  const issuesIterator = (params: { state: "open" | "closed" | "all"; labels?: string; since?: string; sort?: "created" | "updated"; direction?: "asc" | "desc" }) =>
    octokit.paginate.iterator(octokit.rest.issues.listForRepo, { owner, repo, per_page: 100, ...params });

  const adapter: ForgePort = {
    getRepository: () =>
      call("get repository", async (): Promise<ForgeRepository> => {
        const { data } = await octokit.rest.repos.get({ owner, repo });
        const permissions: Record<string, boolean> = {};
        for (const [k, v] of Object.entries(data.permissions ?? {})) if (typeof v === "boolean") permissions[k] = v;
        return { fullName: data.full_name, defaultBranch: data.default_branch, private: data.private, permissions, cloneUrl: data.clone_url };
      }),

    getIssue: (number) =>
      call(`get issue #${number}`, async () => {
        const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: number });
        return toIssue(data as IssueData);
      }),

    listIssues: (query) =>
      call("list issues", async () => {
        const max = query.max ?? defaultListMax;
        if (max <= 0) return [];
        const { items } = await collect(
          issuesIterator({
            state: query.state ?? "open",
            ...(query.labels?.length ? { labels: query.labels.join(",") } : {}),
            ...(query.since ? { since: query.since } : {}),
          }),
          max,
          (d) => toIssue(d as IssueData),
        );
        return items;
      }),

    createIssue: (input: CreateIssueInput) =>
      call("create issue", async () => {
        const { data } = await octokit.rest.issues.create({ owner, repo, title: input.title, body: input.body, ...(input.labels?.length ? { labels: input.labels } : {}), ...NO_RETRY });
        logger.info({ issue: data.number }, "created GitHub issue");
        return toIssue(data as IssueData);
      }),

    searchIssues: (query, max = 20) =>
      call("search issues", async () => {
        if (max <= 0) return [];
        const q = scopeIssueSearch(query, owner, repo);
        const { items } = await collect(
          octokit.paginate.iterator(octokit.rest.search.issuesAndPullRequests, { q, per_page: Math.min(100, max) }),
          max,
          (d) => toIssue(d as IssueData),
        );
        // `is:issue` already excludes pull requests; this guards against a query that slipped one through.
        return items.filter((i) => !i.isPullRequest);
      }),

    findIssueByMarker: (marker) =>
      call("find issue by marker", async () => {
        const { found } = await collect(
          issuesIterator({ state: "all", sort: "created", direction: "desc" }),
          markerScanLimit,
          (d) => toIssue(d as IssueData),
          (issue) => issue.body.includes(marker),
        );
        return found ?? null;
      }),

    addLabels: (number, labels) =>
      call(`add labels to #${number}`, async () => {
        if (labels.length === 0) {
          const { data } = await octokit.rest.issues.get({ owner, repo, issue_number: number });
          return labelNames(data.labels as Label[]);
        }
        // Adding a label twice is a no-op on GitHub, so this POST may be retried safely.
        const { data } = await octokit.rest.issues.addLabels({ owner, repo, issue_number: number, labels });
        return labelNames(data);
      }),

    removeLabel: (number, label) =>
      call(`remove label from #${number}`, async () => {
        try {
          await octokit.rest.issues.removeLabel({ owner, repo, issue_number: number, name: label });
        } catch (e) {
          // "Label does not exist" (on this issue): the label is already gone, which is what we wanted.
          if (statusOf(e) === 404 && messageOf(e) === "Label does not exist") return;
          throw e;
        }
      }),

    ensureLabels: (specs: LabelSpec[]) =>
      call("ensure labels", async () => {
        const existing = new Set<string>();
        for await (const page of octokit.paginate.iterator(octokit.rest.issues.listLabelsForRepo, { owner, repo, per_page: 100 })) {
          for (const label of page.data) existing.add(label.name.toLowerCase());
        }
        const created: string[] = [];
        for (const spec of specs) {
          // GitHub label names are unique case-insensitively.
          const key = spec.name.toLowerCase();
          if (existing.has(key)) continue;
          existing.add(key);
          try {
            await octokit.rest.issues.createLabel({ owner, repo, name: spec.name, color: spec.color.replace(/^#/, ""), description: spec.description });
            created.push(spec.name);
          } catch (e) {
            // Someone (another worker, a person) created it since we listed: it exists, which is what we wanted.
            if (statusOf(e) === 422 && validationCodes(e).includes("already_exists")) continue;
            throw e;
          }
        }
        if (created.length) logger.info({ labels: created }, "created GitHub labels");
        return created;
      }),

    closeIssue: (number, reason) =>
      call(`close issue #${number}`, async () => {
        const { data } = await octokit.rest.issues.update({ owner, repo, issue_number: number, state: "closed", state_reason: reason });
        return toIssue(data as IssueData);
      }),

    getFileText: (path, ref) =>
      call(`read file ${path}${ref ? ` at ${ref.slice(0, 40)}` : ""}`, async () => {
        try {
          // No ref: the default branch.
          const { data } = await octokit.rest.repos.getContent({ owner, repo, path: path.replace(/^\/+/, ""), ...(ref ? { ref } : {}) });
          return decodeFileContent(data);
        } catch (e) {
          // A ref that names no commit is the caller's mistake, not a missing file: it stays an error.
          if (isUnknownRefError(e)) throw e;
          if (statusOf(e) === 404 || isTooLargeError(e)) return null;
          throw e;
        }
      }),

    listComments: (number) =>
      call(`list comments of #${number}`, async () => {
        const { items } = await collect(
          octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 }),
          Number.MAX_SAFE_INTEGER,
          (d) => toComment(d as CommentData),
        );
        return items;
      }),

    createComment: (number, body) =>
      call(`comment on #${number}`, async () => {
        const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body, ...NO_RETRY });
        return toComment(data as CommentData);
      }),

    updateComment: (commentId, body) =>
      call(`update comment ${commentId}`, async () => {
        const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: commentId, body });
        return toComment(data as CommentData);
      }),

    findCommentByMarker: (number, marker) =>
      call(`find comment on #${number}`, async () => {
        const { found } = await collect(
          octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 }),
          Number.MAX_SAFE_INTEGER,
          (d) => toComment(d as CommentData),
          (comment) => comment.body.includes(marker),
        );
        return found ?? null;
      }),

    getPullRequest: (number) =>
      call(`get pull request #${number}`, async () => {
        const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
        return toPull(data as PullData);
      }),

    listPullRequests: (query) =>
      call("list pull requests", async () => {
        const max = query.max ?? defaultListMax;
        if (max <= 0) return [];
        const { items } = await collect(
          octokit.paginate.iterator(octokit.rest.pulls.list, { owner, repo, state: query.state ?? "open", sort: "created", direction: "desc", per_page: 100 }),
          max,
          (d) => toPull(d as PullData),
        );
        return items;
      }),

    listChecks: (ref) =>
      call(`list checks of ${ref.slice(0, 12)}`, async () => {
        const runs = await octokit.paginate(octokit.rest.checks.listForRef, { owner, repo, ref, per_page: 100 });
        const statuses = await octokit.paginate(octokit.rest.repos.listCommitStatusesForRef, { owner, repo, ref, per_page: 100 });
        const checks: ForgeCheck[] = runs.map((r) => ({
          name: r.name,
          status: checkRunStatus(r.status),
          conclusion: r.conclusion ?? null,
          source: "check-run" as const,
          ...(r.details_url || r.html_url ? { url: (r.details_url || r.html_url) ?? undefined } : {}),
          id: r.id,
          startedAt: r.started_at ?? null,
          completedAt: r.completed_at ?? null,
          ...(r.output?.title || r.output?.summary ? { summary: [r.output.title, r.output.summary].filter(Boolean).join("\n") } : {}),
        }));
        // Statuses come newest first; only the latest per context counts, as in GitHub's combined status.
        const byContext = new Map<string, typeof statuses>();
        for (const s of statuses) byContext.set(s.context, [...(byContext.get(s.context) ?? []), s]);
        for (const [context, history] of byContext) {
          const latest = history[0]!;
          checks.push({
            name: context,
            status: latest.state === "pending" ? "pending" : "completed",
            conclusion: latest.state === "pending" ? null : latest.state,
            source: "status",
            ...(latest.target_url ? { url: latest.target_url } : {}),
            startedAt: statusStartedAt(history),
            completedAt: latest.state === "pending" ? null : latest.updated_at,
            ...(latest.description ? { summary: latest.description } : {}),
          });
        }
        return checks;
      }),

    mergePullRequest: (input: MergeInput) =>
      call(`merge #${input.number}`, async () => {
        const { data } = await octokit.rest.pulls.merge({
          owner,
          repo,
          pull_number: input.number,
          sha: input.sha,
          merge_method: input.method,
          ...(input.title ? { commit_title: input.title } : {}),
          ...NO_RETRY,
        });
        if (!data.merged) throw new AppError(ErrorCode.GithubApi, `GitHub did not merge #${input.number}: ${data.message}`, { details: { response: data } });
        logger.info({ pr: input.number, sha: data.sha, method: input.method }, "merged pull request");
        return { sha: data.sha, merged: data.merged };
      }),

    hasWriteAccess: (user) =>
      call(`check permission of ${user}`, async () => {
        try {
          const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: user });
          const role = (data as { role_name?: string }).role_name;
          return ["admin", "maintain", "write"].includes(data.permission) || (role !== undefined && ["admin", "maintain", "write"].includes(role));
        } catch (e) {
          if (statusOf(e) === 404) return false;
          throw e;
        }
      }),

    listPullRequestFiles: (number) =>
      call(`list files of #${number}`, async () => {
        const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner, repo, pull_number: number, per_page: 100 });
        return files.map(toFileChange);
      }),

    compareCommits: (base, head) =>
      call(`compare ${base.slice(0, 40)}...${head.slice(0, 40)}`, async () => {
        // One page: GitHub puts the files (at most 300) on the first page only; later pages add commits.
        const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}` });
        return { status: data.status, aheadBy: data.ahead_by, files: (data.files ?? []).map(toFileChange) };
      }),

    listReviews: (number) =>
      call(`list reviews of #${number}`, async () => {
        const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100 });
        return reviews.map(toReview);
      }),

    createReview: (input: CreateReviewInput) =>
      call(`review #${input.number}`, async () => {
        const comments = input.comments.map((c) => ({
          path: c.path,
          line: c.line,
          side: "RIGHT" as const,
          // A one-line range goes out as a plain comment: GitHub wants start_line before line.
          ...(c.startLine !== undefined && c.startLine !== c.line ? { start_line: c.startLine, start_side: "RIGHT" as const } : {}),
          body: c.body,
        }));
        const { data } = await octokit.rest.pulls.createReview({
          owner,
          repo,
          pull_number: input.number,
          commit_id: input.commitId,
          event: input.event,
          body: input.body,
          ...(comments.length ? { comments } : {}),
          ...NO_RETRY,
        });
        logger.info({ pr: input.number, review: data.id, event: input.event, comments: comments.length }, "submitted pull request review");
        return toReview(data);
      }),

    dismissReview: (number, reviewId, message) =>
      call(`dismiss review ${reviewId} on #${number}`, async () => {
        const { data } = await octokit.rest.pulls.dismissReview({ owner, repo, pull_number: number, review_id: reviewId, message });
        return toReview(data);
      }),

    listReviewThreads: (number) => call(`list review threads of #${number}`, () => fetchReviewThreads(octokit.graphql, owner, repo, number)),

    replyToReviewComment: (number, commentId, body) =>
      call(`reply to review comment ${commentId} on #${number}`, async () => {
        const { data } = await octokit.rest.pulls.createReplyForReviewComment({ owner, repo, pull_number: number, comment_id: commentId, body, ...NO_RETRY });
        return { id: data.id };
      }),

    updateBranch: (number, expectedHeadSha) =>
      call(`update branch of #${number}`, async () => {
        try {
          await octokit.rest.pulls.updateBranch({ owner, repo, pull_number: number, expected_head_sha: expectedHeadSha });
          logger.info({ pr: number, from: expectedHeadSha }, "updated pull request branch");
        } catch (e) {
          // Someone pushed since the facts were read: merging the base now would act on a head nobody looked at.
          if (isHeadMoved(e)) throw headMovedError(number, expectedHeadSha, e);
          // Already up to date (by a person, or by an earlier attempt whose answer was lost): what we wanted.
          if (isNothingToUpdate(e)) return;
          throw e;
        }
      }),

    rerequestCheckRun: (checkRunId) =>
      call(`re-run check run ${checkRunId}`, async () => {
        await octokit.rest.checks.rerequestRun({ owner, repo, check_run_id: checkRunId });
        logger.info({ checkRun: checkRunId }, "re-requested check run");
      }),

    listTimeline: (number, max = 100) =>
      call(`list timeline of #${number}`, async () => {
        if (max <= 0) return [];
        // Oldest first on GitHub: the recent events are on the last pages, so read backwards from the last one.
        const params = { owner, repo, issue_number: number, per_page: 100 };
        const first = await octokit.rest.issues.listEventsForTimeline({ ...params, page: 1 });
        const last = lastPageOf(first.headers.link) ?? 1;
        let events: TimelineData[] = [];
        for (let page = last; page > 1 && events.length < max; page--) {
          const { data } = await octokit.rest.issues.listEventsForTimeline({ ...params, page });
          events = [...(data as TimelineData[]), ...events];
        }
        if (events.length < max) events = [...(first.data as TimelineData[]), ...events];
        return events.slice(-max).map(toTimelineEvent);
      }),

    deleteBranch: (branch) =>
      call(`delete branch ${branch}`, async () => {
        try {
          await octokit.rest.git.deleteRef({ owner, repo, ref: `heads/${branch}` });
          logger.info({ branch }, "deleted branch");
        } catch (e) {
          // Gone already (deleted on merge, by a person, or by an earlier attempt whose answer was lost).
          if (isMissingRef(e)) return;
          throw e;
        }
      }),

    createRevertPullRequest: (number, input) =>
      call(`revert #${number}`, async () => {
        const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
        const res = await octokit.graphql<{ revertPullRequest: { revertPullRequest: { number: number } | null } | null }>(REVERT_PULL_REQUEST_MUTATION, {
          pullRequestId: data.node_id,
          title: input.title,
          body: input.body,
          ...NO_RETRY,
        });
        const created = res.revertPullRequest?.revertPullRequest?.number;
        if (created === undefined) {
          throw new AppError(ErrorCode.GithubApi, `GitHub did not say which pull request reverts #${number}`, { details: { response: res } });
        }
        logger.info({ pr: number, revert: created }, "opened revert pull request");
        return adapter.getPullRequest(created);
      }),

    createPullRequest: (input: CreatePullRequestInput) =>
      call(`open pull request from ${input.head}`, async () => {
        const { data } = await octokit.rest.pulls.create({
          owner,
          repo,
          title: input.title,
          body: input.body,
          head: input.head,
          base: input.base,
          ...(input.draft ? { draft: true } : {}),
          ...NO_RETRY,
        });
        logger.info({ pr: data.number, head: input.head, base: input.base, draft: Boolean(input.draft) }, "opened pull request");
        return toPull(data as PullData);
      }),

    findPullRequestByHead: (branch) =>
      call(`find pull request from ${branch}`, async () => {
        const { data } = await octokit.rest.pulls.list({ owner, repo, head: `${owner}:${branch}`, state: "all", sort: "created", direction: "desc", per_page: 1 });
        const newest = data[0];
        return newest ? toPull(newest as PullData) : null;
      }),

    commitFile: (input) =>
      call(`commit ${input.path} on ${input.branch}`, async () => {
        const path = input.path.replace(/^\/+/, "");
        const wanted = gitBlobSha(input.content);
        const content = Buffer.from(input.content, "utf8").toString("base64");
        for (let attempt = 1; ; attempt++) {
          const head = await branchHead(input.branch);
          const current = await fileBlobSha(path, head, input.branch);
          if (current === wanted) {
            logger.info({ branch: input.branch, path, sha: head }, "file already has this content; no commit");
            return { sha: head };
          }
          try {
            const { data } = await octokit.rest.repos.createOrUpdateFileContents({
              owner,
              repo,
              path,
              message: input.message,
              content,
              branch: input.branch,
              ...(current ? { sha: current } : {}),
              ...NO_RETRY,
            });
            const sha = data.commit.sha;
            if (!sha) throw new AppError(ErrorCode.GithubApi, `GitHub did not say which commit wrote ${path} on ${input.branch}`, { details: { response: data } });
            logger.info({ branch: input.branch, path, sha, created: current === null }, "committed file");
            return { sha };
          } catch (e) {
            // Someone pushed to the branch between the read and the write: read it again, once.
            if (attempt < 2 && isStaleFileRead(e)) continue;
            throw e;
          }
        }
      }),

    listFiles: (query = {}) =>
      call(`list files${query.ref ? ` at ${query.ref.slice(0, 40)}` : ""}`, async () => {
        const max = Math.max(0, query.max ?? LIST_FILES_MAX);
        const ref = query.ref ?? (await octokit.rest.repos.get({ owner, repo })).data.default_branch;
        try {
          const { data } = await octokit.rest.git.getTree({ owner, repo, tree_sha: ref, recursive: "1" });
          const paths = data.tree.filter((e) => e.type === "blob" && typeof e.path === "string").map((e) => e.path as string).sort(byCodeUnits);
          return { paths: paths.slice(0, max), truncated: data.truncated || paths.length > max };
        } catch (e) {
          // No commit yet: the default branch has no files, which is a fact, not a failure.
          if (query.ref === undefined && isEmptyRepository(e)) return { paths: [], truncated: false };
          throw e;
        }
      }),

    resolveReviewThread: (threadId) =>
      call(`resolve review thread ${threadId}`, async () => {
        // Resolving a resolved thread is a no-op on GitHub, so this mutation may be retried.
        await octokit.graphql(RESOLVE_THREAD_MUTATION, { threadId });
      }),
  };
  return adapter;
}
