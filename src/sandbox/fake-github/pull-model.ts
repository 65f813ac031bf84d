import { diffHunkFor, findLine, findPosition, parsePatch, type PatchLine } from "./diff-lines.js";
import { nodeId } from "./fake-ids.js";
import type { CommitInfo, DiffFile } from "./git-store.js";
import { FakeHttpError, httpError, notFound, unprocessable, validationFailed } from "./http-errors.js";
import type { IssueRecord, PullRecord, ReviewCommentRecord, ReviewRecord, ReviewState, ReviewThreadRecord } from "./model-types.js";
import type { FakeRepo } from "./repo-model.js";
import * as payloads from "./webhook-payloads.js";

export interface OpenPullRequestInput {
  /** Branch name, or `owner:branch`. */
  head: string;
  base?: string;
  title: string;
  body?: string | null;
  author?: string;
  draft?: boolean;
  maintainerCanModify?: boolean;
}

/** What GitHub computes for a pull request on every read. */
export interface PullInfo {
  headSha: string;
  baseSha: string;
  mergeBaseSha: string | null;
  mergeable: boolean | null;
  rebaseable: boolean | null;
  mergeableState: "clean" | "dirty" | "blocked" | "behind" | "unstable" | "draft" | "unknown" | "has_hooks";
  commits: number;
  additions: number;
  deletions: number;
  changedFiles: number;
}

export interface ReviewCommentInput {
  path?: string;
  line?: number;
  side?: "LEFT" | "RIGHT";
  start_line?: number;
  start_side?: "LEFT" | "RIGHT";
  position?: number;
  body?: string;
}

export type MergeMethod = "merge" | "squash" | "rebase";

/** Index of the hunk header a patch line belongs to. */
function hunkOf(lines: PatchLine[], line: PatchLine): number {
  let i = lines.indexOf(line);
  while (i > 0 && lines[i]?.kind !== "hunk") i--;
  return i;
}

const MERGE_DOCS = "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request";
const CLOSING_KEYWORDS = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+(?:([\w.-]+\/[\w.-]+))?#(\d+)\b/gi;

/** Pull requests, reviews, review comments and review threads of the fake repository. */
export class PullRequestModel {
  readonly reviews = new Map<number, ReviewRecord>();
  readonly reviewComments = new Map<number, ReviewCommentRecord>();
  readonly threads = new Map<string, ReviewThreadRecord>();
  /** Diff base recorded at merge time, so a merged PR keeps listing its files. */
  private readonly mergedBase = new Map<number, string | null>();
  /** The base branch's head just before the merge: what a revert goes back to, whatever the merge method. */
  private readonly baseBeforeMerge = new Map<number, string>();
  private readonly diffCache = new Map<string, Promise<DiffFile[]>>();

  constructor(private readonly repo: FakeRepo) {}

  private get git() {
    return this.repo.git;
  }

  // ---------------------------------------------------------------- pull requests

  get(number: number): IssueRecord & { pull: PullRecord } {
    const issue = this.repo.issues.get(number);
    if (!issue?.pull) throw notFound();
    return issue as IssueRecord & { pull: PullRecord };
  }

  all(): Array<IssueRecord & { pull: PullRecord }> {
    return [...this.repo.issues.values()].filter((i): i is IssueRecord & { pull: PullRecord } => Boolean(i.pull));
  }

  list(filter: { state?: "open" | "closed" | "all"; head?: string; base?: string; sort?: "created" | "updated" | "popularity" | "long-running"; direction?: "asc" | "desc" } = {}): Array<IssueRecord & { pull: PullRecord }> {
    const state = filter.state ?? "open";
    const head = filter.head?.includes(":") ? filter.head.split(":")[1] : filter.head;
    const sort = filter.sort ?? "created";
    const dir = (filter.direction ?? (sort === "long-running" ? "asc" : "desc")) === "asc" ? 1 : -1;
    return this.all()
      .filter((p) => (state === "all" || p.state === state) && (!head || p.pull.headRef === head) && (!filter.base || p.pull.baseRef === filter.base))
      .sort((a, b) => ((sort === "updated" ? Date.parse(a.updatedAt) - Date.parse(b.updatedAt) : Date.parse(a.createdAt) - Date.parse(b.createdAt)) || a.number - b.number) * dir);
  }

  private stripOwner(ref: string): string {
    const i = ref.indexOf(":");
    return i === -1 ? ref : ref.slice(i + 1);
  }

  async open(input: OpenPullRequestInput): Promise<IssueRecord & { pull: PullRecord }> {
    const repo = this.repo;
    if (typeof input.title !== "string" || !input.title.trim()) throw validationFailed([{ resource: "PullRequest", code: "missing_field", field: "title" }]);
    if (!input.head) throw validationFailed([{ resource: "PullRequest", code: "missing_field", field: "head" }]);
    const headRef = this.stripOwner(input.head);
    const baseRef = input.base ?? repo.defaultBranch;
    const headSha = await this.git.branchSha(headRef);
    const baseSha = await this.git.branchSha(baseRef);
    const invalid: Array<{ resource: string; code: "invalid"; field: string }> = [];
    if (!headSha) invalid.push({ resource: "PullRequest", code: "invalid", field: "head" });
    if (!baseSha) invalid.push({ resource: "PullRequest", code: "invalid", field: "base" });
    if (invalid.length || !headSha || !baseSha) throw validationFailed(invalid);
    const duplicate = this.all().find((p) => p.state === "open" && p.pull.headRef === headRef && p.pull.baseRef === baseRef);
    if (duplicate) throw validationFailed([{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${repo.owner}:${headRef}.` }]);
    if (await this.git.isAncestor(headSha, baseSha)) throw validationFailed([{ resource: "PullRequest", code: "custom", message: `No commits between ${baseRef} and ${headRef}` }]);

    const author = input.author ?? repo.tokenLogin;
    repo.touchUser(author);
    const record = repo.newIssueRecord({ title: input.title, body: input.body ?? null, author, at: repo.nowIso() });
    const number = record.number;
    const pullId = repo.nextId();
    const issue: IssueRecord & { pull: PullRecord } = {
      ...record,
      pull: {
        id: pullId,
        nodeId: nodeId("PR", pullId),
        headRef,
        baseRef,
        draft: Boolean(input.draft),
        headSha,
        baseSha,
        merged: false,
        mergedAt: null,
        mergedBy: null,
        mergeCommitSha: null,
        maintainerCanModify: input.maintainerCanModify ?? true,
      },
    };
    repo.issues.set(number, issue);
    await this.git.git(["update-ref", `refs/pull/${number}/head`, headSha]);
    repo.emit("pull_request", "opened", () => payloads.pullRequest(repo, "opened", number, author));
    return issue;
  }

  update(number: number, patch: { title?: string; body?: string | null; state?: "open" | "closed"; base?: string }, actor = this.repo.tokenLogin): Promise<IssueRecord> {
    const pr = this.get(number);
    return (async () => {
      if (patch.base && patch.base !== pr.pull.baseRef) {
        if (!(await this.git.branchSha(patch.base))) throw validationFailed([{ resource: "PullRequest", code: "invalid", field: "base" }]);
        pr.pull.baseRef = patch.base;
      }
      const { base: _base, ...issuePatch } = patch;
      return this.repo.updateIssue(number, issuePatch, actor);
    })();
  }

  /** Test helper: force `mergeable` (null = "GitHub is still computing"); undefined restores git's answer. */
  setMergeable(number: number, value: boolean | null | undefined): void {
    const pr = this.get(number);
    if (value === undefined) delete pr.pull.mergeableOverride;
    else pr.pull.mergeableOverride = value;
  }

  setDraft(number: number, draft: boolean, actor = this.repo.tokenLogin): void {
    const pr = this.get(number);
    if (pr.pull.draft === draft) return;
    pr.pull.draft = draft;
    pr.updatedAt = this.repo.nowIso();
    const action = draft ? "converted_to_draft" : "ready_for_review";
    this.repo.recordIssueEvent(number, draft ? "convert_to_draft" : "ready_for_review", actor);
    this.repo.emit("pull_request", action, () => payloads.pullRequest(this.repo, action, number, actor));
  }

  /** A branch moved: open pull requests with that head pick up the new sha. */
  async syncBranch(branch: string, pusher: string): Promise<void> {
    for (const pr of this.all()) {
      if (pr.state === "open" && pr.pull.headRef === branch) await this.syncHead(pr, pusher);
    }
  }

  /** Reads the head branch; a new sha is a `synchronize`, a deleted head branch closes the PR (as on GitHub). */
  async syncHead(pr: IssueRecord & { pull: PullRecord }, pusher = this.repo.tokenLogin): Promise<void> {
    if (pr.state !== "open") return;
    const current = await this.git.branchSha(pr.pull.headRef);
    if (pr.state !== "open") return;
    if (current === null) {
      pr.state = "closed";
      pr.closedAt = this.repo.nowIso();
      pr.updatedAt = pr.closedAt;
      pr.closedBy = pusher;
      this.repo.recordIssueEvent(pr.number, "closed", pusher);
      this.repo.emit("pull_request", "closed", () => payloads.pullRequest(this.repo, "closed", pr.number, pusher));
      return;
    }
    if (current === pr.pull.headSha) return;
    const before = pr.pull.headSha;
    pr.pull.headSha = current;
    pr.updatedAt = this.repo.nowIso();
    if (this.repo.protection.dismissStaleReviews) {
      for (const review of this.reviews.values()) {
        if (review.pullNumber === pr.number && review.state === "APPROVED") review.state = "DISMISSED";
      }
    }
    await this.git.git(["update-ref", `refs/pull/${pr.number}/head`, current]);
    this.repo.emit("pull_request", "synchronize", async () => ({ ...(await payloads.pullRequest(this.repo, "synchronize", pr.number, pusher)), before, after: current }));
  }

  /** Reads a pull request as GitHub would serve it: the head is re-read from git first. */
  async read(number: number): Promise<IssueRecord & { pull: PullRecord }> {
    const pr = this.get(number);
    await this.syncHead(pr);
    return pr;
  }

  private async diffBase(pr: IssueRecord & { pull: PullRecord }): Promise<string | null> {
    if (pr.pull.merged && this.mergedBase.has(pr.number)) return this.mergedBase.get(pr.number) ?? null;
    const baseSha = (await this.git.branchSha(pr.pull.baseRef)) ?? pr.pull.baseSha;
    return this.git.mergeBase(baseSha, pr.pull.headSha);
  }

  async files(number: number): Promise<DiffFile[]> {
    const pr = await this.read(number);
    const base = await this.diffBase(pr);
    return base ? this.git.diffFiles(base, pr.pull.headSha) : [];
  }

  async commits(number: number): Promise<CommitInfo[]> {
    const pr = await this.read(number);
    const base = await this.diffBase(pr);
    return this.git.commitsBetween(base, pr.pull.headSha);
  }

  async info(number: number): Promise<PullInfo> {
    const pr = await this.read(number);
    const p = pr.pull;
    const baseSha = (await this.git.branchSha(p.baseRef)) ?? p.baseSha;
    const mergeBaseSha = await this.diffBase(pr);
    const files = mergeBaseSha ? await this.git.diffFiles(mergeBaseSha, p.headSha) : [];
    const commits = mergeBaseSha ? await this.git.countCommits(`${mergeBaseSha}..${p.headSha}`) : await this.git.countCommits(p.headSha);
    const stats = {
      commits,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changedFiles: files.length,
    };
    if (p.merged) {
      return { headSha: p.headSha, baseSha, mergeBaseSha, mergeable: null, rebaseable: null, mergeableState: "unknown", ...stats };
    }
    const clean = (await this.git.mergeTrees(baseSha, p.headSha)) !== null;
    const mergeable = p.mergeableOverride === undefined ? clean : p.mergeableOverride;
    return { headSha: p.headSha, baseSha, mergeBaseSha, mergeable, rebaseable: mergeable, mergeableState: await this.mergeableState(pr, mergeable, baseSha), ...stats };
  }

  private async mergeableState(pr: IssueRecord & { pull: PullRecord }, mergeable: boolean | null, baseSha: string): Promise<PullInfo["mergeableState"]> {
    if (pr.state !== "open") return mergeable === null ? "unknown" : mergeable ? "clean" : "dirty";
    if (mergeable === null) return "unknown";
    if (!mergeable) return "dirty";
    if (pr.pull.draft) return "draft";
    const block = await this.protectionProblem(pr, baseSha);
    if (block) return block.state;
    if (!this.allChecksGreen(pr.pull.headSha)) return "unstable";
    return "clean";
  }

  /** Whether every check run and status on the head passed (pending counts as not green). */
  private allChecksGreen(sha: string): boolean {
    const runs = this.repo.listCheckRuns(sha);
    const runsOk = runs.every((r) => r.status === "completed" && ["success", "neutral", "skipped"].includes(r.conclusion ?? ""));
    const { statuses } = this.repo.combinedStatus(sha);
    return runsOk && statuses.every((s) => s.state === "success");
  }

  private checkPassed(sha: string, name: string): "passed" | "failed" | "pending" | "missing" {
    const run = this.repo.listCheckRuns(sha).find((r) => r.name === name);
    const status = this.repo.combinedStatus(sha).statuses.find((s) => s.context === name);
    if (!run && !status) return "missing";
    if (run?.status === "completed" && ["success", "neutral", "skipped"].includes(run.conclusion ?? "")) return "passed";
    if (status?.state === "success") return "passed";
    if ((run && run.status !== "completed") || status?.state === "pending") return "pending";
    return "failed";
  }

  /** Branch protection of the default branch: the first unmet rule, with GitHub's merge error. */
  private async protectionProblem(pr: IssueRecord & { pull: PullRecord }, baseSha: string): Promise<{ state: "blocked" | "behind"; message: string } | null> {
    const rules = this.repo.protection;
    if (pr.pull.baseRef !== this.repo.defaultBranch) return null;
    for (const name of rules.requiredChecks) {
      const result = this.checkPassed(pr.pull.headSha, name);
      if (result === "missing") return { state: "blocked", message: `Required status check "${name}" is expected.` };
      if (result === "pending") return { state: "blocked", message: `Required status check "${name}" is in progress.` };
      if (result === "failed") return { state: "blocked", message: `Required status check "${name}" has failed.` };
    }
    if (rules.requiredApprovals > 0) {
      const latest = this.latestReviewStates(pr.number);
      const approvals = [...latest.values()].filter((s) => s === "APPROVED").length;
      if ([...latest.values()].includes("CHANGES_REQUESTED")) return { state: "blocked", message: "Changes must be made through a pull request." };
      if (approvals < rules.requiredApprovals) {
        const n = rules.requiredApprovals;
        return { state: "blocked", message: `At least ${n} approving review${n === 1 ? " is" : "s are"} required by reviewers with write access.` };
      }
    }
    if (rules.requireUpToDate && !(await this.git.isAncestor(baseSha, pr.pull.headSha))) {
      return { state: "behind", message: "Head branch is not up to date with the base branch." };
    }
    return null;
  }

  /** Latest decisive review state per reviewer (COMMENTED reviews do not change a decision). */
  latestReviewStates(number: number): Map<string, ReviewState> {
    const out = new Map<string, ReviewState>();
    const reviews = [...this.reviews.values()].filter((r) => r.pullNumber === number && r.state !== "PENDING").sort((a, b) => a.id - b.id);
    for (const r of reviews) {
      if (r.state === "COMMENTED" && out.has(r.author.toLowerCase())) continue;
      out.set(r.author.toLowerCase(), r.state);
    }
    return out;
  }

  /** `PUT /pulls/{n}/merge`: the SHA guard, mergeability, then a real merge in the bare repository. */
  async merge(
    number: number,
    options: { sha?: string; method?: MergeMethod; commitTitle?: string; commitMessage?: string; actor?: string },
  ): Promise<{ sha: string; merged: true; message: string }> {
    const repo = this.repo;
    const actor = options.actor ?? repo.tokenLogin;
    const method = options.method ?? "merge";
    if (!["merge", "squash", "rebase"].includes(method)) throw validationFailed([{ resource: "PullRequest", code: "invalid", field: "merge_method" }]);
    return this.git.exclusive(async () => {
      const pr = await this.read(number);
      if (pr.state !== "open" || pr.pull.merged) throw httpError(405, "Pull Request is not mergeable", MERGE_DOCS);
      if (options.sha && options.sha !== pr.pull.headSha) {
        throw new FakeHttpError(409, { message: "Head branch was modified. Review and try the merge again.", documentation_url: MERGE_DOCS, status: "409" });
      }
      const info = await this.info(number);
      if (pr.pull.draft || info.mergeable !== true) throw httpError(405, "Pull Request is not mergeable", MERGE_DOCS);
      const block = await this.protectionProblem(pr, info.baseSha);
      if (block) throw httpError(405, block.message, MERGE_DOCS);

      const head = pr.pull.headSha;
      const base = info.baseSha;
      let newBase: string;
      if (method === "merge") {
        const tree = await this.git.mergeTrees(base, head);
        if (!tree) throw httpError(405, "Pull Request is not mergeable", MERGE_DOCS);
        const title = options.commitTitle ?? `Merge pull request #${number} from ${repo.owner}/${pr.pull.headRef}`;
        const message = options.commitMessage ?? pr.title;
        newBase = await this.git.commitTree(tree, [base, head], message ? `${title}\n\n${message}` : title, repo.identityOf(actor));
      } else if (method === "squash") {
        const tree = await this.git.mergeTrees(base, head);
        if (!tree) throw httpError(405, "Pull Request is not mergeable", MERGE_DOCS);
        const commits = await this.git.commitsBetween(info.mergeBaseSha, head);
        const title = options.commitTitle ?? `${pr.title} (#${number})`;
        const message = options.commitMessage ?? commits.map((c) => `* ${c.message}`).join("\n\n");
        newBase = await this.git.commitTree(tree, [base], message ? `${title}\n\n${message}` : title, repo.identityOf(pr.author));
      } else {
        const commits = await this.git.commitsBetween(info.mergeBaseSha, head);
        if (commits.some((c) => c.parents.length > 1)) throw httpError(405, "This branch can't be rebased", MERGE_DOCS);
        newBase = base;
        for (const c of commits) {
          const tree = await this.git.mergeTrees(newBase, c.sha, c.parents[0]);
          if (!tree) throw httpError(405, "This branch can't be rebased", MERGE_DOCS);
          newBase = await this.git.commitTree(tree, [newBase], c.message, { name: c.authorName, email: c.authorEmail });
        }
      }
      if (!(await this.git.updateRef(`refs/heads/${pr.pull.baseRef}`, newBase, base))) {
        throw new FakeHttpError(409, { message: "Base branch was modified. Review and try the merge again.", documentation_url: MERGE_DOCS, status: "409" });
      }
      this.mergedBase.set(number, info.mergeBaseSha);
      this.baseBeforeMerge.set(number, base);
      const at = repo.nowIso();
      pr.pull.merged = true;
      pr.pull.mergedAt = at;
      pr.pull.mergedBy = actor;
      pr.pull.mergeCommitSha = newBase;
      pr.state = "closed";
      pr.closedAt = at;
      pr.closedBy = actor;
      pr.updatedAt = at;
      repo.recordIssueEvent(number, "merged", actor, { commitId: newBase });
      repo.recordIssueEvent(number, "closed", actor, { commitId: newBase });
      repo.emit("pull_request", "closed", () => payloads.pullRequest(repo, "closed", number, actor));
      repo.emit("push", undefined, () => payloads.push(repo, `refs/heads/${pr.pull.baseRef}`, base, newBase, actor));
      if (pr.pull.baseRef === repo.defaultBranch) this.closeReferencedIssues(pr, actor);
      if (repo.deleteBranchOnMerge) await this.git.deleteRef(`refs/heads/${pr.pull.headRef}`);
      return { sha: newBase, merged: true as const, message: "Pull Request successfully merged" };
    });
  }

  /**
   * The base branch's head just before `number` was merged; null when the fake did not merge it. A rebase
   * merge leaves several commits, so the merge commit's first parent is not enough there.
   */
  baseBefore(number: number): string | null {
    return this.baseBeforeMerge.get(number) ?? null;
  }

  /** "Fixes #12" in a merged PR's body or title closes issue 12 of this repository. */
  private closeReferencedIssues(pr: IssueRecord, actor: string): void {
    const text = `${pr.title}\n${pr.body ?? ""}`;
    for (const match of text.matchAll(CLOSING_KEYWORDS)) {
      const repoRef = match[1];
      if (repoRef && repoRef.toLowerCase() !== this.repo.fullName.toLowerCase()) continue;
      const issue = this.repo.issues.get(Number(match[2]));
      if (issue && !issue.pull && issue.state === "open") this.repo.updateIssue(issue.number, { state: "closed", state_reason: "completed" }, actor);
    }
  }

  /** `PUT /pulls/{n}/update-branch`: merges the base into the head branch. */
  async updateBranch(number: number, expectedHeadSha: string | undefined, actor = this.repo.tokenLogin): Promise<void> {
    await this.git.exclusive(async () => {
      const pr = await this.read(number);
      if (pr.state !== "open") throw validationFailed([{ resource: "PullRequest", code: "custom", message: "Pull request is closed" }]);
      if (expectedHeadSha && expectedHeadSha !== pr.pull.headSha) {
        throw new FakeHttpError(422, { message: "expected head sha didn't match current head ref.", documentation_url: "https://docs.github.com/rest/pulls/pulls#update-a-pull-request-branch", status: "422" });
      }
      const baseSha = await this.git.branchSha(pr.pull.baseRef);
      if (!baseSha) throw notFound();
      if (await this.git.isAncestor(baseSha, pr.pull.headSha)) {
        throw new FakeHttpError(422, { message: "There are no new commits on the base branch.", documentation_url: "https://docs.github.com/rest/pulls/pulls#update-a-pull-request-branch", status: "422" });
      }
      const tree = await this.git.mergeTrees(pr.pull.headSha, baseSha);
      if (!tree) throw new FakeHttpError(422, { message: "merge conflict between base and head", documentation_url: "https://docs.github.com/rest/pulls/pulls#update-a-pull-request-branch", status: "422" });
      const sha = await this.git.commitTree(tree, [pr.pull.headSha, baseSha], `Merge branch '${pr.pull.baseRef}' into ${pr.pull.headRef}`, this.repo.identityOf(actor));
      if (!(await this.git.updateRef(`refs/heads/${pr.pull.headRef}`, sha, pr.pull.headSha))) {
        throw new FakeHttpError(422, { message: "expected head sha didn't match current head ref.", status: "422" });
      }
      await this.syncHead(pr, actor);
    });
  }

  // ---------------------------------------------------------------- reviews

  listReviews(number: number): ReviewRecord[] {
    this.get(number);
    return [...this.reviews.values()].filter((r) => r.pullNumber === number).sort((a, b) => a.id - b.id);
  }

  getReview(number: number, reviewId: number): ReviewRecord {
    const review = this.reviews.get(reviewId);
    if (!review || review.pullNumber !== number) throw notFound();
    return review;
  }

  async createReview(
    number: number,
    input: { commit_id?: string; body?: string; event?: "APPROVE" | "REQUEST_CHANGES" | "COMMENT"; comments?: ReviewCommentInput[] },
    author = this.repo.tokenLogin,
  ): Promise<ReviewRecord> {
    const pr = await this.read(number);
    const state = this.stateForEvent(input.event);
    this.checkReviewAllowed(pr, state, author, input.body, (input.comments ?? []).length);
    if (state === "PENDING" && [...this.reviews.values()].some((r) => r.pullNumber === number && r.state === "PENDING" && r.author === author)) {
      throw unprocessable("User can only have one pending review per pull request");
    }
    const commitId = input.commit_id ?? pr.pull.headSha;
    const targets = [];
    const anchor = this.anchorOf(pr, commitId);
    for (const c of input.comments ?? []) targets.push({ input: c, target: await this.resolveTarget(pr, commitId, c, anchor) });

    this.repo.touchUser(author);
    const id = this.repo.nextId();
    const review: ReviewRecord = {
      id,
      nodeId: nodeId("PRR", id),
      pullNumber: number,
      author,
      body: input.body ?? "",
      state,
      commitId,
      submittedAt: state === "PENDING" ? null : this.repo.nowIso(),
    };
    this.reviews.set(id, review);
    const commentIds = targets.map(({ input: c, target }) => this.addComment(pr, review, commitId, c.body ?? "", target, null).id);
    if (state !== "PENDING") this.emitSubmitted(review, commentIds);
    pr.updatedAt = this.repo.nowIso();
    return review;
  }

  private stateForEvent(event: string | undefined): ReviewState {
    if (event === undefined || event === null || event === "") return "PENDING";
    if (event === "APPROVE") return "APPROVED";
    if (event === "REQUEST_CHANGES") return "CHANGES_REQUESTED";
    if (event === "COMMENT") return "COMMENTED";
    throw validationFailed([{ resource: "PullRequestReview", code: "invalid", field: "event" }]);
  }

  private checkReviewAllowed(pr: IssueRecord, state: ReviewState, author: string, body: string | undefined, comments: number): void {
    const own = pr.author.toLowerCase() === author.toLowerCase();
    if (own && state === "APPROVED") throw unprocessable("Can not approve your own pull request");
    if (own && state === "CHANGES_REQUESTED") throw unprocessable("Can not request changes on your own pull request");
    if ((state === "CHANGES_REQUESTED" || state === "COMMENTED") && !body?.trim() && comments === 0) {
      throw unprocessable(`Review body is required when using ${state === "COMMENTED" ? "COMMENT" : "REQUEST_CHANGES"} event`);
    }
  }

  private emitSubmitted(review: ReviewRecord, commentIds: number[]): void {
    const repo = this.repo;
    for (const id of commentIds) repo.emit("pull_request_review_comment", "created", () => payloads.reviewComment(repo, "created", id, review.author));
    repo.emit("pull_request_review", "submitted", () => payloads.review(repo, "submitted", review.id, review.author));
  }

  async submitReview(number: number, reviewId: number, event: "APPROVE" | "REQUEST_CHANGES" | "COMMENT", body: string | undefined, actor = this.repo.tokenLogin): Promise<ReviewRecord> {
    const pr = await this.read(number);
    const review = this.getReview(number, reviewId);
    if (review.state !== "PENDING") throw unprocessable("Can not submit a review that is not pending");
    if (review.author.toLowerCase() !== actor.toLowerCase()) throw notFound();
    const state = this.stateForEvent(event);
    const commentIds = [...this.reviewComments.values()].filter((c) => c.reviewId === reviewId).map((c) => c.id);
    this.checkReviewAllowed(pr, state, actor, body ?? review.body, commentIds.length);
    review.state = state;
    if (body !== undefined) review.body = body;
    review.submittedAt = this.repo.nowIso();
    this.emitSubmitted(review, commentIds);
    return review;
  }

  dismissReview(number: number, reviewId: number, message: string, actor = this.repo.tokenLogin): ReviewRecord {
    const review = this.getReview(number, reviewId);
    if (review.state !== "APPROVED" && review.state !== "CHANGES_REQUESTED") throw unprocessable("Can not dismiss a commented pull request review");
    if (!message?.trim()) throw validationFailed([{ resource: "PullRequestReview", code: "missing_field", field: "message" }]);
    review.state = "DISMISSED";
    this.repo.emit("pull_request_review", "dismissed", () => payloads.review(this.repo, "dismissed", reviewId, actor));
    return review;
  }

  // ---------------------------------------------------------------- review comments and threads

  listReviewComments(number: number): ReviewCommentRecord[] {
    this.get(number);
    return [...this.reviewComments.values()]
      .filter((c) => c.pullNumber === number && this.reviews.get(c.reviewId)?.state !== "PENDING")
      .sort((a, b) => a.id - b.id);
  }

  getReviewComment(id: number): ReviewCommentRecord {
    const c = this.reviewComments.get(id);
    if (!c) throw notFound();
    return c;
  }

  /** Standalone inline comment (`POST /pulls/{n}/comments`), or a reply when `in_reply_to` is set. */
  async createReviewComment(
    number: number,
    input: ReviewCommentInput & { commit_id?: string; in_reply_to?: number },
    author = this.repo.tokenLogin,
  ): Promise<ReviewCommentRecord> {
    if (input.in_reply_to !== undefined && input.in_reply_to !== null) return this.reply(number, Number(input.in_reply_to), input.body ?? "", author);
    const pr = await this.read(number);
    const missing = (["body", "commit_id", "path"] as const).filter((k) => !input[k]);
    if (missing.length) throw validationFailed(missing.map((field) => ({ resource: "PullRequestReviewComment", code: "missing_field" as const, field })));
    const target = await this.resolveTarget(pr, input.commit_id!, input);
    this.repo.touchUser(author);
    const reviewId = this.repo.nextId();
    const review: ReviewRecord = { id: reviewId, nodeId: nodeId("PRR", reviewId), pullNumber: number, author, body: "", state: "COMMENTED", commitId: input.commit_id!, submittedAt: this.repo.nowIso() };
    this.reviews.set(reviewId, review);
    const comment = this.addComment(pr, review, input.commit_id!, input.body!, target, null);
    this.emitSubmitted(review, [comment.id]);
    return comment;
  }

  /** Replies join the thread of the comment they answer; GitHub points `in_reply_to_id` at the thread's first comment. */
  async reply(number: number, commentId: number, body: string, author = this.repo.tokenLogin): Promise<ReviewCommentRecord> {
    const pr = await this.read(number);
    const parent = this.reviewComments.get(commentId);
    if (!parent || parent.pullNumber !== number) throw notFound();
    if (!body?.trim()) throw validationFailed([{ resource: "PullRequestReviewComment", code: "missing_field", field: "body" }]);
    const thread = this.threads.get(parent.threadId);
    const root = thread ? this.reviewComments.get(thread.commentIds[0] ?? -1) ?? parent : parent;
    this.repo.touchUser(author);
    const reviewId = this.repo.nextId();
    const review: ReviewRecord = { id: reviewId, nodeId: nodeId("PRR", reviewId), pullNumber: number, author, body: "", state: "COMMENTED", commitId: pr.pull.headSha, submittedAt: this.repo.nowIso() };
    this.reviews.set(reviewId, review);
    const id = this.repo.nextId();
    const at = this.repo.nowIso();
    const comment: ReviewCommentRecord = { ...root, id, nodeId: nodeId("PRRC", id), reviewId, inReplyToId: root.id, body, author, createdAt: at, updatedAt: at, commitId: root.commitId };
    this.reviewComments.set(id, comment);
    thread?.commentIds.push(id);
    pr.updatedAt = at;
    this.emitSubmitted(review, [id]);
    return comment;
  }

  updateReviewComment(id: number, body: string, actor = this.repo.tokenLogin): ReviewCommentRecord {
    const c = this.getReviewComment(id);
    if (!body?.trim()) throw validationFailed([{ resource: "PullRequestReviewComment", code: "missing_field", field: "body" }]);
    c.body = body;
    c.updatedAt = this.repo.nowIso();
    this.repo.emit("pull_request_review_comment", "edited", () => payloads.reviewComment(this.repo, "edited", id, actor));
    return c;
  }

  deleteReviewComment(id: number): void {
    const c = this.getReviewComment(id);
    this.reviewComments.delete(id);
    const thread = this.threads.get(c.threadId);
    if (thread) {
      thread.commentIds = thread.commentIds.filter((x) => x !== id);
      if (thread.commentIds.length === 0) this.threads.delete(thread.id);
    }
  }

  threadsOf(number: number): ReviewThreadRecord[] {
    return [...this.threads.values()].filter(
      (t) => t.pullNumber === number && t.commentIds.some((id) => this.reviews.get(this.reviewComments.get(id)?.reviewId ?? -1)?.state !== "PENDING"),
    );
  }

  getThread(threadId: string): ReviewThreadRecord | undefined {
    return this.threads.get(threadId);
  }

  /** A thread is outdated when its file changed between the commented commit and the current head. */
  async isOutdated(thread: ReviewThreadRecord): Promise<boolean> {
    const pr = this.get(thread.pullNumber);
    if (thread.originalCommitId === pr.pull.headSha) return false;
    return this.git.pathChanged(thread.originalCommitId, pr.pull.headSha, thread.path);
  }

  setResolved(threadId: string, resolved: boolean, actor = this.repo.tokenLogin): ReviewThreadRecord | undefined {
    const thread = this.threads.get(threadId);
    if (!thread) return undefined;
    thread.isResolved = resolved;
    thread.resolvedBy = resolved ? actor : null;
    const action = resolved ? "resolved" : "unresolved";
    this.repo.emit("pull_request_review_thread", action, () => payloads.reviewThread(this.repo, action, threadId, actor));
    return thread;
  }

  private addComment(
    pr: IssueRecord & { pull: PullRecord },
    review: ReviewRecord,
    commitId: string,
    body: string,
    target: { path: string; line: number | null; startLine: number | null; side: "LEFT" | "RIGHT"; startSide: "LEFT" | "RIGHT" | null; position: number | null; diffHunk: string },
    inReplyToId: number | null,
  ): ReviewCommentRecord {
    const id = this.repo.nextId();
    const at = this.repo.nowIso();
    const threadId = nodeId("PRRT", id);
    const comment: ReviewCommentRecord = {
      id,
      nodeId: nodeId("PRRC", id),
      pullNumber: pr.number,
      reviewId: review.id,
      threadId,
      inReplyToId,
      path: target.path,
      line: target.line,
      startLine: target.startLine,
      side: target.side,
      startSide: target.startSide,
      commitId,
      originalCommitId: commitId,
      originalLine: target.line,
      position: target.position,
      diffHunk: target.diffHunk,
      body,
      author: review.author,
      createdAt: at,
      updatedAt: at,
    };
    this.reviewComments.set(id, comment);
    this.threads.set(threadId, {
      id: threadId,
      pullNumber: pr.number,
      path: target.path,
      line: target.line,
      startLine: target.startLine,
      side: target.side,
      originalCommitId: commitId,
      isResolved: false,
      resolvedBy: null,
      commentIds: [id],
    });
    return comment;
  }

  /**
   * The diff between two commits, computed once: a review with many inline comments would otherwise run
   * git three times per comment. Keyed by shas, so it never goes stale.
   */
  private async diffBetween(base: string, head: string): Promise<DiffFile[]> {
    const key = `${base}..${head}`;
    let diff = this.diffCache.get(key);
    if (!diff) {
      diff = this.git.diffFiles(base, head);
      this.diffCache.set(key, diff);
      diff.catch(() => this.diffCache.delete(key));
    }
    return diff;
  }

  /** The commented commit and the PR's diff base, checked once per review rather than once per comment. */
  private anchorOf(pr: IssueRecord & { pull: PullRecord }, commitId: string): () => Promise<{ commitSha: string; base: string }> {
    let anchor: Promise<{ commitSha: string; base: string }> | undefined;
    return () =>
      (anchor ??= (async () => {
        const commitSha = await this.git.resolve(commitId);
        const base = await this.diffBase(pr);
        if (!commitSha || !base || !(await this.git.isAncestor(commitSha, pr.pull.headSha)) || (await this.git.isAncestor(commitSha, base))) {
          throw unprocessable("commit_sha is not part of the pull request");
        }
        return { commitSha, base };
      })());
  }

  /** Where an inline comment lands, or GitHub's 422 when the path or line is not part of the diff. */
  private async resolveTarget(
    pr: IssueRecord & { pull: PullRecord },
    commitId: string,
    c: ReviewCommentInput,
    anchor: () => Promise<{ commitSha: string; base: string }> = this.anchorOf(pr, commitId),
  ) {
    if (!c.body?.trim()) throw unprocessable("Body can't be blank");
    if (!c.path) throw unprocessable("Path can't be blank");
    const { commitSha, base } = await anchor();
    // GitHub's wording for batch reviews; the whole review is refused when one comment is off the diff.
    const HUNK_BLANK = "Pull request review thread diff hunk can't be blank";
    const file = (await this.diffBetween(base, commitSha)).find((f) => f.filename === c.path);
    if (!file) throw unprocessable(`Pull request review thread path is invalid and ${HUNK_BLANK}`);
    const lines = parsePatch(file.patch);
    let target: PatchLine | undefined;
    let side: "LEFT" | "RIGHT" = c.side ?? "RIGHT";
    if (c.line !== undefined && c.line !== null) {
      target = findLine(lines, side, Number(c.line));
    } else if (c.position !== undefined && c.position !== null) {
      target = findPosition(lines, Number(c.position));
      if (target) side = target.kind === "del" ? "LEFT" : "RIGHT";
    }
    if (!target) {
      const what = c.line === undefined && c.position !== undefined ? "position" : "line";
      throw unprocessable(`Pull request review thread ${what} must be part of the diff and ${HUNK_BLANK}`);
    }
    let startLine: number | null = null;
    let startSide: "LEFT" | "RIGHT" | null = null;
    if (c.start_line !== undefined && c.start_line !== null) {
      startSide = c.start_side ?? side;
      const start = findLine(lines, startSide, Number(c.start_line));
      if (!start || Number(c.start_line) > Number(c.line)) throw unprocessable(`Pull request review thread start line must be part of the diff and ${HUNK_BLANK}`);
      if (hunkOf(lines, start) !== hunkOf(lines, target)) throw unprocessable("Pull request review thread start line must be part of the same hunk as the line.");
      startLine = Number(c.start_line);
    }
    return {
      path: c.path,
      line: side === "RIGHT" ? target.newLine : target.oldLine,
      startLine,
      side,
      startSide,
      position: target.position,
      diffHunk: diffHunkFor(lines, target),
    };
  }
}
