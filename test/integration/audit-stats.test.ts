import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PgPool } from "../../src/adapters/postgres/create-pg-pool.js";
import { createPostgresAuditStats } from "../../src/adapters/postgres/postgres-audit-stats.js";
import type { AuditWindow } from "../../src/core/ledgers/audit-stats.js";
import { recapLedger } from "../support/recap-week.js";

/**
 * The audit's figures over a ledger seeded row by row, against numbers worked out by hand. The ledger is a database
 * of its own: the figures aggregate whole tables. Two weeks: BEFORE [3 March 2031, 10 March) and WEEK [10 March,
 * 17 March), so each metric can be read before and after a decision on 10 March.
 */
const BEFORE: AuditWindow = { start: "2031-03-03T00:00:00.000Z", end: "2031-03-10T00:00:00.000Z" };
const WEEK: AuditWindow = { start: "2031-03-10T00:00:00.000Z", end: "2031-03-17T00:00:00.000Z" };

let pool: PgPool;

interface Step {
  node: string;
  status: "succeeded" | "failed";
  ms: number | null;
  errorCode?: string;
  message?: string;
}

async function run(
  graph: string,
  status: string,
  finishedAt: string | null,
  opts: { thread?: string; failureClass?: string; errorCode?: string; startedAt?: string; steps?: Step[] } = {},
) {
  const startedAt = opts.startedAt ?? finishedAt!;
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO runs (graph, thread_id, kind, status, error_code, failure_class, started_at, finished_at)
     VALUES ($1, $2, 'start', $3, $4, $5, $6, $7) RETURNING id`,
    [graph, opts.thread ?? `${graph}:${startedAt}`, status, opts.errorCode ?? null, opts.failureClass ?? null, startedAt, finishedAt],
  );
  for (const s of opts.steps ?? []) {
    await pool.query(`INSERT INTO run_steps (run_id, node, status, duration_ms, error_code, detail, finished_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      rows[0]!.id,
      s.node,
      s.status,
      s.ms,
      s.errorCode ?? null,
      JSON.stringify(s.message ? { message: s.message } : {}),
      finishedAt ?? startedAt,
    ]);
  }
}

type Attempt = { strategy: string; outcome: string };
async function modelCall(
  c: { graph: string | null; task: string; promptId: string; hash: string; prompt: number; completion: number; cost: number; outcome: string; repairs?: number; attempts: Attempt[] },
  at: string,
) {
  await pool.query(
    `INSERT INTO model_calls (graph, task, model, prompt_id, prompt_hash, prompt_tokens, completion_tokens, cost_usd, repairs, outcome, attempts, created_at)
     VALUES ($1, $2, 'gpt-test', $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [c.graph, c.task, c.promptId, c.hash, c.prompt, c.completion, c.cost, c.repairs ?? 0, c.outcome, JSON.stringify(c.attempts.map((a) => ({ ...a, model: "gpt-test" }))), at],
  );
}

async function review(
  pr: number,
  runKey: string,
  headSha: string,
  outcome: string,
  at: string,
  findings: [fingerprint: string, dimensions: string[]][],
  resolved: string[],
  dimensions: [dimension: string, status: string][],
) {
  await pool.query(
    `INSERT INTO pr_reviews (repository, pr_number, head_sha, run_key, mode, outcome, risk, round, findings, resolved, coverage, created_at)
     VALUES ('acme/shop', $1, $2, $3, 'full', $4, 'low', 1, $5, $6, $7, $8)`,
    [
      pr,
      headSha,
      runKey,
      outcome,
      JSON.stringify(findings.map(([fingerprint, dims]) => ({ fingerprint, dimensions: dims, severity: "major", path: "a.ts", title: "t", placement: "inline" }))),
      JSON.stringify(resolved),
      JSON.stringify({ mode: "full", reviewedFiles: ["a.ts"], skippedFiles: [], promptTokens: 0, dimensions: dimensions.map(([dimension, status]) => ({ dimension, status, findings: 0 })) }),
      at,
    ],
  );
}

async function issueCreated(key: string, thread: string, status: string, title: string, number: number, at: string) {
  await pool.query(
    `INSERT INTO effects (key, kind, thread_id, status, input, result, created_at) VALUES ($1, 'github.create-issue', $2, $3, $4, $5, $6)`,
    [key, thread, status, JSON.stringify({ title, body: "b", labels: [] }), status === "applied" ? JSON.stringify({ number, title }) : null, at],
  );
}

const classify = (ms: number): Step => ({ node: "classify", status: "succeeded", ms });
const LONG = `Model output invalid:\n  ${"x".repeat(300)}`;

beforeAll(async () => {
  pool = await recapLedger("shopfloor_test_audit_stats");

  // BEFORE: triage 1 failed of 4, build 1 failed of 2, one build stopped.
  await run("triage", "failed", "2031-03-05T10:00:00.000Z", {
    failureClass: "semantic",
    errorCode: "MODEL_INVALID_OUTPUT",
    steps: [{ node: "classify", status: "failed", ms: 40, errorCode: "MODEL_INVALID_OUTPUT", message: "old" }],
  });
  await run("triage", "succeeded", "2031-03-05T11:00:00.000Z");
  await run("triage", "succeeded", "2031-03-05T12:00:00.000Z");
  await run("triage", "succeeded", "2031-03-06T10:00:00.000Z", { steps: [classify(99_999)] });
  await run("build", "succeeded", "2031-03-06T11:00:00.000Z");
  await run("build", "failed", "2031-03-06T12:00:00.000Z", { failureClass: "logic", errorCode: "INTERNAL" });
  await pool.query(`INSERT INTO audit_log (at, actor, action, subject, outcome, detail) VALUES ('2031-03-05T12:00:00Z', 'shopfloor', 'build.stopped', 'issue#1', 'failed', '{"reason":"budget-steps"}')`);

  // WEEK: triage 3 failed of 6 (the first finishing exactly at the start), build 1 failed of 4, shepherd 2, incident 1.
  await run("triage", "succeeded", WEEK.start, { thread: "slack:T:C0BUGS:1", steps: [classify(100), { node: "create-issue", status: "succeeded", ms: 5000 }] });
  await run("triage", "succeeded", "2031-03-11T10:00:00.000Z", { thread: "slack-req:T:trig9", steps: [classify(300)] });
  await run("triage", "succeeded", "2031-03-11T12:00:00.000Z", { thread: "sentry:acme:4711:triage", steps: [classify(200)] });
  const invalid = (message: string): Step => ({ node: "classify", status: "failed", ms: 50, errorCode: "MODEL_INVALID_OUTPUT", message });
  // The same thread failing twice: one hot spot over two failures and one thread; the later message is the example.
  await run("triage", "failed", "2031-03-12T10:00:00.000Z", { thread: "slack:T:C0BUGS:3", failureClass: "semantic", errorCode: "MODEL_INVALID_OUTPUT", steps: [invalid("first")] });
  await run("triage", "failed", "2031-03-13T10:00:00.000Z", { thread: "slack:T:C0BUGS:3", failureClass: "semantic", errorCode: "MODEL_INVALID_OUTPUT", steps: [invalid(LONG)] });
  await run("triage", "failed", "2031-03-14T10:00:00.000Z", {
    thread: "slack:T:C0BUGS:5",
    failureClass: "infrastructure",
    errorCode: "RATE_LIMITED",
    steps: [{ node: "classify", status: "failed", ms: 10, errorCode: "RATE_LIMITED", message: "429 Too Many Requests" }],
  });
  await run("triage", "waiting", null, { startedAt: "2031-03-15T10:00:00.000Z" });
  // Finishes at the end of the week: next week's, not this one's.
  await run("triage", "failed", WEEK.end, { failureClass: "logic", errorCode: "INTERNAL", steps: [{ node: "classify", status: "failed", ms: 1, errorCode: "INTERNAL", message: "late" }] });
  for (const [i, ms] of [1000, 2000, 3000].entries()) {
    await run("build", "succeeded", `2031-03-1${i + 1}T15:00:00.000Z`, { steps: [{ node: "agent", status: "succeeded", ms }] });
  }
  await run("build", "failed", "2031-03-15T10:00:00.000Z", {
    failureClass: "logic",
    errorCode: "WORKSPACE",
    steps: [
      { node: "agent", status: "succeeded", ms: 10_000 },
      { node: "gate", status: "failed", ms: 5, errorCode: "WORKSPACE" },
    ],
  });
  await run("shepherd", "succeeded", "2031-03-14T09:00:00.000Z");
  await run("shepherd", "succeeded", "2031-03-14T10:00:00.000Z");
  await run("incident", "succeeded", "2031-03-12T09:00:00.000Z", { thread: "sentry:acme:4711" });

  // Hand-offs: two builds stopped (one without a reason), a review out of rounds (R5 below), an escalation.
  await pool.query(`INSERT INTO audit_log (at, actor, action, subject, outcome, detail) VALUES ('2031-03-12T12:00:00Z', 'shopfloor', 'build.stopped', 'issue#2', 'failed', '{"reason":"budget-steps"}')`);
  await pool.query(`INSERT INTO audit_log (at, actor, action, subject, outcome, detail) VALUES ('2031-03-13T12:00:00Z', 'shopfloor', 'build.stopped', 'issue#3', 'failed', '{}')`);
  await pool.query(
    `INSERT INTO escalations (repository, pr_number, head_sha, reasons, owner, deadline, resume_on, created_at)
     VALUES ('acme/shop', 11, 'sha', '["checks failing", "no review"]', 'alice', '2031-03-16T10:00:00Z', 'a push', '2031-03-15T10:00:00Z')`,
  );

  // Reviews. BEFORE: f5 (tests) found on #9, then fixed; the clean review after does not make it dismissed.
  await review(9, "r9-1", "9999999a", "changes-requested", "2031-03-05T10:00:00.000Z", [["f5", ["tests"]]], [], [["tests", "done"]]);
  await review(9, "r9-2", "9999999b", "clean", "2031-03-06T10:00:00.000Z", [], ["f5"], [["tests", "done"]]);
  // WEEK: #10 fixes f1; f2 is never fixed and the PR is reviewed clean after: dismissed. The clean review reviews the
  // head bbbbbbb a second time.
  const all = (...dims: string[]): [string, string][] => dims.map((d) => [d, "done"]);
  await review(10, "r10-1", "aaaaaaa111", "changes-requested", "2031-03-10T10:00:00.000Z", [["f1", ["correctness"]], ["f2", ["tests", "correctness"]]], [], [...all("correctness", "security", "tests"), ["ui", "skipped"]]);
  await review(10, "r10-2", "bbbbbbb222", "changes-requested", "2031-03-11T10:00:00.000Z", [["f2", ["tests", "correctness"]]], ["f1"], [...all("correctness", "security", "tests"), ["ui", "skipped"]]);
  await review(10, "r10-3", "bbbbbbb222", "clean", "2031-03-11T11:00:00.000Z", [], [], [["correctness", "done"], ["security", "failed"], ["tests", "done"]]);
  // #11: f3 still open when the review gives up: neither fixed nor dismissed.
  await review(11, "r11-1", "ccccccc333", "changes-requested", "2031-03-12T10:00:00.000Z", [["f3", ["security"]]], [], all("correctness", "security", "tests", "architecture"));
  await review(11, "r11-2", "ddddddd444", "needs-human", "2031-03-13T10:00:00.000Z", [["f3", ["security"]]], [], all("correctness", "security"));
  // #13: f6 is dismissed by an approval after the week.
  await review(13, "r13-1", "eeeeeee555", "changes-requested", "2031-03-14T10:00:00.000Z", [["f6", ["correctness"]]], [], all("correctness"));
  await review(13, "r13-2", "fffffff666", "approved", "2031-03-18T10:00:00.000Z", [], [], all("correctness", "security"));

  // Issues. The Slack thread's work item got two (#21 from the thread, #22 from a slash command on it; a third attempt
  // failed); Sentry issue 4711 got #31 from the incident automation and #32 from triage (and one the week before).
  // #23 was filed from another channel under the title of #21.
  await pool.query(
    `INSERT INTO links (slack_channel, slack_thread_ts, issue_number, graph_threads) VALUES ('C0BUGS', '1741598400.000100', 22, $1)`,
    [["slack:T:C0BUGS:1", "slack-req:T:trig9", "slack:T:C0BUGS:3"]],
  );
  await pool.query(`INSERT INTO links (sentry_issue_id, issue_number, graph_threads) VALUES ('4711', 32, $1)`, [["sentry:acme:4711", "sentry:acme:4711:triage"]]);
  await issueCreated("slack:T:C0BUGS:1/create-issue/issue", "slack:T:C0BUGS:1", "applied", "Checkout total wrong", 21, "2031-03-10T01:00:00.000Z");
  await issueCreated("slack-req:T:trig9/create-issue/issue", "slack-req:T:trig9", "applied", "checkout  total wrong", 22, "2031-03-11T10:00:00.000Z");
  await issueCreated("slack:T:C0BUGS:3/create-issue/issue", "slack:T:C0BUGS:3", "failed", "Checkout total wrong", 0, "2031-03-12T10:00:00.000Z");
  await issueCreated("sentry:acme:4711/file-issue/issue", "sentry:acme:4711", "applied", "TypeError in checkout", 31, "2031-03-12T09:00:00.000Z");
  await issueCreated("sentry:acme:4711:triage/create-issue/issue", "sentry:acme:4711:triage", "applied", "TypeError in checkout()", 32, "2031-03-12T11:00:00.000Z");
  await issueCreated("sentry:acme:4711:triage/create-issue/old", "sentry:acme:4711:triage", "applied", "TypeError in checkout()", 30, "2031-03-05T11:00:00.000Z");
  await issueCreated("slack:T:C0OPS:7/create-issue/issue", "slack:T:C0OPS:7", "applied", "Checkout total wrong", 23, "2031-03-12T12:00:00.000Z");

  // Model calls. BEFORE: one of two triage/classify calls invalid.
  const triage = { graph: "triage", task: "triage.classify", promptId: "triage/classify" };
  await modelCall({ ...triage, hash: "h1", prompt: 0, completion: 0, cost: 0, outcome: "invalid", attempts: [{ strategy: "first", outcome: "invalid" }, { strategy: "feedback", outcome: "invalid" }] }, "2031-03-05T10:00:00.000Z");
  await modelCall({ ...triage, hash: "h1", prompt: 100, completion: 10, cost: 0.001, outcome: "ok", attempts: [{ strategy: "first", outcome: "ok" }] }, "2031-03-05T11:00:00.000Z");
  // WEEK.
  await modelCall(
    { ...triage, hash: "h1", prompt: 1000, completion: 200, cost: 0.01, outcome: "ok", repairs: 1, attempts: [{ strategy: "first", outcome: "invalid" }, { strategy: "feedback", outcome: "ok" }] },
    "2031-03-10T10:00:00.000Z",
  );
  await modelCall(
    {
      ...triage,
      hash: "h1",
      prompt: 500,
      completion: 100,
      cost: 0.005,
      outcome: "ok",
      attempts: [{ strategy: "first", outcome: "invalid" }, { strategy: "feedback", outcome: "invalid" }, { strategy: "fallback-model", outcome: "ok" }],
    },
    "2031-03-11T10:00:00.000Z",
  );
  await modelCall(
    {
      ...triage,
      hash: "h2",
      prompt: 300,
      completion: 0,
      cost: 0.002,
      outcome: "invalid",
      attempts: [
        { strategy: "first", outcome: "invalid" },
        { strategy: "feedback", outcome: "invalid" },
        { strategy: "fallback-model", outcome: "invalid" },
        { strategy: "smaller-context", outcome: "invalid" },
      ],
    },
    "2031-03-12T10:00:00.000Z",
  );
  await modelCall(
    { graph: "build", task: "build.agent", promptId: "build/agent", hash: "h3", prompt: 5000, completion: 1000, cost: 0.05, outcome: "ok", attempts: [{ strategy: "first", outcome: "timeout" }, { strategy: "fallback-model", outcome: "ok" }] },
    "2031-03-13T10:00:00.000Z",
  );
  // A call from outside a graph run, recorded before attempts were: its repair shows only in `repairs`.
  await modelCall({ graph: null, task: "cli.explain", promptId: "explain/reply", hash: "h4", prompt: 10, completion: 0, cost: 0, outcome: "ok", repairs: 1, attempts: [] }, "2031-03-16T23:59:59.999Z");
  await modelCall({ ...triage, hash: "h1", prompt: 9999, completion: 0, cost: 1, outcome: "invalid", attempts: [{ strategy: "first", outcome: "invalid" }] }, WEEK.end);
});

afterAll(async () => {
  await pool?.end();
});

describe("audit figures", () => {
  it("a week of the ledger equals the hand-computed figures", async () => {
    const f = await createPostgresAuditStats(pool).figures(WEEK);
    expect(f.window).toEqual(WEEK);
    expect(f.automations).toEqual([
      { automation: "build", runs: 4, failed: 1, failureRate: 0.25 },
      { automation: "incident", runs: 1, failed: 0, failureRate: 0 },
      { automation: "shepherd", runs: 2, failed: 0, failureRate: 0 },
      { automation: "triage", runs: 6, failed: 3, failureRate: 0.5 },
    ]);
    expect(f.hotSpots).toEqual([
      {
        automation: "triage",
        node: "classify",
        errorCode: "MODEL_INVALID_OUTPUT",
        failureClass: "semantic",
        count: 2,
        threads: 1,
        lastAt: "2031-03-13T10:00:00.000Z",
        example: `Model output invalid: ${"x".repeat(177)}…`,
      },
      { automation: "build", node: "gate", errorCode: "WORKSPACE", failureClass: "logic", count: 1, threads: 1, lastAt: "2031-03-15T10:00:00.000Z", example: null },
      {
        automation: "triage",
        node: "classify",
        errorCode: "RATE_LIMITED",
        failureClass: "infrastructure",
        count: 1,
        threads: 1,
        lastAt: "2031-03-14T10:00:00.000Z",
        example: "429 Too Many Requests",
      },
    ]);
    expect(f.hotSpots[0]!.example).toHaveLength(200);
    expect(f.handOffs).toEqual([
      { automation: "build", reason: "budget-steps", count: 1 },
      { automation: "build", reason: "stopped", count: 1 },
      { automation: "review", reason: "blocking findings still open after the last round", count: 1 },
      { automation: "shepherd", reason: "checks failing", count: 1 },
    ]);
    expect(f.dimensions).toEqual([
      { dimension: "architecture", reviews: 1, findings: 0, fixed: 0, dismissed: 0, nits: 0 },
      { dimension: "correctness", reviews: 6, findings: 3, fixed: 1, dismissed: 2, nits: 0 },
      { dimension: "security", reviews: 4, findings: 1, fixed: 0, dismissed: 0, nits: 0 },
      { dimension: "tests", reviews: 4, findings: 1, fixed: 0, dismissed: 1, nits: 0 },
    ]);
    expect(f.cost).toEqual([
      { automation: "build", calls: 1, tokens: 6000, costUsd: 0.05 },
      { automation: "triage", calls: 3, tokens: 2100, costUsd: 0.017 },
      { automation: "cli.explain", calls: 1, tokens: 10, costUsd: 0 },
    ]);
    // build/agent: 1000, 2000, 3000, 10000 → p50 2500, p95 3000 + 0.85 × 7000. triage/classify: 100, 200, 300 → p95
    // 200 + 0.9 × 100. create-issue ran once: too few to tell.
    expect(f.slowSteps).toEqual([
      { automation: "build", node: "agent", count: 4, p50Ms: 2500, p95Ms: 8950 },
      { automation: "triage", node: "classify", count: 3, p50Ms: 200, p95Ms: 290 },
    ]);
    expect(f.duplicates).toEqual([
      { subject: "issue “Checkout total wrong” created as #21, #22, #23", automations: ["triage"], runs: 3 },
      { subject: "review of #10 at bbbbbbb", automations: ["review"], runs: 2 },
      { subject: "issue for Slack thread C0BUGS/1741598400.000100 created as #21, #22", automations: ["triage"], runs: 2 },
      { subject: "issue for Sentry issue 4711 created as #31, #32", automations: ["incident", "triage"], runs: 2 },
    ]);
    expect(f.repairs).toEqual([
      { task: "build.agent", strategy: "fallback-model", tried: 1, worked: 1 },
      { task: "triage.classify", strategy: "fallback-model", tried: 2, worked: 1 },
      { task: "triage.classify", strategy: "feedback", tried: 3, worked: 1 },
      { task: "triage.classify", strategy: "smaller-context", tried: 1, worked: 0 },
    ]);
    expect(f.prompts).toEqual([
      { promptId: "build/agent", promptHash: "h3", calls: 1, invalid: 0, repaired: 1 },
      { promptId: "explain/reply", promptHash: "h4", calls: 1, invalid: 0, repaired: 1 },
      { promptId: "triage/classify", promptHash: "h1", calls: 2, invalid: 0, repaired: 2 },
      { promptId: "triage/classify", promptHash: "h2", calls: 1, invalid: 1, repaired: 0 },
    ]);
  });

  it("the week before has its own figures: a fixed finding is not dismissed, a lone create is no duplicate", async () => {
    const f = await createPostgresAuditStats(pool).figures(BEFORE);
    expect(f.automations).toEqual([
      { automation: "build", runs: 2, failed: 1, failureRate: 0.5 },
      { automation: "triage", runs: 4, failed: 1, failureRate: 0.25 },
    ]);
    expect(f.dimensions).toEqual([{ dimension: "tests", reviews: 2, findings: 1, fixed: 1, dismissed: 0, nits: 0 }]);
    expect(f.duplicates).toEqual([]);
    expect(f.handOffs).toEqual([{ automation: "build", reason: "budget-steps", count: 1 }]);
    expect(f.slowSteps).toEqual([]);
    expect(f.repairs).toEqual([{ task: "triage.classify", strategy: "feedback", tried: 1, worked: 0 }]);
  });

  it("an empty window has no figures", async () => {
    const f = await createPostgresAuditStats(pool).figures({ start: "2030-01-01T00:00:00.000Z", end: "2030-01-08T00:00:00.000Z" });
    expect(f).toEqual({
      window: { start: "2030-01-01T00:00:00.000Z", end: "2030-01-08T00:00:00.000Z" },
      automations: [],
      hotSpots: [],
      handOffs: [],
      dimensions: [],
      cost: [],
      slowSteps: [],
      duplicates: [],
      repairs: [],
      prompts: [],
    });
  });
});

describe("audit metrics before and after 10 March", () => {
  const stats = () => createPostgresAuditStats(pool);

  it("failure-rate of an automation, at a node, of a failure class", async () => {
    const s = stats();
    expect(await s.metric({ name: "failure-rate", automation: "triage" }, BEFORE)).toEqual({ value: 0.25, n: 4 });
    expect(await s.metric({ name: "failure-rate", automation: "triage" }, WEEK)).toEqual({ value: 0.5, n: 6 });
    expect(await s.metric({ name: "failure-rate", automation: "triage", failureClass: "semantic" }, BEFORE)).toEqual({ value: 0.25, n: 4 });
    expect(await s.metric({ name: "failure-rate", automation: "triage", failureClass: "semantic" }, WEEK)).toEqual({ value: 2 / 6, n: 6 });
    expect(await s.metric({ name: "failure-rate", automation: "triage", failureClass: "infrastructure" }, BEFORE)).toEqual({ value: 0, n: 4 });
    expect(await s.metric({ name: "failure-rate", automation: "triage", failureClass: "infrastructure" }, WEEK)).toEqual({ value: 1 / 6, n: 6 });
    expect(await s.metric({ name: "failure-rate", automation: "triage", node: "classify" }, BEFORE)).toEqual({ value: 0.25, n: 4 });
    expect(await s.metric({ name: "failure-rate", automation: "triage", node: "classify" }, WEEK)).toEqual({ value: 0.5, n: 6 });
    expect(await s.metric({ name: "failure-rate", automation: "triage", node: "classify", failureClass: "semantic" }, WEEK)).toEqual({ value: 2 / 6, n: 6 });
    expect(await s.metric({ name: "failure-rate", automation: "triage", node: "create-issue" }, WEEK)).toEqual({ value: 0, n: 6 });
    expect(await s.metric({ name: "failure-rate", automation: "build", node: "gate" }, WEEK)).toEqual({ value: 0.25, n: 4 });
    expect(await s.metric({ name: "failure-rate", automation: "verify" }, WEEK)).toEqual({ value: 0, n: 0 });
  });

  it("dismissal-rate of a review dimension", async () => {
    const s = stats();
    expect(await s.metric({ name: "dismissal-rate", dimension: "tests" }, BEFORE)).toEqual({ value: 0, n: 1 });
    expect(await s.metric({ name: "dismissal-rate", dimension: "tests" }, WEEK)).toEqual({ value: 1, n: 1 });
    expect(await s.metric({ name: "dismissal-rate", dimension: "correctness" }, BEFORE)).toEqual({ value: 0, n: 0 });
    expect(await s.metric({ name: "dismissal-rate", dimension: "correctness" }, WEEK)).toEqual({ value: 2 / 3, n: 3 });
    expect(await s.metric({ name: "dismissal-rate", dimension: "architecture" }, WEEK)).toEqual({ value: 0, n: 0 });
  });

  it("invalid-output-rate of a prompt, whatever its version", async () => {
    const s = stats();
    expect(await s.metric({ name: "invalid-output-rate", promptId: "triage/classify" }, BEFORE)).toEqual({ value: 0.5, n: 2 });
    expect(await s.metric({ name: "invalid-output-rate", promptId: "triage/classify" }, WEEK)).toEqual({ value: 1 / 3, n: 3 });
    expect(await s.metric({ name: "invalid-output-rate", promptId: "review/tests" }, WEEK)).toEqual({ value: 0, n: 0 });
  });

  it("hand-off-rate of a reason over the automation's finished runs", async () => {
    const s = stats();
    expect(await s.metric({ name: "hand-off-rate", automation: "build", reason: "budget-steps" }, BEFORE)).toEqual({ value: 0.5, n: 2 });
    expect(await s.metric({ name: "hand-off-rate", automation: "build", reason: "budget-steps" }, WEEK)).toEqual({ value: 0.25, n: 4 });
    expect(await s.metric({ name: "hand-off-rate", automation: "shepherd", reason: "checks failing" }, BEFORE)).toEqual({ value: 0, n: 0 });
    expect(await s.metric({ name: "hand-off-rate", automation: "shepherd", reason: "checks failing" }, WEEK)).toEqual({ value: 0.5, n: 2 });
    // No review run finished in the week: nothing to divide by.
    expect(await s.metric({ name: "hand-off-rate", automation: "review", reason: "blocking findings still open after the last round" }, WEEK)).toEqual({ value: 0, n: 0 });
  });
});
