/**
 * In-memory fakes of the ports in src/core/ports, for unit, graph and doctor tests. They keep state the way
 * the real systems do (a Slack workspace with threads and reactions, a GitHub repository whose issues and
 * PRs share one number sequence, a scripted model, a Sentry organisation), record what was done so tests
 * can assert outcomes, and fail on request: `fake.faults.fail("postMessage", error, { times: 1 })`.
 * Errors are AppErrors with the codes the adapters use, so error mapping can be tested against them.
 */
import { createHash } from "node:crypto";
import { mapGithubError } from "../../src/adapters/github/map-github-error.js";
import { headMovedError } from "../../src/adapters/github/octokit-forge-adapter.js";
import { RETRYABLE_SLACK_ERRORS } from "../../src/adapters/slack/slack-errors.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import { findLine, parsePatch, type PatchLine } from "../../src/sandbox/fake-github/diff-lines.js";
import { parseIssueSearch, searchIssues } from "../../src/sandbox/fake-github/issue-search.js";
import type {
  Block,
  ChatIdentity,
  ChatMessage,
  ChatPort,
  CreateIssueInput,
  CreatePullRequestInput,
  CreateReviewInput,
  ErrorTrackerPort,
  FindMessageInput,
  ForgeCheck,
  ForgeComment,
  ForgeComparison,
  ForgeFileChange,
  ForgeIssue,
  ForgePort,
  ForgePullRequest,
  ForgeRepository,
  ForgeReview,
  ForgeReviewThread,
  ForgeTimelineEvent,
  LabelSpec,
  MergeInput,
  MessageMetadata,
  ModelCallMeta,
  ModelPort,
  ProbePort,
  ProbeResult,
  PostedMessage,
  PostEphemeralInput,
  PostMessageInput,
  ReactionInput,
  RespondInput,
  StructuredRequest,
  ToolTurn,
  ToolTurnRequest,
  TrackedEvent,
  TrackedIssue,
  TrackedIssuePage,
  UpdateMessageInput,
  UploadFileInput,
} from "../../src/core/ports/index.js";
import { BOT_SCOPES } from "../../src/slack/slack-surface.js";

// ---------------------------------------------------------------------------------------------------------
// Fault injection
// ---------------------------------------------------------------------------------------------------------

interface PlannedFault {
  /** An error to throw, or "hang" for a call that never settles (time-limit tests). */
  outcome: Error | "hang";
  remaining: number;
}

/** Planned failures per method, consumed in order. */
export class Faults<M extends string> {
  private readonly planned = new Map<M, PlannedFault[]>();

  /** The next `times` calls (default: every call) of `method` throw `error`. */
  fail(method: M, error: Error, opts: { times?: number } = {}): this {
    return this.plan(method, { outcome: error, remaining: opts.times ?? Number.POSITIVE_INFINITY });
  }

  /** The next `times` calls (default: every call) of `method` never answer. */
  hang(method: M, opts: { times?: number } = {}): this {
    return this.plan(method, { outcome: "hang", remaining: opts.times ?? Number.POSITIVE_INFINITY });
  }

  clear(method?: M): void {
    if (method) this.planned.delete(method);
    else this.planned.clear();
  }

  /** Called first by every fake method. */
  async check(method: M): Promise<void> {
    const queue = this.planned.get(method);
    const next = queue?.[0];
    if (!queue || !next) return;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    if (next.outcome === "hang") await new Promise<never>(() => {});
    else throw next.outcome;
  }

  private plan(method: M, fault: PlannedFault): this {
    const queue = this.planned.get(method) ?? [];
    queue.push(fault);
    this.planned.set(method, queue);
    return this;
  }
}

/** A Slack Web API `ok: false` answer as the chat adapter (src/adapters/slack/slack-errors.ts) reports it. */
export function slackApiError(error: string, opts: { method?: string; retryAfterMs?: number } = {}): AppError {
  const method = opts.method ?? "api";
  if (error === "ratelimited") {
    const retryAfterMs = opts.retryAfterMs ?? 1_000;
    return new AppError(ErrorCode.RateLimited, `Slack ${method} was rate limited; retry after ${retryAfterMs / 1000}s`, {
      retryable: true,
      retryAfterMs,
      details: { method, retryAfterSeconds: retryAfterMs / 1000 },
    });
  }
  return new AppError(ErrorCode.SlackApi, `Slack ${method} failed: ${error}`, {
    retryable: RETRYABLE_SLACK_ERRORS.has(error),
    details: { method, slackError: error },
  });
}

/** A GitHub REST error as the forge adapter reports it. */
export function githubApiError(status: number, message: string, opts: { retryAfterMs?: number } = {}): AppError {
  const code =
    status === 404
      ? ErrorCode.NotFound
      : status === 403 || status === 401
        ? ErrorCode.Forbidden
        : status === 409 || status === 405 || status === 422
          ? ErrorCode.Conflict
          : status === 429
            ? ErrorCode.RateLimited
            : ErrorCode.GithubApi;
  return new AppError(code, `GitHub API ${status}: ${message}`, {
    retryable: status === 429 || status >= 500,
    ...(opts.retryAfterMs === undefined ? {} : { retryAfterMs: opts.retryAfterMs }),
    details: { status },
  });
}

/**
 * A GitHub REST error passed through the forge adapter's own mapping (map-github-error.ts), so code that
 * looks at an error's code, `details.status` or `details.githubMessage` sees what production would.
 * `data` is GitHub's JSON body: `{ message, errors? }`.
 */
export function githubRestError(
  request: { operation: string; repository: string; method: string; path: string },
  status: number,
  data: { message: string; errors?: unknown[] },
): AppError {
  const docs = "https://docs.github.com/rest";
  return mapGithubError(
    {
      name: "HttpError",
      status,
      message: `${data.message} - ${docs}`,
      request: { method: request.method, url: `https://api.github.com${request.path}` },
      response: { headers: {}, data: { ...data, documentation_url: docs, status: String(status) } },
    },
    { operation: request.operation, repository: request.repository },
  );
}

/** A GraphQL error answer (`errors: [{ type, message }]`) passed through the forge adapter's mapping. */
export function githubGraphqlError(request: { operation: string; repository: string }, type: string, message: string): AppError {
  return mapGithubError({ name: "GraphqlResponseError", message: `Request failed due to following response errors:\n - ${message}`, errors: [{ type, message }] }, request);
}

const fixedNow = () => new Date("2026-01-15T10:00:00.000Z");

/** Slack's file type from the name, for the few kinds Shopfloor shares. */
function mimetypeOf(filename: string): string {
  const ext = filename.split(".").pop()?.toLowerCase() ?? "";
  return ({ png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", txt: "text/plain", csv: "text/csv", json: "application/json" } as Record<string, string>)[ext] ?? "application/octet-stream";
}

// ---------------------------------------------------------------------------------------------------------
// Chat (Slack)
// ---------------------------------------------------------------------------------------------------------

export interface FakeMessage {
  channel: string;
  ts: string;
  /** Set for thread replies. */
  threadTs?: string;
  /** "bot" for messages Shopfloor posted, otherwise the Slack user id. */
  user: string;
  text: string;
  blocks?: Block[];
  metadata?: MessageMetadata;
  /** Earlier versions, oldest first, after chat.update (or a person's edit). */
  edits: { text: string; blocks?: Block[] }[];
  /** Files a person attached, or the file the bot shared (uploadFile). */
  files?: ChatMessage["files"];
}

/** A file Shopfloor shared through uploadFile, with its bytes. */
export type FakeUpload = UploadFileInput & {
  fileId: string;
  /** The message that carries the file. */
  ts: string;
};

/** Display names of the people tests use (users.info's `profile.display_name`). */
export const FAKE_USER_NAMES: Readonly<Record<string, string>> = {
  U0ALICE: "alice",
  U0BOB: "bob",
  U0CAROL: "carol",
  U0DAVE: "dave",
  U0SHOPFLOOR: "shopfloor",
};

/** A read the chat port was asked for (getMessage, getPermalink, userName), in order. */
export interface ChatLookup {
  method: "getMessage" | "getPermalink" | "userName";
  args: string[];
}

export interface FakeChatOptions {
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /** Scopes the bot token has; defaults to every scope of slack-surface.ts. */
  scopes?: string[];
  /** Channels that exist; posting elsewhere fails with channel_not_found. Default: any channel exists. */
  channels?: string[];
  /** User id → display name for userName(); defaults to FAKE_USER_NAMES. Unknown ids come back as the id. */
  userNames?: Record<string, string>;
  /** Slack workspace subdomain of permalinks (default "acme"). */
  workspaceDomain?: string;
  /** User group id → member user ids (listUserGroupMembers); also seedable later through `userGroups`. */
  userGroups?: Record<string, string[]>;
}

export class FakeChat implements ChatPort {
  readonly faults = new Faults<keyof ChatPort>();
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: (PostEphemeralInput & { messageTs: string })[] = [];
  readonly responses: RespondInput[] = [];
  readonly homeViews = new Map<string, Block[]>();
  /** Files shared through uploadFile, oldest first. */
  readonly uploads: FakeUpload[] = [];
  /** Every getMessage / getPermalink / userName call, in order. */
  readonly lookups: ChatLookup[] = [];
  /** User group id (S…) → member user ids; a group not here is Slack's `no_such_subteam`. */
  readonly userGroups: Map<string, string[]>;
  private readonly userNames: Map<string, string>;
  private readonly domain: string;
  private readonly reactionSet = new Set<string>();
  private readonly identityValue: ChatIdentity;
  private readonly channels: Set<string> | undefined;
  private clock = 1_767_000_000;
  private counter = 0;

  constructor(opts: FakeChatOptions = {}) {
    this.identityValue = {
      teamId: opts.teamId ?? "T0FAKETEAM",
      userId: opts.botUserId ?? "U0SHOPFLOOR",
      botId: opts.botId ?? "B0SHOPFLOOR",
      scopes: opts.scopes ?? [...BOT_SCOPES],
    };
    this.channels = opts.channels ? new Set(opts.channels) : undefined;
    this.userNames = new Map(Object.entries(opts.userNames ?? FAKE_USER_NAMES));
    this.domain = opts.workspaceDomain ?? "acme";
    this.userGroups = new Map(Object.entries(opts.userGroups ?? {}).map(([id, users]) => [id, [...users]]));
  }

  /** Seeds a message a person wrote (a bug report, a thread reply, with files); returns its ts. */
  addUserMessage(input: { channel: string; user: string; text: string; threadTs?: string; files?: ChatMessage["files"] }): PostedMessage {
    const { files, ...rest } = input;
    const message: FakeMessage = { ...rest, ts: this.nextTs(), edits: [], ...(files ? { files: files.map((f) => ({ ...f })) } : {}) };
    this.messages.push(message);
    return { channel: message.channel, ts: message.ts };
  }

  /** A person edits their message (the reporter rewording a bug report); the old text goes to `edits`. */
  editUserMessage(channel: string, ts: string, text: string): FakeMessage {
    const message = this.message(channel, ts);
    if (!message) throw new Error(`FakeChat: no message ${channel}/${ts} to edit`);
    message.edits.push({ text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
    message.text = text;
    return message;
  }

  /** A person deletes their message: it is gone from the channel, as getMessage then reports. */
  deleteUserMessage(channel: string, ts: string): void {
    const index = this.messages.findIndex((m) => m.channel === channel && m.ts === ts);
    if (index === -1) throw new Error(`FakeChat: no message ${channel}/${ts} to delete`);
    this.messages.splice(index, 1);
    const prefix = `${channel}|${ts}|`;
    for (const key of [...this.reactionSet]) if (key.startsWith(prefix)) this.reactionSet.delete(key);
  }

  /** Messages Shopfloor posted, optionally in one channel. */
  botMessages(channel?: string): FakeMessage[] {
    return this.messages.filter((m) => m.user === "bot" && (channel === undefined || m.channel === channel));
  }

  /** Replies in a thread (without its parent), oldest first. */
  threadReplies(channel: string, threadTs: string): FakeMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.threadTs === threadTs && m.ts !== threadTs);
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Reaction names on a message. */
  reactions(channel: string, ts: string): string[] {
    const prefix = `${channel}|${ts}|`;
    return [...this.reactionSet].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  async postMessage(input: PostMessageInput): Promise<PostedMessage> {
    await this.faults.check("postMessage");
    this.assertChannel(input.channel, "chat.postMessage");
    if (!input.text.trim() && !input.blocks?.length) throw slackApiError("no_text", { method: "chat.postMessage" });
    const message: FakeMessage = {
      channel: input.channel,
      ts: this.nextTs(),
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
      user: "bot",
      text: input.text,
      ...(input.blocks ? { blocks: input.blocks } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
      edits: [],
    };
    this.messages.push(message);
    return { channel: message.channel, ts: message.ts };
  }

  async listUserGroupMembers(groupId: string): Promise<string[]> {
    await this.faults.check("listUserGroupMembers");
    const users = this.userGroups.get(groupId);
    if (!users) throw slackApiError("no_such_subteam", { method: "usergroups.users.list" });
    return [...users];
  }

  async updateMessage(input: UpdateMessageInput): Promise<PostedMessage> {
    await this.faults.check("updateMessage");
    const message = this.message(input.channel, input.ts);
    if (!message) throw slackApiError("message_not_found", { method: "chat.update" });
    if (message.user !== "bot") throw slackApiError("cant_update_message", { method: "chat.update" });
    message.edits.push({ text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
    message.text = input.text;
    if (input.blocks) message.blocks = input.blocks;
    else delete message.blocks;
    if (input.metadata) message.metadata = input.metadata;
    return { channel: message.channel, ts: message.ts };
  }

  async postEphemeral(input: PostEphemeralInput): Promise<{ messageTs: string }> {
    await this.faults.check("postEphemeral");
    this.assertChannel(input.channel, "chat.postEphemeral");
    const messageTs = this.nextTs();
    this.ephemerals.push({ ...input, messageTs });
    return { messageTs };
  }

  async addReaction(input: ReactionInput): Promise<void> {
    await this.faults.check("addReaction");
    if (!this.message(input.channel, input.ts)) throw slackApiError("message_not_found", { method: "reactions.add" });
    this.reactionSet.add(`${input.channel}|${input.ts}|${input.name}`);
  }

  async removeReaction(input: ReactionInput): Promise<void> {
    await this.faults.check("removeReaction");
    if (!this.message(input.channel, input.ts)) throw slackApiError("message_not_found", { method: "reactions.remove" });
    this.reactionSet.delete(`${input.channel}|${input.ts}|${input.name}`);
  }

  async findMessageByMetadata(input: FindMessageInput): Promise<PostedMessage | null> {
    await this.faults.check("findMessageByMetadata");
    const candidates = this.botMessages(input.channel).filter((m) =>
      input.threadTs ? m.threadTs === input.threadTs || m.ts === input.threadTs : true,
    );
    const found = candidates
      .reverse()
      .find((m) => m.metadata?.eventType === input.eventType && m.metadata.payload.key === input.key);
    return found ? { channel: found.channel, ts: found.ts } : null;
  }

  async publishHome(input: { userId: string; blocks: Block[] }): Promise<void> {
    await this.faults.check("publishHome");
    this.homeViews.set(input.userId, input.blocks);
  }

  async respond(input: RespondInput): Promise<void> {
    await this.faults.check("respond");
    this.responses.push(input);
  }

  /** As Slack's completeUploadExternal: one bot message carrying the file, its text the initial comment. */
  async uploadFile(input: UploadFileInput): Promise<{ fileId: string }> {
    await this.faults.check("uploadFile");
    this.assertChannel(input.channel, "files.completeUploadExternal");
    if (input.bytes.byteLength === 0) throw slackApiError("invalid_arguments", { method: "files.getUploadURLExternal" });
    this.counter += 1;
    const fileId = `F0FAKE${String(this.counter).padStart(6, "0")}`;
    const ts = this.nextTs();
    this.messages.push({
      channel: input.channel,
      ts,
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
      user: "bot",
      text: input.initialComment ?? "",
      edits: [],
      files: [{ id: fileId, name: input.filename, url: `https://files.slack.com/files-pri/${this.identityValue.teamId}-${fileId}/${encodeURIComponent(input.filename)}`, mimetype: mimetypeOf(input.filename) }],
    });
    this.uploads.push({
      channel: input.channel,
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
      filename: input.filename,
      title: input.title,
      altText: input.altText,
      bytes: new Uint8Array(input.bytes),
      ...(input.initialComment !== undefined ? { initialComment: input.initialComment } : {}),
      fileId,
      ts,
    });
    return { fileId };
  }

  async getMessage(channel: string, ts: string): Promise<ChatMessage | null> {
    this.lookups.push({ method: "getMessage", args: [channel, ts] });
    await this.faults.check("getMessage");
    this.assertChannel(channel, "conversations.history");
    const m = this.message(channel, ts);
    if (!m) return null;
    return {
      channel: m.channel,
      ts: m.ts,
      user: m.user === "bot" ? this.identityValue.userId : m.user,
      text: m.text,
      ...(m.threadTs && m.threadTs !== m.ts ? { threadTs: m.threadTs } : {}),
      files: (m.files ?? []).map((f) => ({ ...f })),
    };
  }

  /** As Slack: `https://<domain>.slack.com/archives/<channel>/p<ts without the dot>`, plus the thread for replies. */
  async getPermalink(channel: string, ts: string): Promise<string> {
    this.lookups.push({ method: "getPermalink", args: [channel, ts] });
    await this.faults.check("getPermalink");
    this.assertChannel(channel, "chat.getPermalink");
    const m = this.message(channel, ts);
    if (!m) throw slackApiError("message_not_found", { method: "chat.getPermalink" });
    const base = `https://${this.domain}.slack.com/archives/${channel}/p${ts.replace(".", "")}`;
    return m.threadTs && m.threadTs !== m.ts ? `${base}?thread_ts=${m.threadTs}&cid=${channel}` : base;
  }

  /** Never fails for an unknown user: like the adapter, it falls back to the id. */
  async userName(userId: string): Promise<string> {
    this.lookups.push({ method: "userName", args: [userId] });
    try {
      await this.faults.check("userName");
    } catch {
      return userId;
    }
    return this.userNames.get(userId) ?? userId;
  }

  async identity(): Promise<ChatIdentity> {
    await this.faults.check("identity");
    return { ...this.identityValue, scopes: [...this.identityValue.scopes] };
  }

  private assertChannel(channel: string, method: string): void {
    if (this.channels && !this.channels.has(channel)) throw slackApiError("channel_not_found", { method });
  }

  /** Slack timestamps: seconds.microseconds, unique and increasing within the workspace. */
  private nextTs(): string {
    this.counter += 1;
    return `${this.clock + this.counter}.${String(this.counter).padStart(6, "0")}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Forge (GitHub)
// ---------------------------------------------------------------------------------------------------------

export interface FakeForgeOptions {
  owner?: string;
  name?: string;
  defaultBranch?: string;
  private?: boolean;
  /** As GitHub reports them on GET /repos/{owner}/{repo}. */
  permissions?: Record<string, boolean>;
  /** Logins with write access (hasWriteAccess). */
  writers?: string[];
  /** Login shown as author of what Shopfloor creates. */
  botLogin?: string;
  now?: () => Date;
  /** Labels the repository already has (others appear when used, as on GitHub, with colour ededed). */
  labels?: LabelSpec[];
  /** Files on the default branch, path → text (getFileText). */
  files?: Record<string, string>;
}

/** GitHub's 422 sentences for inline review comments it cannot place (the whole review is refused). */
const HUNK_BLANK = "Pull request review thread diff hunk can't be blank";

/** Index of the hunk header a patch line belongs to. */
function hunkIndex(lines: PatchLine[], line: PatchLine): number {
  let i = lines.indexOf(line);
  while (i > 0 && lines[i]?.kind !== "hunk") i--;
  return i;
}

/** What a FakeForge was asked to search, in order. */
export interface ForgeSearch {
  query: string;
  max: number;
}

export class FakeForge implements ForgePort {
  readonly faults = new Faults<keyof ForgePort>();
  /** Issues and the issue side of PRs (labels, comments), by number. */
  readonly issues = new Map<number, ForgeIssue>();
  readonly pulls = new Map<number, ForgePullRequest>();
  readonly comments = new Map<number, ForgeComment[]>();
  readonly checks = new Map<string, ForgeCheck[]>();
  /** Every successful merge, in order. */
  readonly merges: MergeInput[] = [];
  /** Every commit commitFile made, in order; a call that found the content already there adds nothing. */
  readonly commits: { branch: string; path: string; content: string; message: string; sha: string; parent: string }[] = [];
  /** Branches deleteBranch removed, in order; deleting one that is already gone adds nothing. */
  readonly deletedBranches: string[] = [];
  /** The repository's labels by lower-case name, with colour and description. */
  readonly labels = new Map<string, LabelSpec>();
  /** Names ensureLabels created, in order, over all calls. */
  readonly createdLabels: string[] = [];
  /** Why each closed issue was closed (closeIssue), by number. */
  readonly closeReasons = new Map<number, "completed" | "not_planned">();
  /** Files on the default branch, path → text; seed with `forge.files.set(…)` or the `files` option. */
  readonly files = new Map<string, string>();
  readonly searches: ForgeSearch[] = [];
  /** Files per ref other than the default branch (getFileText with a ref); a ref not here reads `files`. */
  readonly filesAt = new Map<string, Map<string, string>>();
  /** The files of each PR, with patches; inline review comments must land on a RIGHT-side line of a hunk. */
  readonly pullFiles = new Map<number, ForgeFileChange[]>();
  /** Comparisons by `"base...head"`; compareCommits of anything else is GitHub's 404 (unless base equals head). */
  readonly comparisons = new Map<string, ForgeComparison>();
  /** Submitted reviews per PR, oldest first. */
  readonly reviews = new Map<number, ForgeReview[]>();
  /** Review threads per PR: one per inline comment of a review, replies appended. */
  readonly threads = new Map<number, ForgeReviewThread[]>();
  /** Every update-branch GitHub accepted, in order. */
  readonly branchUpdates: { number: number; expectedHeadSha: string }[] = [];
  /** Check run ids re-run, in order. */
  readonly rerequested: number[] = [];
  /** Timeline events per issue or PR, oldest first; seed with `forge.timelines.set(n, [...])`. */
  readonly timelines = new Map<number, ForgeTimelineEvent[]>();
  /**
   * Branches of the repository, name → head sha: the default branch, the heads of open seeded PRs, and what
   * `pushBranch` added. createPullRequest needs its head and base here, as GitHub needs them to exist.
   */
  readonly branches = new Map<string, string>();
  readonly owner: string;
  readonly name: string;
  private readonly repo: ForgeRepository;
  private readonly writers: Set<string>;
  private readonly botLogin: string;
  private readonly now: () => Date;
  private nextNumber = 1;
  private nextCommentId = 1001;
  private nextReviewId = 5001;

  constructor(opts: FakeForgeOptions = {}) {
    this.owner = opts.owner ?? "acme";
    this.name = opts.name ?? "shop";
    this.repo = {
      fullName: `${this.owner}/${this.name}`,
      defaultBranch: opts.defaultBranch ?? "main",
      private: opts.private ?? true,
      permissions: opts.permissions ?? { admin: false, maintain: false, push: true, triage: true, pull: true },
      cloneUrl: `https://github.com/${this.owner}/${this.name}.git`,
    };
    this.branches.set(this.repo.defaultBranch, createHash("sha1").update(`${this.repo.fullName} ${this.repo.defaultBranch}`).digest("hex"));
    this.writers = new Set(opts.writers ?? []);
    this.botLogin = opts.botLogin ?? "shopfloor[bot]";
    this.now = opts.now ?? fixedNow;
    for (const label of opts.labels ?? []) this.labels.set(label.name.toLowerCase(), { ...label });
    for (const [path, text] of Object.entries(opts.files ?? {})) this.files.set(path, text);
  }

  /** Seeds an issue; numbers are shared with PRs, as on GitHub. */
  addIssue(partial: Partial<Omit<ForgeIssue, "number" | "isPullRequest" | "url">> & { title: string }): ForgeIssue {
    const number = this.nextNumber++;
    const at = this.now().toISOString();
    const issue: ForgeIssue = {
      body: "",
      state: "open",
      labels: [],
      author: "octocat",
      createdAt: at,
      updatedAt: at,
      ...partial,
      number,
      isPullRequest: false,
      url: `https://github.com/${this.repo.fullName}/issues/${number}`,
    };
    this.issues.set(number, issue);
    this.rememberLabels(issue.labels);
    return issue;
  }

  /** Seeds a pull request (and its issue side, which holds labels and comments). */
  addPullRequest(partial: Partial<Omit<ForgePullRequest, "number" | "url">> & { title: string; headSha: string }): ForgePullRequest {
    const number = this.nextNumber++;
    const at = this.now().toISOString();
    const url = `https://github.com/${this.repo.fullName}/pull/${number}`;
    const pr: ForgePullRequest = {
      body: "",
      state: "open",
      merged: false,
      mergeCommitSha: null,
      draft: false,
      mergeable: true,
      mergeableState: "clean",
      headRef: `shopfloor/${number}`,
      baseRef: this.repo.defaultBranch,
      author: this.botLogin,
      labels: [],
      additions: 0,
      deletions: 0,
      changedFiles: 0,
      createdAt: at,
      updatedAt: at,
      ...partial,
      number,
      url,
    };
    this.pulls.set(number, pr);
    if (pr.state === "open" && !this.branches.has(pr.headRef)) this.branches.set(pr.headRef, pr.headSha);
    this.issues.set(number, {
      number,
      title: pr.title,
      body: pr.body,
      state: pr.state,
      labels: [...pr.labels],
      url,
      author: pr.author,
      createdAt: pr.createdAt,
      updatedAt: pr.updatedAt,
      closedAt: pr.closedAt ?? null,
      isPullRequest: true,
    });
    this.rememberLabels(pr.labels);
    return this.pullView(pr);
  }

  /**
   * A push of `branch` (a new commit sha when none is given), as `git push` would do it: open PRs from the branch
   * get the new head. Returns the sha.
   */
  pushBranch(branch: string, sha?: string): string {
    const head = sha ?? createHash("sha1").update(`${this.repo.fullName} ${branch} ${this.branches.get(branch) ?? ""}`).digest("hex");
    this.branches.set(branch, head);
    for (const pr of this.pulls.values()) {
      if (pr.state !== "open" || pr.headRef !== branch) continue;
      pr.headSha = head;
      pr.updatedAt = this.now().toISOString();
    }
    return head;
  }

  setChecks(ref: string, checks: ForgeCheck[]): void {
    this.checks.set(ref, checks);
  }

  async getRepository(): Promise<ForgeRepository> {
    await this.faults.check("getRepository");
    return { ...this.repo, permissions: { ...this.repo.permissions } };
  }

  async getIssue(number: number): Promise<ForgeIssue> {
    await this.faults.check("getIssue");
    return { ...this.issueOrThrow(number) };
  }

  async listIssues(query: { state?: "open" | "closed" | "all"; labels?: string[]; since?: string; max?: number }): Promise<ForgeIssue[]> {
    await this.faults.check("listIssues");
    const state = query.state ?? "open";
    return [...this.issues.values()]
      .filter((i) => state === "all" || i.state === state)
      .filter((i) => (query.labels ?? []).every((l) => i.labels.includes(l)))
      .filter((i) => !query.since || i.updatedAt >= query.since)
      .sort((a, b) => b.number - a.number)
      .slice(0, query.max ?? 100)
      .map((i) => ({ ...i, labels: [...i.labels] }));
  }

  async createIssue(input: CreateIssueInput): Promise<ForgeIssue> {
    await this.faults.check("createIssue");
    if (!input.title.trim()) throw githubApiError(422, "Validation Failed: title is missing");
    return { ...this.addIssue({ title: input.title, body: input.body, labels: [...new Set(input.labels ?? [])], author: this.botLogin }) };
  }

  /**
   * GitHub issue search over the seeded issues, with the fake GitHub server's matching (any word of the
   * title or body, best match first; `is:open`, `label:x`, … filter). Pull requests never match.
   */
  async searchIssues(query: string, max = 20): Promise<ForgeIssue[]> {
    this.searches.push({ query, max });
    await this.faults.check("searchIssues");
    if (max <= 0) return [];
    const parsed = { ...parseIssueSearch(query), type: "issue" as const };
    const hits = searchIssues(this.issues.values(), parsed, (i) => ({ ...i, comments: (this.comments.get(i.number) ?? []).map((c) => c.body) }));
    return hits.slice(0, Math.min(max, 1000)).map(({ item }) => ({ ...item, labels: [...item.labels] }));
  }

  async findIssueByMarker(marker: string): Promise<ForgeIssue | null> {
    await this.faults.check("findIssueByMarker");
    const found = [...this.issues.values()].find((i) => !i.isPullRequest && i.body.includes(marker));
    return found ? { ...found } : null;
  }

  async addLabels(number: number, labels: string[]): Promise<string[]> {
    await this.faults.check("addLabels");
    const issue = this.issueOrThrow(number);
    issue.labels = [...new Set([...issue.labels, ...labels])];
    this.rememberLabels(labels);
    this.touch(issue);
    return [...issue.labels];
  }

  async removeLabel(number: number, label: string): Promise<void> {
    await this.faults.check("removeLabel");
    const issue = this.issueOrThrow(number);
    issue.labels = issue.labels.filter((l) => l !== label);
    this.touch(issue);
  }

  /** Creates the labels the repository lacks (names compared case-insensitively, as GitHub does). */
  async ensureLabels(labels: LabelSpec[]): Promise<string[]> {
    await this.faults.check("ensureLabels");
    const created: string[] = [];
    for (const spec of labels) {
      const key = spec.name.toLowerCase();
      if (this.labels.has(key)) continue;
      if (!/^#?[0-9a-fA-F]{6}$/.test(spec.color)) throw githubApiError(422, `Validation Failed: color is invalid (${spec.color})`);
      this.labels.set(key, { ...spec, color: spec.color.replace(/^#/, "") });
      created.push(spec.name);
    }
    this.createdLabels.push(...created);
    return created;
  }

  async closeIssue(number: number, reason: "completed" | "not_planned"): Promise<ForgeIssue> {
    await this.faults.check("closeIssue");
    const issue = this.issueOrThrow(number);
    issue.state = "closed";
    this.closeReasons.set(number, reason);
    const pr = this.pulls.get(number);
    if (pr && !pr.merged) pr.state = "closed";
    this.touch(issue);
    return { ...issue, labels: [...issue.labels] };
  }

  async getFileText(path: string, ref?: string): Promise<string | null> {
    await this.faults.check("getFileText");
    const files = ref === undefined ? this.files : (this.filesAt.get(ref) ?? this.files);
    return files.get(path.replace(/^\/+/, "")) ?? null;
  }

  async listComments(number: number): Promise<ForgeComment[]> {
    await this.faults.check("listComments");
    this.issueOrThrow(number);
    return (this.comments.get(number) ?? []).map((c) => ({ ...c }));
  }

  async createComment(number: number, body: string): Promise<ForgeComment> {
    await this.faults.check("createComment");
    const issue = this.issueOrThrow(number);
    const id = this.nextCommentId++;
    const comment: ForgeComment = {
      id,
      body,
      author: this.botLogin,
      url: `${issue.url}#issuecomment-${id}`,
      createdAt: this.now().toISOString(),
    };
    this.comments.set(number, [...(this.comments.get(number) ?? []), comment]);
    this.touch(issue);
    return { ...comment };
  }

  async updateComment(commentId: number, body: string): Promise<ForgeComment> {
    await this.faults.check("updateComment");
    for (const list of this.comments.values()) {
      const comment = list.find((c) => c.id === commentId);
      if (comment) {
        comment.body = body;
        return { ...comment };
      }
    }
    throw githubApiError(404, "Not Found");
  }

  async findCommentByMarker(number: number, marker: string): Promise<ForgeComment | null> {
    await this.faults.check("findCommentByMarker");
    this.issueOrThrow(number);
    const found = (this.comments.get(number) ?? []).find((c) => c.body.includes(marker));
    return found ? { ...found } : null;
  }

  async getPullRequest(number: number): Promise<ForgePullRequest> {
    await this.faults.check("getPullRequest");
    const pr = this.pulls.get(number);
    if (!pr) throw githubApiError(404, "Not Found");
    return this.pullView(pr);
  }

  async listPullRequests(query: { state?: "open" | "closed" | "all"; max?: number }): Promise<ForgePullRequest[]> {
    await this.faults.check("listPullRequests");
    const state = query.state ?? "open";
    return [...this.pulls.values()]
      .filter((p) => state === "all" || p.state === state)
      .sort((a, b) => b.number - a.number)
      .slice(0, query.max ?? 100)
      .map((p) => this.pullView(p));
  }

  async listChecks(ref: string): Promise<ForgeCheck[]> {
    await this.faults.check("listChecks");
    return (this.checks.get(ref) ?? []).map((c) => ({ ...c }));
  }

  /** GitHub's rules: 404 unknown PR, 405 closed or not mergeable, 409 when the head moved past `sha`. */
  async mergePullRequest(input: MergeInput): Promise<{ sha: string; merged: boolean }> {
    await this.faults.check("mergePullRequest");
    const pr = this.pulls.get(input.number);
    if (!pr) throw githubApiError(404, "Not Found");
    if (pr.merged || pr.state === "closed") throw githubApiError(405, "Pull Request is not mergeable");
    if (pr.headSha !== input.sha) throw githubApiError(409, "Head branch was modified. Review and try the merge again.");
    if (pr.mergeable === false || pr.draft) throw githubApiError(405, "Pull Request is not mergeable");
    const sha = createHash("sha1").update(`${this.repo.fullName}#${pr.number}@${pr.headSha}/${input.method}`).digest("hex");
    pr.merged = true;
    pr.state = "closed";
    pr.mergeCommitSha = sha;
    pr.mergeableState = "unknown";
    pr.updatedAt = this.now().toISOString();
    const issue = this.issues.get(pr.number);
    if (issue) {
      issue.state = "closed";
      this.touch(issue);
    }
    this.merges.push({ ...input });
    return { sha, merged: true };
  }

  /** Like GitHub, deleting the head branch of an open PR closes that PR. */
  async deleteBranch(branch: string): Promise<void> {
    await this.faults.check("deleteBranch");
    // Gone already, unless it was pushed again since.
    if (!this.branches.delete(branch) && this.deletedBranches.includes(branch)) return;
    this.deletedBranches.push(branch);
    for (const pr of this.pulls.values()) {
      if (pr.state !== "open" || pr.headRef !== branch) continue;
      pr.state = "closed";
      pr.updatedAt = this.now().toISOString();
      const issue = this.issues.get(pr.number);
      if (issue) {
        issue.state = "closed";
        this.touch(issue);
      }
    }
  }

  /**
   * As the adapter does it on GitHub: the branch is made from the default branch's head when missing, and the
   * commit becomes its head (open PRs from it follow). The files of a branch are `files` for the default branch,
   * else `filesAt.get(branch)` (a copy of `files` at its first commit); the new commit's sha reads the same files.
   * Content the file already has makes no commit and returns the branch head.
   */
  async commitFile(input: { branch: string; path: string; content: string; message: string }): Promise<{ sha: string }> {
    await this.faults.check("commitFile");
    const path = input.path.replace(/^\/+/, "");
    const request = { operation: `commit ${input.path} on ${input.branch}`, method: "PUT", path: `/contents/${path}` };
    if (!path) throw this.restError(request, 404, { message: "Not Found" });
    if (!input.message.trim()) throw this.restError(request, 422, { message: 'Invalid request.\n\n"message" wasn\'t supplied.' });
    const defaultBranch = this.repo.defaultBranch;
    const parent = this.branches.get(input.branch) ?? this.branches.get(defaultBranch)!;
    if (!this.branches.has(input.branch)) this.branches.set(input.branch, parent);
    const onDefault = input.branch === defaultBranch;
    const current = onDefault ? this.files : (this.filesAt.get(input.branch) ?? new Map(this.files));
    if (current.get(path) === input.content) return { sha: parent };
    const sha = createHash("sha1").update(`${this.repo.fullName} ${input.branch} ${parent} ${path}\0${input.content}`).digest("hex");
    current.set(path, input.content);
    if (!onDefault) this.filesAt.set(input.branch, current);
    this.filesAt.set(sha, new Map(current));
    this.pushBranch(input.branch, sha);
    this.commits.push({ branch: input.branch, path, content: input.content, message: input.message, sha, parent });
    return { sha };
  }

  /** Paths of `files` (or of `filesAt.get(ref)`, as getFileText reads them), sorted, at most `max`. */
  async listFiles(query: { ref?: string; max?: number } = {}): Promise<{ paths: string[]; truncated: boolean }> {
    await this.faults.check("listFiles");
    const files = query.ref === undefined ? this.files : (this.filesAt.get(query.ref) ?? this.files);
    const paths = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const max = Math.max(0, query.max ?? 5000);
    return { paths: paths.slice(0, max), truncated: paths.length > max };
  }

  /** GitHub reverts only a merged PR; the revert is a new open PR from `revert-<n>-<head branch>` into the same base. */
  async createRevertPullRequest(number: number, input: { title: string; body: string }): Promise<ForgePullRequest> {
    await this.faults.check("createRevertPullRequest");
    const operation = `revert #${number}`;
    const pr = this.pullOrThrow(number, { operation, method: "GET", path: `/pulls/${number}` });
    if (!pr.merged) {
      throw githubGraphqlError({ operation, repository: this.repo.fullName }, "UNPROCESSABLE", "Pull request must be merged to be reverted.");
    }
    const headSha = createHash("sha1").update(`${this.repo.fullName} revert #${number} ${this.pulls.size}`).digest("hex");
    return this.addPullRequest({
      title: input.title,
      body: input.body,
      headSha,
      headRef: `revert-${number}-${pr.headRef}`,
      baseRef: pr.baseRef,
      author: this.botLogin,
      additions: pr.deletions,
      deletions: pr.additions,
      changedFiles: pr.changedFiles,
    });
  }

  /**
   * GitHub's rules: head and base must be branches of the repository, one open PR per head and base, and the head
   * must have commits the base lacks (here: a different sha); each refusal is a 422 mapped as the adapter maps it.
   */
  async createPullRequest(input: CreatePullRequestInput): Promise<ForgePullRequest> {
    await this.faults.check("createPullRequest");
    const request = { operation: `open pull request from ${input.head}`, method: "POST", path: "/pulls" };
    const invalid = (field: string) => ({ resource: "PullRequest", code: "invalid", field });
    if (!input.title.trim()) throw this.restError(request, 422, { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "missing_field", field: "title" }] });
    const head = input.head.includes(":") ? input.head.slice(input.head.indexOf(":") + 1) : input.head;
    const headSha = this.branches.get(head);
    const baseSha = this.branches.get(input.base);
    const errors = [...(headSha ? [] : [invalid("head")]), ...(baseSha ? [] : [invalid("base")])];
    if (errors.length || !headSha) throw this.restError(request, 422, { message: "Validation Failed", errors });
    const duplicate = [...this.pulls.values()].some((p) => p.state === "open" && p.headRef === head && p.baseRef === input.base);
    if (duplicate) {
      throw this.restError(request, 422, { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message: `A pull request already exists for ${this.owner}:${head}.` }] });
    }
    if (headSha === baseSha) {
      throw this.restError(request, 422, { message: "Validation Failed", errors: [{ resource: "PullRequest", code: "custom", message: `No commits between ${input.base} and ${head}` }] });
    }
    return this.addPullRequest({ title: input.title, body: input.body, headSha, headRef: head, baseRef: input.base, draft: Boolean(input.draft), author: this.botLogin });
  }

  /** The newest PR (any state) from `branch`, as GitHub's `GET /pulls?head=<owner>:<branch>&state=all` lists it first. */
  async findPullRequestByHead(branch: string): Promise<ForgePullRequest | null> {
    await this.faults.check("findPullRequestByHead");
    const matches = [...this.pulls.values()].filter((p) => p.headRef === branch).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.number - a.number);
    return matches[0] ? this.pullView(matches[0]) : null;
  }

  /**
   * GitHub's rules: refused (the adapter's Conflict) when the head is not `expectedHeadSha`, 422 on conflicts; a
   * branch that is behind gets a new head (the merge commit) and is no longer behind; one up to date is left alone.
   */
  async updateBranch(number: number, expectedHeadSha: string): Promise<void> {
    await this.faults.check("updateBranch");
    const request = { operation: `update branch of #${number}`, method: "PUT", path: `/pulls/${number}/update-branch` };
    const pr = this.pullOrThrow(number, request);
    if (pr.state !== "open") throw this.restError(request, 422, { message: "Validation Failed", errors: ["Pull request is closed"] });
    if (pr.headSha !== expectedHeadSha) throw headMovedError(number, expectedHeadSha);
    if (pr.mergeable === false || pr.mergeableState === "dirty") throw this.restError(request, 422, { message: "merge conflict between base and head" });
    if (pr.mergeableState !== "behind") return;
    pr.headSha = createHash("sha1").update(`${this.repo.fullName}#${number} update ${expectedHeadSha}`).digest("hex");
    pr.mergeableState = "clean";
    pr.updatedAt = this.now().toISOString();
    this.branchUpdates.push({ number, expectedHeadSha });
  }

  /** A completed check run of any seeded ref starts again (queued); anything else is GitHub's 404 or 422. */
  async rerequestCheckRun(checkRunId: number): Promise<void> {
    await this.faults.check("rerequestCheckRun");
    const request = { operation: `re-run check run ${checkRunId}`, method: "POST", path: `/check-runs/${checkRunId}/rerequest` };
    const check = [...this.checks.values()].flat().find((c) => c.source === "check-run" && c.id === checkRunId);
    if (!check) throw this.restError(request, 404, { message: "Not Found" });
    if (check.status !== "completed") {
      throw this.restError(request, 422, { message: "Validation Failed", errors: [{ resource: "CheckRun", code: "custom", message: "This check run is not rerequestable" }] });
    }
    Object.assign(check, { status: "queued", conclusion: null, startedAt: this.now().toISOString(), completedAt: null });
    this.rerequested.push(checkRunId);
  }

  async listTimeline(number: number, max = 100): Promise<ForgeTimelineEvent[]> {
    await this.faults.check("listTimeline");
    if (!this.issues.has(number)) throw this.restError({ operation: `list timeline of #${number}`, method: "GET", path: `/issues/${number}/timeline` }, 404, { message: "Not Found" });
    if (max <= 0) return [];
    return (this.timelines.get(number) ?? []).slice(-max).map((e) => ({ ...e }));
  }

  async hasWriteAccess(login: string): Promise<boolean> {
    await this.faults.check("hasWriteAccess");
    return this.writers.has(login);
  }

  async listPullRequestFiles(number: number): Promise<ForgeFileChange[]> {
    await this.faults.check("listPullRequestFiles");
    this.pullOrThrow(number, { operation: `list files of #${number}`, method: "GET", path: `/pulls/${number}/files` });
    return (this.pullFiles.get(number) ?? []).map((f) => ({ ...f }));
  }

  async compareCommits(base: string, head: string): Promise<ForgeComparison> {
    await this.faults.check("compareCommits");
    const found = this.comparisons.get(`${base}...${head}`);
    if (found) return { ...found, files: found.files.map((f) => ({ ...f })) };
    if (base === head) return { status: "identical", aheadBy: 0, files: [] };
    throw this.restError({ operation: `compare ${base.slice(0, 40)}...${head.slice(0, 40)}`, method: "GET", path: `/compare/${base}...${head}` }, 404, { message: "Not Found" });
  }

  async listReviews(number: number): Promise<ForgeReview[]> {
    await this.faults.check("listReviews");
    this.pullOrThrow(number, { operation: `list reviews of #${number}`, method: "GET", path: `/pulls/${number}/reviews` });
    return (this.reviews.get(number) ?? []).map((r) => ({ ...r }));
  }

  /**
   * GitHub's rules: no APPROVE / REQUEST_CHANGES by the PR's author (the bot login), a body for
   * COMMENT / REQUEST_CHANGES without inline comments, and every inline comment on a RIGHT-side line of a
   * hunk of that file's patch in `pullFiles` (a range within one hunk). One refused comment refuses all.
   */
  async createReview(input: CreateReviewInput): Promise<ForgeReview> {
    await this.faults.check("createReview");
    const request = { operation: `review #${input.number}`, method: "POST", path: `/pulls/${input.number}/reviews` };
    const pr = this.pullOrThrow(input.number, request);
    const refuse = (...errors: string[]) => this.restError(request, 422, { message: "Unprocessable Entity", errors });
    const own = pr.author.toLowerCase() === this.botLogin.toLowerCase();
    if (own && input.event === "APPROVE") throw refuse("Can not approve your own pull request");
    if (own && input.event === "REQUEST_CHANGES") throw refuse("Can not request changes on your own pull request");
    if (input.event !== "APPROVE" && !input.body.trim() && input.comments.length === 0) throw refuse(`Review body is required when using ${input.event} event`);
    for (const c of input.comments) {
      if (!c.body.trim()) throw refuse("Body can't be blank");
      const file = this.pullFiles.get(input.number)?.find((f) => f.path === c.path);
      if (!file) throw refuse(`Pull request review thread path is invalid and ${HUNK_BLANK}`);
      const lines = parsePatch(file.patch);
      const end = findLine(lines, "RIGHT", c.line);
      if (!end) throw refuse(`Pull request review thread line must be part of the diff and ${HUNK_BLANK}`);
      if (c.startLine !== undefined && c.startLine !== c.line) {
        const start = findLine(lines, "RIGHT", c.startLine);
        if (!start || c.startLine > c.line) throw refuse(`Pull request review thread start line must be part of the diff and ${HUNK_BLANK}`);
        if (hunkIndex(lines, start) !== hunkIndex(lines, end)) throw refuse("Pull request review thread start line must be part of the same hunk as the line.");
      }
    }
    const state = input.event === "APPROVE" ? "APPROVED" : input.event === "REQUEST_CHANGES" ? "CHANGES_REQUESTED" : "COMMENTED";
    const review: ForgeReview = { id: this.nextReviewId++, author: this.botLogin, state, commitId: input.commitId, body: input.body, submittedAt: this.now().toISOString() };
    this.reviews.set(input.number, [...(this.reviews.get(input.number) ?? []), review]);
    const threads = input.comments.map((c): ForgeReviewThread => {
      const id = this.nextCommentId++;
      return {
        id: `PRRT_fake${id}`,
        isResolved: false,
        isOutdated: false,
        path: c.path,
        line: c.line,
        originalLine: c.line,
        startLine: c.startLine !== undefined && c.startLine !== c.line ? c.startLine : null,
        comments: [{ id, author: this.botLogin, body: c.body }],
      };
    });
    this.threads.set(input.number, [...(this.threads.get(input.number) ?? []), ...threads]);
    pr.updatedAt = this.now().toISOString();
    return { ...review };
  }

  /** Only an approval or a request for changes can be dismissed, with a message. */
  async dismissReview(number: number, reviewId: number, message: string): Promise<ForgeReview> {
    await this.faults.check("dismissReview");
    const request = { operation: `dismiss review ${reviewId} on #${number}`, method: "PUT", path: `/pulls/${number}/reviews/${reviewId}/dismissals` };
    this.pullOrThrow(number, request);
    const review = this.reviews.get(number)?.find((r) => r.id === reviewId);
    if (!review) throw this.restError(request, 404, { message: "Not Found" });
    if (review.state !== "APPROVED" && review.state !== "CHANGES_REQUESTED") {
      throw this.restError(request, 422, { message: "Unprocessable Entity", errors: ["Can not dismiss a commented pull request review"] });
    }
    if (!message.trim()) throw this.restError(request, 422, { message: "Validation Failed", errors: [{ resource: "PullRequestReview", code: "missing_field", field: "message" }] });
    review.state = "DISMISSED";
    return { ...review };
  }

  async listReviewThreads(number: number): Promise<ForgeReviewThread[]> {
    await this.faults.check("listReviewThreads");
    if (!this.pulls.has(number)) {
      throw githubGraphqlError({ operation: `list review threads of #${number}`, repository: this.repo.fullName }, "NOT_FOUND", `Could not resolve to a PullRequest with the number of ${number}.`);
    }
    return (this.threads.get(number) ?? []).map((t) => ({ ...t, comments: t.comments.map((c) => ({ ...c })) }));
  }

  /** The reply joins the thread of `commentId` (a comment of that PR), authored by the bot login. */
  async replyToReviewComment(number: number, commentId: number, body: string): Promise<{ id: number }> {
    await this.faults.check("replyToReviewComment");
    const request = { operation: `reply to review comment ${commentId} on #${number}`, method: "POST", path: `/pulls/${number}/comments/${commentId}/replies` };
    this.pullOrThrow(number, request);
    const thread = this.threads.get(number)?.find((t) => t.comments.some((c) => c.id === commentId));
    if (!thread) throw this.restError(request, 404, { message: "Not Found" });
    if (!body.trim()) throw this.restError(request, 422, { message: "Validation Failed", errors: [{ resource: "PullRequestReviewComment", code: "missing_field", field: "body" }] });
    const id = this.nextCommentId++;
    thread.comments.push({ id, author: this.botLogin, body });
    return { id };
  }

  async resolveReviewThread(threadId: string): Promise<void> {
    await this.faults.check("resolveReviewThread");
    const thread = [...this.threads.values()].flat().find((t) => t.id === threadId);
    if (!thread) {
      throw githubGraphqlError({ operation: `resolve review thread ${threadId}`, repository: this.repo.fullName }, "NOT_FOUND", `Could not resolve to a node with the global id of '${threadId}'`);
    }
    thread.isResolved = true;
  }

  private pullOrThrow(number: number, request: { operation: string; method: string; path: string }): ForgePullRequest {
    const pr = this.pulls.get(number);
    if (!pr) throw this.restError(request, 404, { message: "Not Found" });
    return pr;
  }

  /** `path` is relative to the repository (`/pulls/3/reviews`). */
  private restError(request: { operation: string; method: string; path: string }, status: number, data: { message: string; errors?: unknown[] }): AppError {
    const repository = this.repo.fullName;
    return githubRestError({ ...request, repository, path: `/repos/${repository}${request.path}` }, status, data);
  }

  private issueOrThrow(number: number): ForgeIssue {
    const issue = this.issues.get(number);
    if (!issue) throw githubApiError(404, "Not Found");
    return issue;
  }

  /** Labels used on an issue exist in the repository afterwards, as GitHub creates them for writers. */
  private rememberLabels(names: string[]): void {
    for (const name of names) if (!this.labels.has(name.toLowerCase())) this.labels.set(name.toLowerCase(), { name, color: "ededed", description: "" });
  }

  private touch(issue: ForgeIssue): void {
    issue.updatedAt = this.now().toISOString();
  }

  /** A PR as GitHub returns it: labels live on the issue side. */
  private pullView(pr: ForgePullRequest): ForgePullRequest {
    return { ...pr, labels: [...(this.issues.get(pr.number)?.labels ?? pr.labels)] };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------------------------------------

type Scripted<Req, T> = T | ((request: Req) => T | Promise<T>);

export interface RecordedModelCall {
  kind: "structured" | "toolTurn";
  task: string;
  model: string;
  promptId: string;
  promptHash: string;
  /** Every message sent: the prompt's, then the extra conversation. */
  messages: { role: string; content: string }[];
}

export interface FakeModelOptions {
  /** What ping() lists. */
  models?: string[];
  defaultModel?: string;
  /** Task → model, as models.tasks in shopfloor.yml. */
  tasks?: Record<string, string>;
}

/**
 * A scripted model: answers are queued per task (`model.answer("triage.classify", {...})`) and consumed in
 * order. Structured answers are validated with the request's schema, so a script that does not match the
 * schema fails like a real model's invalid output. A call without a scripted answer fails loudly.
 */
export class FakeModel implements ModelPort {
  readonly faults = new Faults<keyof ModelPort>();
  readonly calls: RecordedModelCall[] = [];
  private readonly structuredAnswers = new Map<string, Scripted<StructuredRequest<unknown>, unknown>[]>();
  private readonly toolTurns = new Map<string, Scripted<ToolTurnRequest, ToolTurn>[]>();
  private readonly models: string[];
  private readonly defaultModel: string;
  private readonly tasks: Record<string, string>;

  constructor(opts: FakeModelOptions = {}) {
    this.defaultModel = opts.defaultModel ?? "gpt-4.1-mini";
    this.models = opts.models ?? [this.defaultModel];
    this.tasks = opts.tasks ?? {};
  }

  /** Queues a structured answer for a task: a value, or a function of the request. */
  answer<T>(task: string, value: Scripted<StructuredRequest<T>, T>): this {
    const list = this.structuredAnswers.get(task) ?? [];
    list.push(value as Scripted<StructuredRequest<unknown>, unknown>);
    this.structuredAnswers.set(task, list);
    return this;
  }

  /** Queues one tool-calling turn for a task. */
  turn(task: string, value: Scripted<ToolTurnRequest, ToolTurn>): this {
    const list = this.toolTurns.get(task) ?? [];
    list.push(value);
    this.toolTurns.set(task, list);
    return this;
  }

  /** Answers still queued, per task: a test can assert that the graph asked everything it was expected to. */
  pending(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [task, list] of [...this.structuredAnswers, ...this.toolTurns]) if (list.length) out[task] = (out[task] ?? 0) + list.length;
    return out;
  }

  async structured<T>(request: StructuredRequest<T>): Promise<{ value: T; meta: ModelCallMeta }> {
    await this.faults.check("structured");
    const scripted = this.structuredAnswers.get(request.task)?.shift();
    const meta = this.record("structured", request);
    if (scripted === undefined) {
      throw new AppError(ErrorCode.Internal, `FakeModel: no scripted answer for task ${request.task}; call model.answer("${request.task}", …)`);
    }
    const raw = typeof scripted === "function" ? await (scripted as (r: StructuredRequest<T>) => unknown)(request) : scripted;
    const parsed = request.schema.safeParse(raw);
    if (!parsed.success) {
      throw new AppError(ErrorCode.ModelInvalidOutput, `model output for ${request.task} does not match the schema: ${parsed.error.message}`, {
        details: { task: request.task },
      });
    }
    return { value: parsed.data, meta: { ...meta, usage: { ...meta.usage, completionTokens: tokens(JSON.stringify(raw)) } } };
  }

  async toolTurn(request: ToolTurnRequest): Promise<{ turn: ToolTurn; meta: ModelCallMeta }> {
    await this.faults.check("toolTurn");
    const scripted = this.toolTurns.get(request.task)?.shift();
    const meta = this.record("toolTurn", request);
    if (scripted === undefined) {
      throw new AppError(ErrorCode.Internal, `FakeModel: no scripted turn for task ${request.task}; call model.turn("${request.task}", …)`);
    }
    const turn = typeof scripted === "function" ? await scripted(request) : scripted;
    // Like the OpenAI adapter, a call of a tool that was not offered is passed on: the caller answers it.
    return { turn, meta: { ...meta, usage: { ...meta.usage, completionTokens: tokens(turn.content) } } };
  }

  async ping(): Promise<{ models: string[] }> {
    await this.faults.check("ping");
    return { models: [...this.models] };
  }

  private record(kind: RecordedModelCall["kind"], request: StructuredRequest<unknown> | ToolTurnRequest): ModelCallMeta {
    const model = this.tasks[request.task] ?? request.prompt.model ?? this.defaultModel;
    const messages = [...request.prompt.messages, ...(request.messages ?? [])].map((m) => ({ role: m.role, content: m.content }));
    this.calls.push({ kind, task: request.task, model, promptId: request.prompt.id, promptHash: request.prompt.hash, messages });
    return {
      model,
      promptId: request.prompt.id,
      promptHash: request.prompt.hash,
      usage: { promptTokens: tokens(messages.map((m) => m.content).join("\n")), completionTokens: 0, costUsd: 0 },
      latencyMs: 0,
      repairs: 0,
    };
  }
}

/** Roughly four characters per token, enough for cost and budget logic to see non-zero numbers. */
function tokens(text: string): number {
  return Math.ceil(text.length / 4);
}

// ---------------------------------------------------------------------------------------------------------
// Error tracker (Sentry)
// ---------------------------------------------------------------------------------------------------------

/** A Sentry issue with plausible defaults. */
export function trackedIssue(partial: Partial<TrackedIssue> & { id: string; title: string }): TrackedIssue {
  return {
    shortId: `SHOP-${partial.id}`,
    culprit: "app/handlers.ts in handle",
    level: "error",
    status: "unresolved",
    count: 1,
    userCount: 1,
    firstSeen: fixedNow().toISOString(),
    lastSeen: fixedNow().toISOString(),
    permalink: `https://sentry.io/organizations/acme/issues/${partial.id}/`,
    project: "shop",
    ...partial,
  };
}

export class FakeErrorTracker implements ErrorTrackerPort {
  readonly faults = new Faults<keyof ErrorTrackerPort>();
  readonly issues: TrackedIssue[];
  private readonly organization: string;

  /** Latest event per issue id; an issue without an entry has no event (getLatestEvent answers null, like Sentry's 404). */
  readonly events: Map<string, TrackedEvent>;

  constructor(opts: { organization?: string; issues?: TrackedIssue[]; events?: Record<string, TrackedEvent> } = {}) {
    this.organization = opts.organization ?? "acme";
    this.issues = [...(opts.issues ?? [])];
    this.events = new Map(Object.entries(opts.events ?? {}));
  }

  /** Sentry pages with an opaque cursor; here it is the offset. `query` matches title or culprit text. */
  async listUnresolvedIssues(query: { cursor?: string; query?: string; limit?: number }): Promise<TrackedIssuePage> {
    await this.faults.check("listUnresolvedIssues");
    const limit = query.limit ?? 25;
    const offset = query.cursor ? Number(query.cursor) : 0;
    if (!Number.isInteger(offset) || offset < 0) throw new AppError(ErrorCode.SentryApi, "Sentry API 400: invalid cursor", { details: { status: 400 } });
    const text = query.query?.replace(/is:unresolved/g, "").trim().toLowerCase();
    const matching = this.issues
      .filter((i) => i.status === "unresolved")
      .filter((i) => !text || `${i.title} ${i.culprit}`.toLowerCase().includes(text))
      .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
    const page = matching.slice(offset, offset + limit);
    return { issues: page.map((i) => ({ ...i })), nextCursor: offset + limit < matching.length ? String(offset + limit) : null };
  }

  async getIssue(id: string): Promise<TrackedIssue> {
    await this.faults.check("getIssue");
    const issue = this.issues.find((i) => i.id === id);
    if (!issue) throw new AppError(ErrorCode.NotFound, `Sentry issue ${id} not found`, { details: { status: 404 } });
    return { ...issue };
  }

  async getLatestEvent(issueId: string): Promise<TrackedEvent | null> {
    await this.faults.check("getLatestEvent");
    const event = this.events.get(issueId);
    return event ? { ...event, frames: event.frames.map((f) => ({ ...f })) } : null;
  }

  async ping(): Promise<{ organization: string }> {
    await this.faults.check("ping");
    return { organization: this.organization };
  }
}

/** A deployed application's answers to smoke checks: set `next` (or push to `script`) before a run. */
export class FakeProbe implements ProbePort {
  readonly requests: { url: string; timeoutMs: number }[] = [];
  readonly script: ProbeResult[] = [];
  next: ProbeResult = { status: 200, bodyText: "ok", ms: 12 };
  async get(input: { url: string; timeoutMs: number }): Promise<ProbeResult> {
    this.requests.push(input);
    return this.script.shift() ?? this.next;
  }
}
