import { httpError, notFound, validationFailed } from "./http-errors.js";
import { isoSeconds, nodeId, userIdFor } from "./fake-ids.js";
import type { GitIdentity, GitStore } from "./git-store.js";
import type {
  BranchProtection,
  CheckRunRecord,
  CommentRecord,
  IssueEventRecord,
  IssueRecord,
  LabelRecord,
  PermissionLevel,
  StatusRecord,
} from "./model-types.js";
import { PullRequestModel, type OpenPullRequestInput } from "./pull-model.js";
import * as payloads from "./webhook-payloads.js";

export interface FakeRepoOptions {
  owner: string;
  repo: string;
  /** REST base of the fake (no trailing slash). */
  apiUrl: string;
  /** Base of `html_url`s. */
  webUrl: string;
  git: GitStore;
  /** Login of the token the client uses (`GET /user`, author of what it creates). */
  tokenLogin: string;
  private: boolean;
  clock: () => Date;
  /** Set when the fake plays a GitHub App installation: webhooks then carry `installation`. */
  installationId?: number;
}

export interface RepoEvent {
  /** `x-github-event`, e.g. `pull_request`. */
  name: string;
  action: string | undefined;
  payload: Record<string, unknown>;
}

export interface IssueFilter {
  state?: "open" | "closed" | "all";
  labels?: string[];
  since?: string;
  sort?: "created" | "updated" | "comments";
  direction?: "asc" | "desc";
  creator?: string;
  assignee?: string;
  /** Leave pull requests out (GitHub's issue list includes them). */
  issuesOnly?: boolean;
}

export type CheckConclusion = NonNullable<CheckRunRecord["conclusion"]>;

const DEFAULT_LABELS: Array<[string, string, string]> = [
  ["bug", "d73a4a", "Something isn't working"],
  ["documentation", "0075ca", "Improvements or additions to documentation"],
  ["duplicate", "cfd3d7", "This issue or pull request already exists"],
  ["enhancement", "a2eeef", "New feature or request"],
  ["good first issue", "7057ff", "Good for newcomers"],
  ["help wanted", "008672", "Extra attention is needed"],
  ["invalid", "e4e669", "This doesn't seem right"],
  ["question", "d876e3", "Further information is requested"],
  ["wontfix", "ffffff", "This will not be worked on"],
];

const LEVEL_RANK: Record<PermissionLevel, number> = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 };

/**
 * The repository the fake serves: issues, labels, comments, check runs, statuses, collaborators and
 * (through `pulls`) pull requests, reviews and review threads, over a real bare git repository.
 * REST handlers and test helpers share these methods, so what a test sets up is what Octokit reads.
 */
export class FakeRepo {
  readonly owner: string;
  readonly name: string;
  readonly fullName: string;
  readonly apiUrl: string;
  readonly webUrl: string;
  readonly git: GitStore;
  readonly tokenLogin: string;
  readonly isPrivate: boolean;
  readonly installationId: number | undefined;
  readonly id: number;
  readonly nodeId: string;
  readonly createdAt: string;
  readonly pulls: PullRequestModel;
  readonly protection: BranchProtection = { requiredChecks: [], requiredApprovals: 0, requireUpToDate: false, dismissStaleReviews: false };
  /** Delete the head branch after a merge (the repository setting of the same name). */
  deleteBranchOnMerge = false;
  /** Entries a recursive git tree lists before GitHub cuts it and says `truncated` (100,000 on GitHub). */
  treeEntryLimit = 100_000;

  readonly labels = new Map<string, LabelRecord>();
  readonly issues = new Map<number, IssueRecord>();
  readonly comments = new Map<number, CommentRecord>();
  /** Label, state and draft changes in order, for the timeline. */
  readonly issueEvents: IssueEventRecord[] = [];
  readonly checkRuns = new Map<number, CheckRunRecord>();
  readonly statuses: StatusRecord[] = [];
  readonly permissions = new Map<string, PermissionLevel>();
  /** Logins GitHub knows (collaborators and everyone who wrote something). */
  readonly knownUsers = new Set<string>();

  private readonly clock: () => Date;
  private lastId = 5_000_000;
  private lastNumber = 0;
  private listeners: Array<(event: RepoEvent) => void> = [];
  private eventChain: Promise<void> = Promise.resolve();

  constructor(options: FakeRepoOptions) {
    this.owner = options.owner;
    this.name = options.repo;
    this.fullName = `${options.owner}/${options.repo}`;
    this.apiUrl = options.apiUrl;
    this.webUrl = options.webUrl;
    this.git = options.git;
    this.tokenLogin = options.tokenLogin;
    this.isPrivate = options.private;
    this.installationId = options.installationId;
    this.clock = options.clock;
    this.id = userIdFor(`repo:${this.fullName}`) + 100_000_000;
    this.nodeId = nodeId("R", this.id);
    this.createdAt = this.nowIso();
    this.pulls = new PullRequestModel(this);
    for (const [name, color, description] of DEFAULT_LABELS) {
      this.labels.set(name.toLowerCase(), { id: this.nextId(), nodeId: nodeId("LA", name), name, color, description, isDefault: true });
    }
    this.permissions.set(options.owner.toLowerCase(), "admin");
    this.permissions.set(options.tokenLogin.toLowerCase(), "write");
    this.knownUsers.add(options.owner.toLowerCase());
    this.knownUsers.add(options.tokenLogin.toLowerCase());
  }

  // ---------------------------------------------------------------- basics

  now(): Date {
    return this.clock();
  }

  nowIso(): string {
    return isoSeconds(this.clock());
  }

  nextId(): number {
    return ++this.lastId;
  }

  /** A new open issue record (issues and pull requests share numbers and this shape). */
  newIssueRecord(f: { title: string; body: string | null; author: string; at: string; labels?: string[]; assignees?: string[] }): IssueRecord {
    const number = this.nextNumber();
    const id = this.nextId();
    return {
      number,
      id,
      nodeId: nodeId("I", id),
      title: f.title,
      body: f.body,
      state: "open",
      stateReason: null,
      labels: f.labels ?? [],
      assignees: f.assignees ?? [],
      author: f.author,
      locked: false,
      createdAt: f.at,
      updatedAt: f.at,
      closedAt: null,
      closedBy: null,
    };
  }

  nextNumber(): number {
    return ++this.lastNumber;
  }

  get defaultBranch(): string {
    return this.git.defaultBranch;
  }

  /** Git identity GitHub would use for a user's commits. */
  identityOf(login: string): GitIdentity {
    return { name: login, email: `${userIdFor(login)}+${login}@users.noreply.github.com` };
  }

  touchUser(login: string): void {
    this.knownUsers.add(login.toLowerCase());
  }

  // ---------------------------------------------------------------- events

  /** Subscribes to the webhook events the repository emits; returns an unsubscribe function. */
  onEvent(listener: (event: RepoEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Payloads are built now (state as of the change) and handed to listeners in emit order. */
  emit(name: string, action: string | undefined, build: () => Promise<Record<string, unknown>>): void {
    if (this.listeners.length === 0) return;
    const pending = build();
    pending.catch(() => undefined);
    this.eventChain = this.eventChain.then(async () => {
      try {
        const payload = await pending;
        for (const listener of [...this.listeners]) listener({ name, action, payload });
      } catch {
        // A payload that cannot be built (object deleted meanwhile) is not delivered, as on GitHub.
      }
    });
  }

  /** Resolves when every event emitted so far has been handed to the listeners. */
  eventsSettled(): Promise<void> {
    return this.eventChain;
  }

  // ---------------------------------------------------------------- permissions

  setPermission(login: string, level: PermissionLevel): void {
    this.permissions.set(login.toLowerCase(), level);
    this.touchUser(login);
  }

  /** The collaborator permission; null when GitHub does not know the login at all. */
  permissionOf(login: string): PermissionLevel | null {
    const level = this.permissions.get(login.toLowerCase());
    if (level) return level;
    if (!this.knownUsers.has(login.toLowerCase())) return null;
    return this.isPrivate ? "none" : "read";
  }

  hasAtLeast(login: string, level: PermissionLevel): boolean {
    return LEVEL_RANK[this.permissionOf(login) ?? "none"] >= LEVEL_RANK[level];
  }

  // ---------------------------------------------------------------- labels

  listLabels(): LabelRecord[] {
    return [...this.labels.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  getLabel(name: string): LabelRecord {
    const label = this.labels.get(name.toLowerCase());
    if (!label) throw notFound();
    return label;
  }

  createLabel(input: { name: string; color?: string; description?: string | null }): LabelRecord {
    const name = input.name?.trim();
    if (!name) throw validationFailed([{ resource: "Label", code: "missing_field", field: "name" }]);
    if (this.labels.has(name.toLowerCase())) throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
    const color = (input.color ?? "ededed").replace(/^#/, "");
    if (!/^[0-9a-fA-F]{6}$/.test(color)) throw validationFailed([{ resource: "Label", code: "invalid", field: "color" }]);
    const label: LabelRecord = { id: this.nextId(), nodeId: nodeId("LA", name), name, color, description: input.description ?? null, isDefault: false };
    this.labels.set(name.toLowerCase(), label);
    return label;
  }

  updateLabel(name: string, patch: { new_name?: string; color?: string; description?: string | null }): LabelRecord {
    const label = this.getLabel(name);
    if (patch.new_name && patch.new_name.toLowerCase() !== name.toLowerCase()) {
      if (this.labels.has(patch.new_name.toLowerCase())) throw validationFailed([{ resource: "Label", code: "already_exists", field: "name" }]);
      this.labels.delete(name.toLowerCase());
      for (const issue of this.issues.values()) issue.labels = issue.labels.map((l) => (l.toLowerCase() === name.toLowerCase() ? patch.new_name! : l));
      label.name = patch.new_name;
      this.labels.set(label.name.toLowerCase(), label);
    }
    if (patch.color) label.color = patch.color.replace(/^#/, "");
    if (patch.description !== undefined) label.description = patch.description;
    return label;
  }

  deleteLabel(name: string): void {
    const label = this.getLabel(name);
    this.labels.delete(label.name.toLowerCase());
    for (const issue of this.issues.values()) issue.labels = issue.labels.filter((l) => l.toLowerCase() !== label.name.toLowerCase());
  }

  /** Label names as stored (existing spelling wins); unknown labels are created, as GitHub does for writers. */
  private ensureLabels(names: string[]): string[] {
    const out: string[] = [];
    for (const raw of names) {
      const name = String(raw).trim();
      if (!name) continue;
      const existing = this.labels.get(name.toLowerCase()) ?? this.createLabel({ name });
      if (!out.some((l) => l.toLowerCase() === existing.name.toLowerCase())) out.push(existing.name);
    }
    return out;
  }

  // ---------------------------------------------------------------- issues

  createIssue(input: { title: string; body?: string | null; labels?: string[]; assignees?: string[]; author?: string; createdAt?: Date }): IssueRecord {
    if (typeof input.title !== "string" || !input.title.trim()) {
      throw validationFailed([{ resource: "Issue", code: "missing_field", field: "title" }]);
    }
    const author = input.author ?? this.tokenLogin;
    this.touchUser(author);
    const at = isoSeconds(input.createdAt ?? this.now());
    const issue = this.newIssueRecord({ title: input.title, body: input.body ?? null, author, at, labels: this.ensureLabels(input.labels ?? []), assignees: [...(input.assignees ?? [])] });
    const number = issue.number;
    this.issues.set(number, issue);
    this.emit("issues", "opened", () => payloads.issues(this, "opened", number, author));
    return issue;
  }

  getIssue(number: number): IssueRecord {
    const issue = this.issues.get(number);
    if (!issue) throw notFound();
    return issue;
  }

  updateIssue(
    number: number,
    patch: { title?: string; body?: string | null; state?: "open" | "closed"; state_reason?: IssueRecord["stateReason"]; labels?: string[]; assignees?: string[] },
    actor = this.tokenLogin,
  ): IssueRecord {
    const issue = this.getIssue(number);
    if (patch.title !== undefined) {
      if (!String(patch.title).trim()) throw validationFailed([{ resource: "Issue", code: "missing_field", field: "title" }]);
      issue.title = patch.title;
    }
    if (patch.body !== undefined) issue.body = patch.body;
    if (patch.labels !== undefined) issue.labels = this.ensureLabels(patch.labels);
    if (patch.assignees !== undefined) issue.assignees = [...patch.assignees];
    const edited = patch.title !== undefined || patch.body !== undefined;
    let stateChange: "closed" | "reopened" | undefined;
    if (patch.state && patch.state !== issue.state) {
      if (!["open", "closed"].includes(patch.state)) throw validationFailed([{ resource: "Issue", code: "invalid", field: "state" }]);
      if (issue.pull?.merged && patch.state === "open") throw validationFailed([{ resource: "PullRequest", code: "custom", field: "state", message: "state cannot be changed. The pull request cannot be reopened because it has been merged." }]);
      issue.state = patch.state;
      issue.closedAt = patch.state === "closed" ? this.nowIso() : null;
      issue.closedBy = patch.state === "closed" ? actor : null;
      issue.stateReason = patch.state === "closed" ? (patch.state_reason ?? "completed") : "reopened";
      stateChange = patch.state === "closed" ? "closed" : "reopened";
    } else if (patch.state_reason !== undefined && issue.state === "closed") {
      issue.stateReason = patch.state_reason;
    }
    issue.updatedAt = this.nowIso();
    const event = issue.pull ? "pull_request" : "issues";
    const build = (action: string) => () => (issue.pull ? payloads.pullRequest(this, action, number, actor) : payloads.issues(this, action, number, actor));
    if (edited) this.emit(event, "edited", build("edited"));
    if (stateChange) {
      this.recordIssueEvent(number, stateChange, actor);
      this.emit(event, stateChange, build(stateChange));
    }
    return issue;
  }

  addLabels(number: number, labels: string[], actor = this.tokenLogin): string[] {
    const issue = this.getIssue(number);
    const added: string[] = [];
    for (const name of this.ensureLabels(labels)) {
      if (!issue.labels.some((l) => l.toLowerCase() === name.toLowerCase())) {
        issue.labels.push(name);
        added.push(name);
      }
    }
    if (added.length) {
      issue.updatedAt = this.nowIso();
      for (const label of added) this.emitLabel(issue, "labeled", label, actor);
    }
    return issue.labels;
  }

  setLabels(number: number, labels: string[], actor = this.tokenLogin): string[] {
    const issue = this.getIssue(number);
    const next = this.ensureLabels(labels);
    const removed = issue.labels.filter((l) => !next.some((n) => n.toLowerCase() === l.toLowerCase()));
    const added = next.filter((n) => !issue.labels.some((l) => l.toLowerCase() === n.toLowerCase()));
    issue.labels = next;
    issue.updatedAt = this.nowIso();
    for (const label of removed) this.emitLabel(issue, "unlabeled", label, actor);
    for (const label of added) this.emitLabel(issue, "labeled", label, actor);
    return issue.labels;
  }

  removeLabel(number: number, name: string, actor = this.tokenLogin): string[] {
    const issue = this.getIssue(number);
    const index = issue.labels.findIndex((l) => l.toLowerCase() === name.toLowerCase());
    if (index === -1) throw httpError(404, "Label does not exist", "https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue");
    const [removed] = issue.labels.splice(index, 1);
    issue.updatedAt = this.nowIso();
    if (removed) this.emitLabel(issue, "unlabeled", removed, actor);
    return issue.labels;
  }

  /** Remembers an issue event for the timeline (webhooks are sent separately). */
  recordIssueEvent(number: number, event: string, actor: string, extra: { label?: string; commitId?: string | null } = {}): IssueEventRecord {
    const id = this.nextId();
    const record: IssueEventRecord = { id, nodeId: nodeId("IE", id), issueNumber: number, event, actor, createdAt: this.nowIso(), ...extra };
    this.issueEvents.push(record);
    return record;
  }

  private emitLabel(issue: IssueRecord, action: "labeled" | "unlabeled", label: string, actor: string): void {
    this.recordIssueEvent(issue.number, action, actor, { label });
    const labelRecord = this.labels.get(label.toLowerCase());
    const build = issue.pull ? payloads.pullRequest : payloads.issues;
    this.emit(issue.pull ? "pull_request" : "issues", action, async () => ({
      ...(await build(this, action, issue.number, actor)),
      ...(labelRecord ? { label: payloads.labelShape(this, labelRecord) } : {}),
    }));
  }

  /** Issues (and pull requests, as GitHub lists them) matching a filter, sorted. */
  listIssues(filter: IssueFilter = {}): IssueRecord[] {
    const state = filter.state ?? "open";
    const since = filter.since ? Date.parse(filter.since) : undefined;
    const wanted = (filter.labels ?? []).map((l) => l.trim().toLowerCase()).filter(Boolean);
    const rows = [...this.issues.values()].filter((i) => {
      if (filter.issuesOnly && i.pull) return false;
      if (state !== "all" && i.state !== state) return false;
      if (since !== undefined && !Number.isNaN(since) && Date.parse(i.updatedAt) < since) return false;
      if (wanted.length && !wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w))) return false;
      if (filter.creator && i.author.toLowerCase() !== filter.creator.toLowerCase()) return false;
      if (filter.assignee === "none" && i.assignees.length) return false;
      if (filter.assignee && filter.assignee !== "*" && filter.assignee !== "none" && !i.assignees.some((a) => a.toLowerCase() === filter.assignee!.toLowerCase())) return false;
      return true;
    });
    const sort = filter.sort ?? "created";
    const dir = filter.direction === "asc" ? 1 : -1;
    const key = (i: IssueRecord): number =>
      sort === "updated" ? Date.parse(i.updatedAt) : sort === "comments" ? this.commentCount(i.number) : Date.parse(i.createdAt);
    return rows.sort((a, b) => (key(a) - key(b) || a.number - b.number) * dir);
  }

  // ---------------------------------------------------------------- comments

  commentCount(number: number): number {
    let n = 0;
    for (const c of this.comments.values()) if (c.issueNumber === number) n++;
    return n;
  }

  listComments(number: number, since?: string): CommentRecord[] {
    this.getIssue(number);
    const after = since ? Date.parse(since) : undefined;
    return [...this.comments.values()]
      .filter((c) => c.issueNumber === number && (after === undefined || Number.isNaN(after) || Date.parse(c.updatedAt) >= after))
      .sort((a, b) => a.id - b.id);
  }

  getComment(id: number): CommentRecord {
    const comment = this.comments.get(id);
    if (!comment) throw notFound();
    return comment;
  }

  createComment(number: number, body: string, author = this.tokenLogin): CommentRecord {
    const issue = this.getIssue(number);
    if (typeof body !== "string" || !body.trim()) throw validationFailed([{ resource: "IssueComment", code: "missing_field", field: "body" }]);
    if (issue.locked && !this.hasAtLeast(author, "write")) throw httpError(403, "Unable to create comment because issue is locked.");
    this.touchUser(author);
    const id = this.nextId();
    const at = this.nowIso();
    const comment: CommentRecord = { id, nodeId: nodeId("IC", id), issueNumber: number, body, author, createdAt: at, updatedAt: at };
    this.comments.set(id, comment);
    issue.updatedAt = at;
    this.emit("issue_comment", "created", () => payloads.issueComment(this, "created", id, author));
    return comment;
  }

  updateComment(id: number, body: string, actor = this.tokenLogin): CommentRecord {
    const comment = this.getComment(id);
    if (typeof body !== "string" || !body.trim()) throw validationFailed([{ resource: "IssueComment", code: "missing_field", field: "body" }]);
    const before = comment.body;
    comment.body = body;
    comment.updatedAt = this.nowIso();
    this.emit("issue_comment", "edited", async () => ({ ...(await payloads.issueComment(this, "edited", id, actor)), changes: { body: { from: before } } }));
    return comment;
  }

  deleteComment(id: number, actor = this.tokenLogin): void {
    const comment = this.getComment(id);
    const payload = payloads.issueComment(this, "deleted", id, actor);
    this.emit("issue_comment", "deleted", () => payload);
    this.comments.delete(comment.id);
  }

  // ---------------------------------------------------------------- git helpers for tests and the demo

  /** Makes the initial commit on the default branch (or a new commit on top of it). Returns its sha. */
  async seed(input: { files: Record<string, string>; message?: string; author?: string }): Promise<string> {
    return this.commitToBranch(this.defaultBranch, input.files, input.message ?? "Initial commit", { author: input.author ?? this.owner });
  }

  /**
   * Commits files to a branch (created from `from`, default the default branch, when missing), as a push
   * would: open pull requests on that branch get the new head and a `synchronize` event. `null` deletes a file.
   */
  async commitToBranch(
    branch: string,
    files: Record<string, string | null>,
    message: string,
    options: { author?: string; from?: string } = {},
  ): Promise<string> {
    const { before, after } = await this.git.exclusive(async () => {
      const current = await this.git.branchSha(branch);
      const parent = current ?? (await this.git.resolve(options.from ?? this.defaultBranch));
      const sha = await this.git.buildCommit(parent, files, message, this.identityOf(options.author ?? this.tokenLogin));
      if (!(await this.git.updateRef(`refs/heads/${branch}`, sha, current))) throw new Error(`branch ${branch} moved while committing`);
      return { before: current, after: sha };
    });
    await this.handlePush([{ ref: `refs/heads/${branch}`, before, after }], options.author ?? this.tokenLogin);
    return after;
  }

  /** Creates a branch at a commit (default: the default branch's head). */
  async createBranch(branch: string, from?: string): Promise<string> {
    const sha = await this.git.resolve(from ?? this.defaultBranch);
    if (!sha) throw new Error(`cannot resolve ${from ?? this.defaultBranch}`);
    if (!(await this.git.updateRef(`refs/heads/${branch}`, sha, null))) throw new Error(`branch ${branch} already exists`);
    await this.handlePush([{ ref: `refs/heads/${branch}`, before: null, after: sha }], this.tokenLogin);
    return sha;
  }

  async openPullRequest(input: OpenPullRequestInput): Promise<IssueRecord> {
    return this.pulls.open(input);
  }

  /** Called after refs moved (our own commits, or `git push` through the post-receive hook). */
  async handlePush(updates: Array<{ ref: string; before: string | null; after: string | null }>, pusher: string): Promise<void> {
    for (const u of updates) {
      if (!u.ref.startsWith("refs/heads/")) continue;
      if (u.after) this.emit("push", undefined, () => payloads.push(this, u.ref, u.before, u.after, pusher));
      await this.pulls.syncBranch(u.ref.slice("refs/heads/".length), pusher);
    }
  }

  // ---------------------------------------------------------------- checks and statuses

  async resolveCommit(ref: string): Promise<string> {
    const sha = await this.git.resolve(ref);
    if (!sha) throw httpError(422, `No commit found for SHA: ${ref}`, "https://docs.github.com/rest/commits/commits#get-a-commit");
    return sha;
  }

  createCheckRun(input: {
    name: string;
    head_sha: string;
    status?: CheckRunRecord["status"];
    conclusion?: CheckRunRecord["conclusion"];
    details_url?: string | null;
    external_id?: string | null;
    started_at?: string;
    completed_at?: string;
    output?: { title?: string | null; summary?: string | null; text?: string | null };
    app?: string;
  }): CheckRunRecord {
    if (!input.name) throw validationFailed([{ resource: "CheckRun", code: "missing_field", field: "name" }]);
    if (!/^[0-9a-f]{40}$/.test(input.head_sha ?? "")) throw validationFailed([{ resource: "CheckRun", code: "invalid", field: "head_sha" }]);
    const conclusion = input.conclusion ?? null;
    const status = conclusion ? "completed" : (input.status ?? "queued");
    if (status === "completed" && !conclusion) throw validationFailed([{ resource: "CheckRun", code: "missing_field", field: "conclusion" }]);
    const id = this.nextId();
    const at = this.nowIso();
    const run: CheckRunRecord = {
      id,
      nodeId: nodeId("CR", id),
      headSha: input.head_sha,
      name: input.name,
      status,
      conclusion,
      startedAt: input.started_at ?? at,
      completedAt: status === "completed" ? (input.completed_at ?? at) : null,
      detailsUrl: input.details_url ?? null,
      externalId: input.external_id ?? null,
      output: { title: input.output?.title ?? null, summary: input.output?.summary ?? null, text: input.output?.text ?? null },
      appSlug: input.app ?? "github-actions",
      checkSuiteId: this.suiteIdFor(input.head_sha),
    };
    this.checkRuns.set(id, run);
    this.emit("check_run", "created", () => payloads.checkRun(this, "created", id, this.tokenLogin));
    if (run.status === "completed") this.emit("check_run", "completed", () => payloads.checkRun(this, "completed", id, this.tokenLogin));
    return run;
  }

  updateCheckRun(id: number, patch: { name?: string; status?: CheckRunRecord["status"]; conclusion?: CheckRunRecord["conclusion"]; details_url?: string | null; completed_at?: string; output?: { title?: string | null; summary?: string | null; text?: string | null } }): CheckRunRecord {
    const run = this.checkRuns.get(id);
    if (!run) throw notFound();
    const wasCompleted = run.status === "completed";
    if (patch.name) run.name = patch.name;
    if (patch.details_url !== undefined) run.detailsUrl = patch.details_url;
    if (patch.output) run.output = { ...run.output, ...patch.output };
    if (patch.conclusion) {
      run.conclusion = patch.conclusion;
      run.status = "completed";
    } else if (patch.status) {
      if (patch.status === "completed" && !run.conclusion) throw validationFailed([{ resource: "CheckRun", code: "missing_field", field: "conclusion" }]);
      run.status = patch.status;
      if (patch.status !== "completed") run.conclusion = null;
    }
    if (run.status === "completed") run.completedAt = patch.completed_at ?? run.completedAt ?? this.nowIso();
    if (run.status === "completed" && !wasCompleted) this.emit("check_run", "completed", () => payloads.checkRun(this, "completed", id, this.tokenLogin));
    return run;
  }

  /** "Re-run": a new attempt of the same check, queued. */
  rerequestCheckRun(id: number): CheckRunRecord {
    const run = this.checkRuns.get(id);
    if (!run) throw notFound();
    if (run.status !== "completed") throw validationFailed([{ resource: "CheckRun", code: "custom", message: "This check run is not rerequestable" }]);
    const copy = this.createCheckRun({ name: run.name, head_sha: run.headSha, status: "queued", app: run.appSlug, ...(run.detailsUrl ? { details_url: run.detailsUrl } : {}) });
    this.emit("check_run", "rerequested", () => payloads.checkRun(this, "rerequested", id, this.tokenLogin));
    return copy;
  }

  /**
   * Test helper: the latest run of `name` on a commit (sha or branch) becomes `conclusion`
   * (null = in progress). Creates the run when there is none.
   */
  async setCheck(ref: string, name: string, conclusion: CheckConclusion | null, options: { detailsUrl?: string; summary?: string } = {}): Promise<CheckRunRecord> {
    const sha = await this.resolveCommit(ref);
    const latest = this.listCheckRuns(sha, { filter: "latest" }).find((r) => r.name === name);
    const output = options.summary ? { title: name, summary: options.summary } : undefined;
    if (latest) {
      return this.updateCheckRun(latest.id, conclusion ? { conclusion, ...(output ? { output } : {}) } : { status: "in_progress", ...(output ? { output } : {}) });
    }
    return this.createCheckRun({
      name,
      head_sha: sha,
      ...(conclusion ? { conclusion } : { status: "in_progress" }),
      ...(options.detailsUrl ? { details_url: options.detailsUrl } : {}),
      ...(output ? { output } : {}),
    });
  }

  /** Check runs of a commit; `latest` keeps the newest run per name, as GitHub's default filter. */
  listCheckRuns(sha: string, options: { filter?: "latest" | "all"; checkName?: string; status?: string } = {}): CheckRunRecord[] {
    let runs = [...this.checkRuns.values()].filter((r) => r.headSha === sha).sort((a, b) => b.id - a.id);
    if ((options.filter ?? "latest") === "latest") {
      const seen = new Set<string>();
      runs = runs.filter((r) => (seen.has(r.name) ? false : (seen.add(r.name), true)));
    }
    if (options.checkName) runs = runs.filter((r) => r.name === options.checkName);
    if (options.status) runs = runs.filter((r) => r.status === options.status);
    return runs;
  }

  private suiteIds = new Map<string, number>();
  private suiteIdFor(sha: string): number {
    let id = this.suiteIds.get(sha);
    if (!id) {
      id = this.nextId();
      this.suiteIds.set(sha, id);
    }
    return id;
  }

  createStatus(sha: string, input: { state: StatusRecord["state"]; context?: string; description?: string | null; target_url?: string | null }, creator = this.tokenLogin): StatusRecord {
    if (!["pending", "success", "failure", "error"].includes(input.state)) throw validationFailed([{ resource: "Status", code: "invalid", field: "state" }]);
    const id = this.nextId();
    const at = this.nowIso();
    const status: StatusRecord = {
      id,
      nodeId: nodeId("SC", id),
      sha,
      state: input.state,
      context: input.context || "default",
      description: input.description ?? null,
      targetUrl: input.target_url ?? null,
      creator,
      createdAt: at,
      updatedAt: at,
    };
    this.statuses.push(status);
    this.emit("status", undefined, () => payloads.status(this, id, creator));
    return status;
  }

  /** Test helper: a commit status on a sha or branch. */
  async setStatus(ref: string, context: string, state: StatusRecord["state"], options: { description?: string; targetUrl?: string } = {}): Promise<StatusRecord> {
    const sha = await this.resolveCommit(ref);
    return this.createStatus(sha, { state, context, description: options.description ?? null, target_url: options.targetUrl ?? null });
  }

  /** All statuses of a commit, newest first. */
  listStatuses(sha: string): StatusRecord[] {
    return this.statuses.filter((s) => s.sha === sha).sort((a, b) => b.id - a.id);
  }

  /** Latest status per context and GitHub's combined state. */
  combinedStatus(sha: string): { state: "pending" | "success" | "failure"; statuses: StatusRecord[] } {
    const seen = new Set<string>();
    const latest = this.listStatuses(sha).filter((s) => (seen.has(s.context) ? false : (seen.add(s.context), true)));
    const state = latest.some((s) => s.state === "failure" || s.state === "error")
      ? "failure"
      : latest.length === 0 || latest.some((s) => s.state === "pending")
        ? "pending"
        : "success";
    return { state, statuses: latest };
  }
}
