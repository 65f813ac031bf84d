import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditGraph } from "../../graphs/audit/index.js";
import type { AuditInput } from "../../graphs/audit/audit-input.js";
import { createPostgresProposalStore } from "../../src/adapters/postgres/postgres-proposals.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { AuditFigures, AuditStats, AuditWindow } from "../../src/core/ledgers/audit-stats.js";
import type { AuditMetric, MetricValue, Proposal, ProposalStore } from "../../src/core/ledgers/proposals.js";
import type { Block, RespondInput } from "../../src/core/ports/chat-port.js";
import type { StructuredRequest } from "../../src/core/ports/model-port.js";
import { loadPrompts, type PromptRegistry } from "../../src/prompts/load-prompts.js";
import migrateTestDatabase from "../setup/global-db.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { testPool, uniqueId } from "../support/db.js";
import { graphHarness } from "../support/graph-harness.js";

const pool = testPool();
const store = createPostgresProposalStore(pool);
let prompts: PromptRegistry;

beforeAll(async () => {
  await migrateTestDatabase();
  prompts = await loadPrompts("prompts");
}, 60_000);
afterAll(() => pool.end());

const FIRED_AT = "2026-01-12T07:00:00.000Z";
const WINDOW: AuditWindow = { start: "2026-01-05T07:00:00.000Z", end: FIRED_AT };
const ROUNDS = "blocking findings still open after the last round";
const TASK = "audit.propose-prompt-edit";

/** A busy week: reviews out of rounds, builds out of steps, a noisy security review, a silent UI review, a flaky prompt. */
function week(): AuditFigures {
  return {
    window: WINDOW,
    automations: [
      { automation: "build", runs: 20, failed: 5, failureRate: 0.25 },
      { automation: "review", runs: 40, failed: 0, failureRate: 0 },
    ],
    hotSpots: [
      {
        automation: "build",
        node: "agent",
        errorCode: "MODEL_API",
        failureClass: "infrastructure",
        count: 4,
        threads: 3,
        lastAt: "2026-01-11T10:00:00.000Z",
        example: "upstream answered 502 <html>",
      },
    ],
    handOffs: [
      { automation: "review", reason: ROUNDS, count: 4 },
      { automation: "build", reason: "budget-steps", count: 3 },
      { automation: "shepherd", reason: "stalled", count: 1 },
    ],
    dimensions: [
      { dimension: "security", reviews: 12, findings: 10, fixed: 1, dismissed: 9, nits: 0 },
      { dimension: "correctness", reviews: 30, findings: 8, fixed: 6, dismissed: 2, nits: 0 },
      { dimension: "ui", reviews: 25, findings: 0, fixed: 0, dismissed: 0, nits: 0 },
    ],
    cost: [
      { automation: "review", calls: 120, tokens: 1_200_000, costUsd: 3.4 },
      { automation: "build", calls: 300, tokens: 2_500_000, costUsd: 7.25 },
    ],
    slowSteps: [{ automation: "build", node: "agent", count: 20, p50Ms: 66_000, p95Ms: 252_000 }],
    duplicates: [{ subject: "review of #12 at 4f2a9c1", automations: ["review", "shepherd"], runs: 2 }],
    repairs: [{ task: "review.security", strategy: "feedback", tried: 5, worked: 4 }],
    prompts: [{ promptId: "triage/classify", promptHash: "", calls: 10, invalid: 3, repaired: 1 }],
  };
}

/** Seeded figures, with the hash of the classify prompt in use, and every metric at a known value per window. */
function fakeAuditStats(figures: AuditFigures, metrics: (m: AuditMetric, w: AuditWindow) => MetricValue = () => ({ value: 0.5, n: 10 })) {
  const windows: AuditWindow[] = [];
  const stats: AuditStats = {
    figures: async (window) => {
      windows.push(window);
      return {
        ...figures,
        window,
        prompts: figures.prompts.map((p) => ({ ...p, promptHash: p.promptHash || prompts.source(p.promptId).hash })),
      };
    },
    metric: async (metric, window) => metrics(metric, window),
  };
  return { stats, windows };
}

/**
 * The real store, seen only through this test's batches: other test files share the database and may leave
 * proposals open or decided at any time.
 */
function scoped(prefix: string): ProposalStore {
  const mine = (p: Proposal) => p.batch.startsWith(prefix);
  return {
    ...store,
    open: async () => (await store.open()).filter(mine),
    decidedBetween: async (start, end) => (await store.decidedBetween(start, end)).filter(mine),
  };
}

const SECURITY_LINE = "      - new dependencies that are obviously unsafe or abandoned.\n";
const SECURITY_RULE = "      Report only what an attacker could reach from the diff; leave hardening ideas out.\n";

/** The model's answers: a careful security edit, and garbage for any other prompt. */
function editFor(request: StructuredRequest<unknown>) {
  const user = request.prompt.messages.find((m) => m.role === "user")?.content ?? "";
  if (user.includes("Prompt: review/security")) {
    const body = prompts.source("review/security").body.replace(SECURITY_LINE, `${SECURITY_LINE}\n${SECURITY_RULE}`);
    return { body, rationale: "Findings about unreachable code were the ones dismissed." };
  }
  return { body: "name: [unclosed", rationale: "shorter" };
}

function blockText(blocks: Block[] | undefined): string {
  const texts: string[] = [];
  for (const b of blocks ?? []) {
    const text = (b as { text?: { text?: string } }).text?.text;
    if (text) texts.push(text);
    for (const el of (b as { elements?: { text?: string }[] }).elements ?? []) if (el.text) texts.push(el.text);
  }
  return texts.join("\n");
}

function setup(opts: { figures?: AuditFigures; metrics?: (m: AuditMetric, w: AuditWindow) => MetricValue; settings?: (s: GraphDeps["settings"]) => GraphDeps["settings"] } = {}) {
  const prefix = uniqueId("audit");
  const { stats, windows } = fakeAuditStats(opts.figures ?? week(), opts.metrics);
  const world = fakeGraphDeps({ auditStats: stats, proposals: scoped(prefix), prompts });
  if (opts.settings) world.deps.settings = opts.settings(world.deps.settings);
  const thread = `${prefix}:audit`;
  const harness = (threadId = thread) => graphHarness(auditGraph, world.deps, threadId);
  const mine = async () => (await pool.query<{ id: string }>(`SELECT id FROM proposals WHERE batch = $1 ORDER BY id`, [thread])).rows.map((r) => Number(r.id));
  return { ...world, prefix, thread, windows, harness, mine };
}

const scheduled: AuditInput = { via: "schedule", firedAt: FIRED_AT };

describe("audit graph", () => {
  let world: ReturnType<typeof setup>;
  beforeEach(() => {
    world = setup();
  });

  it("reports the week to the maintainers, proposes the changes with their diffs, and starts a card run for each", async () => {
    for (let i = 0; i < 3; i++) world.model.answer(TASK, editFor);
    await world.harness().start(scheduled);

    expect(world.windows).toEqual([WINDOW]);
    const [report, ...others] = world.chat.botMessages();
    expect(others).toEqual([]);
    expect(report!.channel).toBe("C0MAINT");
    const text = blockText(report!.blocks);
    expect(report!.text).toContain("Audit of the last 7 days: 5 failed runs · 8 hand-offs to people · $10.65 model cost · 3 proposed changes");
    expect(text).toContain("Mon 5 Jan → Mon 12 Jan 2026 (UTC)");
    expect(text).toContain("build 5 of 20 runs failed (25%)");
    expect(text).toContain("• *build › agent* `MODEL_API` (infrastructure) ×4 on 3 threads — upstream answered 502 &lt;html&gt;");
    expect(text).toContain(`• review: ${ROUNDS} ×4`);
    expect(text).toContain("• *security*: 9 of 10 findings dismissed (90%), 1 fixed — mostly noise");
    expect(text).toContain("• *ui*: no findings over 25 reviews — never finds anything. No setting turns one review dimension off");
    expect(text).toContain("• prompt `triage/classify`: 3 of 10 answers unusable after repairs (30%)");
    expect(text).toContain("• build: $7.25 · 300 calls · 2.5M tokens");
    expect(text).toContain("Total $10.65 · 420 calls · 3.7M tokens");
    expect(text).toContain("• build › agent: p95 4.2 min (median 1.1 min, 20 runs)");
    expect(text).toContain("• review of #12 at 4f2a9c1: 2 runs by review, shepherd");
    expect(text).toContain("• review.security — feedback: worked 4 of 5");
    expect(text).toContain("*Effect of changes adopted since the last audit*\nNo change was adopted");
    expect(text).toContain("• Rewrite the security review prompt: 90% of its findings were dismissed\n• Allow 4 review rounds before a PR goes to people (now 3)\n• Raise the build step budget from 12 to 18");
    expect(text).toContain("_Each follows as a card to approve or reject");
    expect(text).toMatch(/• Dropped: Fix the triage\/classify prompt: 30% of its answers were unusable — the model's version was not a valid prompt, twice: /);

    // The invalid classify version went back to the model once, with the problems.
    expect(world.model.calls.filter((c) => c.task === TASK)).toHaveLength(3);
    const retry = world.model.calls.at(-1)!.messages.at(-1)!;
    expect(retry.role).toBe("user");
    expect(retry.content).toContain("That version cannot be used:\n- line");

    const ids = await world.mine();
    expect(ids).toHaveLength(3);
    const stored = await Promise.all(ids.map((id) => store.get(id)));
    expect(stored.map((p) => p!.fingerprint)).toEqual(["prompt:review/security", "config:review.maxRounds", "config:build.budgets.steps"]);
    const [edit, rounds, steps] = stored as Proposal[];
    expect(edit).toMatchObject({
      source: "audit",
      batch: world.thread,
      status: "open",
      metric: { metric: { name: "dismissal-rate", dimension: "security" }, before: { value: 0.5, n: 10 }, window: WINDOW },
      change: { kind: "prompt", promptId: "review/security", baseHash: prompts.source("review/security").hash },
    });
    expect(edit!.rationale).toContain("the security review gave 10 findings over 12 reviews: 9 (90%) were dismissed");
    expect(edit!.rationale).toContain("Findings about unreachable code were the ones dismissed.");
    const diff = edit!.change.kind === "prompt" ? edit!.change.diff : "";
    expect(diff).toContain("--- prompts/review/security.prompt.yml");
    expect(diff).toContain("+++ prompts/review/security.prompt.yml");
    expect(diff).toContain(`+${SECURITY_RULE}`);
    expect(edit!.change.kind === "prompt" && prompts.check("review/security", edit!.change.body).ok).toBe(true);
    expect(rounds!.change).toEqual({ kind: "config", key: "review.maxRounds", from: 3, to: 4 });
    expect(rounds!.rationale).toContain("4 pull requests were handed to people");
    expect(steps!.change).toEqual({ kind: "config", key: "build.budgets.steps", from: 12, to: 18 });

    expect(world.started).toEqual(ids.map((id) => ({ graph: "proposal", threadId: `proposal:${id}`, jobId: `run-proposal-${id}`, input: { proposalId: id } })));
  });

  it("makes nothing new when the same audit runs again", async () => {
    for (let i = 0; i < 6; i++) world.model.answer(TASK, editFor);
    await world.harness().start(scheduled);
    const ids = await world.mine();
    // A fresh checkpoint: every node runs again, as after a crash before the first checkpoint was written.
    await world.harness().start(scheduled);

    expect(world.chat.botMessages()).toHaveLength(1);
    expect(await world.mine()).toEqual(ids);
    expect(world.started).toHaveLength(3);
  });

  it("proposes only the most important changes, and asks the model only for those", async () => {
    world.deps.settings = { ...world.deps.settings, audit: { ...world.deps.settings.audit, maxProposals: 2 } };
    world.model.answer(TASK, editFor);
    await world.harness().start(scheduled);

    expect(world.model.calls).toHaveLength(1);
    expect((await Promise.all((await world.mine()).map((id) => store.get(id)))).map((p) => p!.fingerprint)).toEqual(["prompt:review/security", "config:review.maxRounds"]);
    expect(world.started).toHaveLength(2);
  });

  it("drops a prompt edit the model cannot write and still reports and proposes the rest", async () => {
    world.model.faults.fail("structured", new AppError(ErrorCode.ModelApi, "upstream 503"));
    await world.harness().start(scheduled);

    const text = blockText(world.chat.botMessages()[0]!.blocks);
    expect(text).toContain("• Dropped: Rewrite the security review prompt: 90% of its findings were dismissed — the model could not write a new version (MODEL_API)");
    expect(text).toContain("• Dropped: Fix the triage/classify prompt: 30% of its answers were unusable — the model could not write a new version (MODEL_API)");
    expect((await Promise.all((await world.mine()).map((id) => store.get(id)))).map((p) => p!.fingerprint)).toEqual(["config:review.maxRounds", "config:build.budgets.steps"]);
  });

  it("drops a version identical to the one in use", async () => {
    world.model.answer(TASK, () => ({ body: prompts.source("review/security").body, rationale: "nothing to change" }));
    world.model.answer(TASK, editFor).answer(TASK, editFor);
    await world.harness().start(scheduled);

    // No second try for the unchanged version; the invalid classify version gets its one.
    expect(world.model.calls).toHaveLength(3);
    expect(blockText(world.chat.botMessages()[0]!.blocks)).toContain("• Dropped: Rewrite the security review prompt: 90% of its findings were dismissed — the model's version is the same as the one in use");
  });

  it("does not propose again what waits for a decision on an earlier audit's card", async () => {
    await store.create({
      source: "audit",
      batch: `${world.prefix}:older`,
      fingerprint: "config:review.maxRounds",
      title: "Allow 4 review rounds",
      rationale: "earlier",
      change: { kind: "config", key: "review.maxRounds", from: 3, to: 4 },
      metric: null,
    });
    for (let i = 0; i < 3; i++) world.model.answer(TASK, editFor);
    await world.harness().start(scheduled);

    const fingerprints = (await Promise.all((await world.mine()).map((id) => store.get(id)))).map((p) => p!.fingerprint);
    expect(fingerprints).toEqual(["prompt:review/security", "config:build.budgets.steps"]);
    expect(blockText(world.chat.botMessages()[0]!.blocks)).toContain("• `config:review.maxRounds` again — an earlier proposal for it still waits for a decision");
  });

  it("shows the effect of a change adopted in the previous window: its metric before and after", async () => {
    const dismissal: AuditMetric = { name: "dismissal-rate", dimension: "security" };
    world = setup({
      figures: { ...week(), handOffs: [], dimensions: [], prompts: [] },
      metrics: (m, w) => (m.name === "dismissal-rate" && w.start === WINDOW.start ? { value: 0.4, n: 5 } : { value: 0.5, n: 10 }),
    });
    const previous = { start: "2025-12-29T07:00:00.000Z", end: WINDOW.start };
    const decided = async (batch: string, status: "approved" | "rejected", at: string, title: string) => {
      const { proposal } = await store.create({
        source: "audit",
        batch,
        fingerprint: "prompt:review/security",
        title,
        rationale: "…",
        change: { kind: "config", key: "review.maxNits", from: 3, to: 1 },
        metric: { metric: dismissal, before: { value: 0.9, n: 10 }, window: previous },
      });
      await store.decide(proposal.id, { status, by: "U0CAROL" });
      await pool.query(`UPDATE proposals SET decided_at = $2 WHERE id = $1`, [proposal.id, at]);
    };
    await decided(`${world.prefix}:previous`, "approved", "2026-01-02T09:00:00.000Z", "Post at most 1 nit per review");
    await decided(`${world.prefix}:rejected`, "rejected", "2026-01-03T09:00:00.000Z", "A rejected change");
    await decided(`${world.prefix}:this-week`, "approved", "2026-01-06T09:00:00.000Z", "A change adopted this week");

    await world.harness().start(scheduled);

    const text = blockText(world.chat.botMessages()[0]!.blocks);
    expect(text).toContain(
      "*Effect of changes adopted since the last audit*\n• *Post at most 1 nit per review* (approved 2026-01-02 by <@U0CAROL>): share of security findings dismissed 90% of 10 → 40% of 5 — better",
    );
    expect(text).not.toContain("A rejected change");
    expect(text).not.toContain("A change adopted this week");
    expect(world.started).toEqual([]);
  });

  it("answers a command privately at once, then posts the report and says where it went", async () => {
    for (let i = 0; i < 3; i++) world.model.answer(TASK, editFor);
    const responseUrl = "https://hooks.slack.com/commands/T0/1/abc";
    await world.harness().start({ via: "command", user: "U0ALICE", channel: "C0DEV", responseUrl });

    // A command's window ends when it runs.
    expect(world.windows).toEqual([{ start: "2026-01-08T10:00:00.000Z", end: "2026-01-15T10:00:00.000Z" }]);
    expect(world.chat.responses.map((r: RespondInput) => [r.responseType, r.text])).toEqual([
      ["ephemeral", "Auditing the last 7 days…"],
      ["ephemeral", "The audit is posted in <#C0MAINT> with 3 proposed changes to decide on."],
    ]);
    expect(world.chat.botMessages("C0MAINT")).toHaveLength(1);
  });

  it("gives a command the report privately when no channel is configured, and proposes nothing", async () => {
    world.deps.settings = { ...world.deps.settings, audit: { ...world.deps.settings.audit, channel: undefined }, channels: { bugs: ["C0BUGS"] } };
    const responseUrl = "https://hooks.slack.com/commands/T0/1/abc";
    await world.harness().start({ via: "command", user: "U0ALICE", channel: "C0DEV", responseUrl });

    expect(world.chat.botMessages()).toEqual([]);
    const [ack, report, ...rest] = world.chat.responses;
    expect(rest).toEqual([]);
    expect(ack!.text).toBe("Auditing the last 7 days…");
    expect(report).toMatchObject({ responseType: "ephemeral", replaceOriginal: true });
    const text = blockText(report!.blocks);
    expect(text).toContain("• Allow 4 review rounds before a PR goes to people (now 3)");
    expect(text).toContain("No cards: set audit.channel (or channels.maintainers) in shopfloor.yml");
    expect(world.model.calls).toEqual([]);
    expect(await world.mine()).toEqual([]);
    expect(world.started).toEqual([]);
  });

  it("fails a scheduled audit with no channel as a configuration error", async () => {
    world.deps.settings = { ...world.deps.settings, audit: { ...world.deps.settings.audit, channel: undefined }, channels: { bugs: ["C0BUGS"] } };
    await expect(world.harness().start(scheduled)).rejects.toMatchObject({ code: ErrorCode.ConfigInvalid, message: expect.stringContaining("set audit.channel") });
    expect(world.chat.botMessages()).toEqual([]);
  });
});
