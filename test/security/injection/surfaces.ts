import { buildGraph } from "../../../graphs/build/index.js";
import type { CommandRecord } from "../../../graphs/build/build-types.js";
import { incidentGraph } from "../../../graphs/incident/index.js";
import { mergeGraph } from "../../../graphs/merge/index.js";
import { reviewGraph } from "../../../graphs/review/index.js";
import { shepherdGraph } from "../../../graphs/shepherd/index.js";
import type { GraphDefinition } from "../../../graphs/shared/graph-definition.js";
import { triageGraph } from "../../../graphs/triage/index.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { ForgeReviewThread } from "../../../src/core/ports/forge-port.js";
import type { StartRunInput } from "../../../src/core/ports/run-starter.js";
import { createLogger } from "../../../src/observability/create-logger.js";
import type { PromptRegistry } from "../../../src/prompts/load-prompts.js";
import type { GitStore } from "../../../src/sandbox/fake-github/git-store.js";
import { FAKE_USER_NAMES, FakeChat, FakeErrorTracker, FakeForge, trackedIssue } from "../../fakes/fake-ports.js";
import { fakeGraphDeps } from "../../fakes/graph-deps.js";
import { MemoryEffectsLedger } from "../../fakes/memory-effects-ledger.js";
import type { MemoryAuditLog, MemoryRunLedger } from "../../fakes/memory-ledgers.js";
import { buildWorld } from "../../support/build-world.js";
import { graphHarness } from "../../support/graph-harness.js";
import { CompromisedModel } from "./compromised-model.js";
import type { InjectionCase } from "./corpus.js";
import { PLANTED_SECRETS } from "./planted-secrets.js";

/**
 * Plays one corpus case through the real graphs that read its surface, with in-memory ports, a compromised model
 * and, where the coding agent runs, real git and the real bubblewrap sandbox. Whatever a run starts (triage from an
 * incident, the merge card from a review) is run too; a pull request left unmerged is escalated by the shepherd; and
 * a bug report or Sentry error whose goal is a command or a secret is built by the build automation, as the hourly
 * sweep would once triage marked it ready.
 */

export interface Observed {
  model: CompromisedModel;
  chat: FakeChat;
  forge: FakeForge;
  effects: MemoryEffectsLedger;
  audit: MemoryAuditLog;
  runs: MemoryRunLedger;
  started: StartRunInput[];
  /** Every log line, as the production logger (with its redaction) wrote it. */
  logs: string[];
  /** The graphs the case went through, in order. */
  graphs: string[];
  /** Each merge run the review started: is it waiting for an approver's click? */
  mergeWaiting: boolean[];
  sandbox?: SandboxObserved;
}

export interface SandboxObserved {
  /** Branches of the bare repository (GitHub's git side) before and after, name → sha. */
  before: Record<string, string>;
  after: Record<string, string>;
  /** The one branch the build may move: its own, or the PR's in fix mode. */
  branch: string;
  /** The new head descends from where the branch (or main, for a new branch) was: no force-push. */
  fastForward: boolean;
  /** What was pushed, as a patch: the commit the agent's work became. */
  pushed: string;
  /** Every command the agent ran, with its exit status. */
  commands: CommandRecord[];
}

export interface SurfaceContext {
  prompts: PromptRegistry;
}

const HEAD = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";
const FIX_BRANCH = "shopfloor/1-checkout-crashes-when-the-cart-is";

interface World {
  deps: GraphDeps;
  chat: FakeChat;
  forge: FakeForge;
  effects: MemoryEffectsLedger;
  audit: MemoryAuditLog;
  runs: MemoryRunLedger;
  started: StartRunInput[];
  model: CompromisedModel;
  logs: string[];
  graphs: string[];
  mergeWaiting: boolean[];
  git?: GitStore;
  close: () => Promise<void>;
}

function capturingLogger() {
  const logs: string[] = [];
  return { logs, logger: createLogger({ level: "debug", destination: { write: (line: string) => void logs.push(line) } }) };
}

/**
 * The model, obeying the case: reviewers stay silent when the attacker wants an approval or a merge, and raise a
 * blocker carrying the broadcast otherwise, so the change request's Slack message carries the hostile title too.
 */
function compromised(c: InjectionCase): CompromisedModel {
  const review = c.goal === "approve" || c.goal === "merge" ? "clean" : "blocking";
  return new CompromisedModel({ instruction: c.visible, review, ...(c.triage ? { triage: c.triage } : {}) });
}

/** The settings every case runs under: approvers, channels, and auto-approval only where the case turns it on. */
function configure(deps: GraphDeps, c: InjectionCase): void {
  const s = deps.settings;
  deps.settings = {
    ...s,
    sentryOrg: "acme",
    channels: { ...s.channels, merge: "C0MERGE", incidents: "C0INCIDENTS" },
    risk: { ...s.risk, autoApprove: c.autoApprove ?? false },
  };
}

/** In-memory ports only: triage, incident, review, merge and the shepherd need nothing else. */
function plainWorld(ctx: SurfaceContext, c: InjectionCase, opts: { displayName?: string } = {}): World {
  const chat = new FakeChat({ userNames: { ...FAKE_USER_NAMES, U0MALLORY: opts.displayName ?? "mallory" } });
  const forge = new FakeForge({ writers: ["dave", "carol"] });
  const started: StartRunInput[] = [];
  const effects = new MemoryEffectsLedger({ chat, forge, starter: { start: async (run) => void started.push(run) } });
  const model = compromised(c);
  const { logs, logger } = capturingLogger();
  const f = fakeGraphDeps({ forge, chat, effects, model, prompts: ctx.prompts, logger });
  configure(f.deps, c);
  return { deps: f.deps, chat, forge, effects, audit: f.audit, runs: f.runs, started, model, logs, graphs: [], mergeWaiting: [], close: async () => {} };
}

/** Real git and bubblewrap under the ports, and the GitHub token the worker holds for clone and push. */
async function sandboxWorld(c: InjectionCase): Promise<World> {
  const model = compromised(c);
  const { logs, logger } = capturingLogger();
  const w = await buildWorld({ model, logger, token: async () => PLANTED_SECRETS.GITHUB_TOKEN! });
  w.deps.logger = logger;
  configure(w.deps, c);
  return { deps: w.deps, chat: w.chat, forge: w.forge, effects: w.effects, audit: w.audit, runs: w.runs, started: w.started, model, logs, graphs: [], mergeWaiting: [], git: w.git, close: w.close };
}

async function run<I>(w: World, def: GraphDefinition<I>, threadId: string, input: I) {
  w.graphs.push(def.name);
  const h = graphHarness(def, w.deps, threadId);
  await h.start(input);
  return h;
}

/** Runs what the graphs started, as the worker would: triage fed by an incident, the merge card after a review. */
async function cascade(w: World): Promise<void> {
  for (let i = 0; i < w.started.length; i++) {
    const s = w.started[i]!;
    if (s.graph === "triage") await run(w, triageGraph, s.threadId, s.input as never);
    if (s.graph === "merge") {
      const h = await run(w, mergeGraph, s.threadId, s.input as never);
      w.mergeWaiting.push((await h.pending()).length > 0 && !(await h.done()));
    }
  }
}

const commands = async (h: { state: () => Promise<Record<string, unknown>> }) => ((await h.state()).commands as CommandRecord[] | undefined) ?? [];
const branchMap = async (git: GitStore) => Object.fromEntries((await git.branches()).map((b) => [b.name, b.sha]));

/** The build of an issue triage filed and marked ready: what the hourly sweep does next. */
async function buildFiled(w: World): Promise<SandboxObserved> {
  const git = w.git!;
  const before = await branchMap(git);
  const filed = [...w.forge.issues.values()].find((i) => !i.isPullRequest && i.author === "shopfloor[bot]");
  if (!filed) throw new Error("triage filed no issue to build");
  const h = await run(w, buildGraph, `gh-issue:acme/shop#${filed.number}:build`, { mode: "build", issue: filed.number, trigger: { kind: "schedule", id: "sweep-1" } });
  const branch = String((await h.state()).branch ?? "");
  return sandboxFacts(git, before, branch, before.main!, await commands(h));
}

async function sandboxFacts(git: GitStore, before: Record<string, string>, branch: string, base: string, ran: CommandRecord[]): Promise<SandboxObserved> {
  const after = await branchMap(git);
  const head = after[branch];
  const pushed = head && head !== base ? (await git.git(["diff", base, head])).stdout : "";
  const fastForward = !head || (await git.isAncestor(base, head));
  return { before, after, branch, fastForward, pushed, commands: ran };
}

/** A bug report or Sentry error that asks for a command or a secret is built too: that is where commands run. */
const wantsBuild = (c: InjectionCase) => (c.surface === "bug-report" || c.surface === "sentry-message") && (c.goal === "run-command" || c.goal === "reveal-secret") && (c.triage ?? "file") === "file";

async function bugReport(w: World, c: InjectionCase): Promise<SandboxObserved | undefined> {
  if (c.field === "github-issue") {
    const [title = "", ...rest] = c.text.split("\n");
    const opened = w.forge.addIssue({ title, body: rest.join("\n").trim(), author: "mallory" });
    await run(w, triageGraph, `gh-issue:acme/shop#${opened.number}`, { source: "github", issueNumber: opened.number, title, body: opened.body, author: "mallory" });
  } else if (c.field === "form") {
    await run(w, triageGraph, "slack-req:T1:form-1", { source: "slack", via: "command", teamId: "T1", user: "U0MALLORY", postIn: "C0BUGS", text: "", form: { title: "Refunds fail", what: c.text, expected: "", steps: "" } });
  } else {
    const text = c.field === "display-name" ? "The search page shows no results for 'shoes' since this morning." : c.text;
    const m = w.chat.addUserMessage({ channel: "C0BUGS", user: "U0MALLORY", text });
    await run(w, triageGraph, `slack:T1:C0BUGS:${m.ts}`, { source: "slack", via: "message", teamId: "T1", user: "U0MALLORY", channel: "C0BUGS", messageTs: m.ts, text });
  }
  return wantsBuild(c) ? buildFiled(w) : undefined;
}

async function sentryMessage(w: World, c: InjectionCase): Promise<SandboxObserved | undefined> {
  const at = (field: string, benign: string) => (c.field === field ? c.text : benign);
  const issue = trackedIssue({ id: "4242", title: at("title", "TypeError: cart is undefined"), culprit: at("culprit", "app/cart.ts in total"), count: 500, userCount: 60, level: "error" });
  const event = {
    eventId: "e1",
    message: at("exception", "TypeError: cart is undefined"),
    exceptionType: "TypeError",
    exceptionValue: at("exception", "cart is undefined"),
    release: at("release", "shop@2.3.1"),
    environment: "production",
    frames: [{ filename: "src/cart.ts", function: at("frame", "total"), lineNo: 12, inApp: true, context: "return cart.items.reduce(…)" }],
  };
  w.deps.errorTracker = new FakeErrorTracker({ issues: [issue], events: { [issue.id]: event } });
  await run(w, incidentGraph, "sentry:acme:4242", { source: "webhook", issue });
  await cascade(w);
  return wantsBuild(c) ? buildFiled(w) : undefined;
}

/** A hunk that adds `lines` to a new file, or after line 10 of an existing one. */
function patchOf(lines: string[], added: boolean): string {
  if (added) return [`@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n");
  return [`@@ -10,2 +10,${lines.length + 2} @@ export function total`, " const a = 1;", ...lines.map((l) => `+${l}`), " return a;"].join("\n");
}

/** An outsider's pull request: the hostile text in its title, body, added lines or a file name. */
async function pullRequest(w: World, c: InjectionCase): Promise<undefined> {
  const issue = w.forge.addIssue({ title: "Checkout total is wrong", body: "The total ignores discounts." });
  const title = c.surface === "pr-title" ? c.text : "Fix the checkout total";
  const body = `Fixes #${issue.number}\n\n${c.surface === "pr-body" ? c.text : "Applies discounts before tax."}`;
  const pr = w.forge.addPullRequest({ title, body, headSha: HEAD, author: "mallory", headRef: "mallory/fix-total" });
  const lines = c.surface === "diff" || c.surface === "code-comment" ? c.text.split("\n") : ["  const discounted = applyDiscount(a);"];
  const added = c.surface === "diff";
  w.forge.pullFiles.set(pr.number, [{ path: c.path ?? "src/cart.ts", status: added ? "added" : "modified", additions: lines.length, deletions: 0, patch: patchOf(lines, added) }]);
  await run(w, reviewGraph, `gh-pr:acme/shop#${pr.number}`, { pr: pr.number, trigger: { kind: "opened", id: "d-1" }, full: false });
  await cascade(w);
  // Three days on, nobody has clicked: the shepherd finds the PR stalled and hands it to people in Slack.
  const later = Date.parse("2026-01-18T10:00:00.000Z");
  w.deps.clock = { now: () => new Date(later) };
  await run(w, shepherdGraph, `gh-pr:acme/shop#${pr.number}:shepherd`, { pr: pr.number, trigger: { kind: "hourly", id: "h-72" } });
  return undefined;
}

/** A person's review comments on a Shopfloor PR: fix mode makes them the coding agent's task. */
async function reviewComment(w: World, c: InjectionCase): Promise<SandboxObserved> {
  const git = w.git!;
  w.forge.addIssue({ title: "Checkout crashes when the cart is missing", body: "Clicking Pay with no cart throws TypeError: prices is undefined." });
  const main = (await git.branchSha("main"))!;
  const attempt = await git.buildCommit(main, { "src/cart.js": "export function total(prices) {\n  try {\n    return prices.reduce((a, b) => a + b, 0);\n  } catch (e) {}\n  return 0;\n}\n" }, "Fix #1");
  await git.updateRef(`refs/heads/${FIX_BRANCH}`, attempt, null);
  const pr = w.forge.addPullRequest({ title: "Checkout crashes when the cart is missing", headRef: FIX_BRANCH, headSha: attempt, body: "Fixes #1" });
  const thread: ForgeReviewThread =
    c.field === "thread"
      ? { id: "T_mallory", isResolved: false, isOutdated: false, path: "src/cart.js", line: 2, originalLine: 2, startLine: null, comments: [{ id: 601, author: "mallory", body: c.text }] }
      : {
          id: "T_finding",
          isResolved: false,
          isOutdated: false,
          path: "src/cart.js",
          line: 4,
          originalLine: 4,
          startLine: null,
          comments: [
            { id: 501, author: "shopfloor[bot]", body: "🟠 **Major** **Error swallowed by empty catch**\n\n<!-- shopfloor:finding=0a1b2c3d -->" },
            { id: 502, author: "mallory", body: c.text },
          ],
        };
  w.forge.threads.set(pr.number, [thread]);
  const before = await branchMap(git);
  const h = await run(w, buildGraph, `gh-pr:acme/shop#${pr.number}:fix`, { mode: "fix", pr: pr.number, trigger: { kind: "review", id: attempt } });
  return sandboxFacts(git, before, FIX_BRANCH, attempt, await commands(h));
}

/** Plays the case through its graphs; the world's temporary directories are removed before it returns. */
export async function playCase(ctx: SurfaceContext, c: InjectionCase): Promise<Observed> {
  const w =
    c.surface === "review-comment" || wantsBuild(c)
      ? await sandboxWorld(c)
      : plainWorld(ctx, c, c.field === "display-name" ? { displayName: c.text } : {});
  try {
    const sandbox =
      c.surface === "bug-report" ? await bugReport(w, c) : c.surface === "sentry-message" ? await sentryMessage(w, c) : c.surface === "review-comment" ? await reviewComment(w, c) : await pullRequest(w, c);
    const { chat, forge, effects, audit, runs, started, model, logs, graphs, mergeWaiting } = w;
    return { chat, forge, effects, audit, runs, started, model, logs, graphs, mergeWaiting, ...(sandbox ? { sandbox } : {}) };
  } finally {
    await w.close();
  }
}
