import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartJsChartAdapter } from "../../src/adapters/chart/chartjs-chart-adapter.js";
import type { PgPool } from "../../src/adapters/postgres/create-pg-pool.js";
import { createPostgresFactoryStats } from "../../src/adapters/postgres/postgres-factory-stats.js";
import type { RecapFigures } from "../../src/core/recap-figures.js";
import { recapGraph } from "../../graphs/recap/index.js";
import { FakeForge } from "../fakes/fake-ports.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "../support/graph-harness.js";
import { WEEK_END, recapLedger, weekForge } from "../support/recap-week.js";

/**
 * The recap over a seeded ledger and a seeded GitHub, against numbers worked out by hand. The ledger is a database
 * of its own: the figures aggregate whole tables, and other tests write to the shared one at the same time.
 * The week is Mon 10 March 2031 09:00 → Mon 17 March 09:00, Europe/Berlin (CET, UTC+1).
 */
let pool: PgPool;

async function run(graph: string, status: string, startedAt: string, opts: { threadId?: string; errorCode?: string; step?: { node: string; at: string } } = {}) {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO runs (graph, thread_id, kind, status, error_code, started_at, finished_at) VALUES ($1, $2, 'start', $3, $4, $5, $5) RETURNING id`,
    [graph, opts.threadId ?? `${graph}:${startedAt}`, status, opts.errorCode ?? null, startedAt],
  );
  if (opts.step) {
    await pool.query(`INSERT INTO run_steps (run_id, node, status, finished_at) VALUES ($1, $2, 'succeeded', $3)`, [rows[0]!.id, opts.step.node, opts.step.at]);
  }
}

async function modelCall(graph: string, prompt: number, completion: number, cost: number, at: string) {
  await pool.query(
    `INSERT INTO model_calls (graph, task, model, prompt_id, prompt_hash, prompt_tokens, completion_tokens, cost_usd, outcome, created_at)
     VALUES ($1, $1 || '.x', 'gpt-test', $1 || '/x', 'h', $2, $3, $4, 'ok', $5)`,
    [graph, prompt, completion, cost, at],
  );
}

async function review(pr: number, runKey: string, outcome: string, at: string, findings: { fingerprint: string; dimensions: string[] }[], resolved: string[]) {
  await pool.query(
    `INSERT INTO pr_reviews (repository, pr_number, head_sha, run_key, mode, outcome, risk, round, findings, resolved, coverage, created_at)
     VALUES ('acme/shop', $1, 'sha', $2, 'full', $3, 'low', 1, $4, $5, '{}', $6)`,
    [pr, runKey, outcome, JSON.stringify(findings.map((f) => ({ ...f, severity: "major", path: "a.ts", title: "t", placement: "inline" }))), JSON.stringify(resolved), at],
  );
}

function seedGithub(): FakeForge {
  const { forge, issue, pr } = weekForge();
  issue("Checkout total wrong", ["type:bug", "severity:P1"], "2031-03-10T10:00:00.000Z", "2031-03-12T09:00:00.000Z"); // #1
  issue("Dark mode", ["type:feature", "severity:P3"], "2031-03-11T09:00:00.000Z"); // #2
  issue("Old crash", ["type:bug", "severity:P2"], "2031-02-01T09:00:00.000Z", "2031-03-13T12:00:00.000Z"); // #3 closed in the week
  issue("Untouched", ["type:chore"], "2031-01-05T09:00:00.000Z"); // #4 outside the week
  pr("Fix checkout total", "shopfloor/1-checkout-total", "Fixes #1", "2031-03-10T14:00:00.000Z", "2031-03-11T14:00:00.000Z", [40, 5]); // #5 factory
  pr("Dark mode", "feature/dark-mode", "Fixes #2", "2031-03-11T15:00:00.000Z", null, [120, 0]); // #6 people, open
  pr("Typo", "fix/typo", "", "2031-03-12T08:00:00.000Z", "2031-03-12T20:00:00.000Z", [3, 3]); // #7 people
  issue("Payment retries", ["type:bug", "severity:P2", "factory:needs-human"], "2031-03-15T10:00:00.000Z"); // #8 on Saturday
  forge.setChecks("main", [{ name: "coverage", status: "completed", conclusion: "success", source: "status", summary: "Coverage 84.2% (+0.3%)" }]);
  return forge;
}

beforeAll(async () => {
  pool = await recapLedger("shopfloor_test_recap");
  for (let i = 0; i < 3; i++) await run("triage", "succeeded", `2031-03-1${i}T10:00:00.000Z`);
  await run("triage", "failed", "2031-03-14T10:00:00.000Z", { errorCode: "MODEL_TIMEOUT" });
  await run("triage", "failed", "2031-03-01T10:00:00.000Z"); // the week before
  await run("build", "succeeded", "2031-03-10T11:00:00.000Z");
  await run("build", "succeeded", "2031-03-13T11:00:00.000Z");
  for (let i = 0; i < 3; i++) await run("review", "succeeded", `2031-03-1${i}T16:00:00.000Z`);
  await run("verify", "succeeded", "2031-03-11T14:05:00.000Z", { threadId: "gh-pr:acme/shop#5:merge:verify", step: { node: "report-success", at: "2031-03-11T14:30:00.000Z" } });
  await run("status", "succeeded", "2031-03-12T10:00:00.000Z");
  await modelCall("triage", 1000, 200, 0.01, "2031-03-10T10:00:01.000Z");
  await modelCall("triage", 1000, 200, 0.01, "2031-03-11T10:00:01.000Z");
  await modelCall("build", 5000, 1000, 0.05, "2031-03-10T11:00:01.000Z");
  await pool.query(`INSERT INTO audit_log (at, actor, action, subject, outcome, detail) VALUES ('2031-03-13T12:00:00Z', 'shopfloor', 'build.stopped', 'issue#8', 'failed', '{"reason":"budget-steps"}')`);
  await review(5, "r5-1", "changes-requested", "2031-03-10T15:00:00.000Z", [{ fingerprint: "f1", dimensions: ["correctness"] }, { fingerprint: "f2", dimensions: ["tests", "correctness"] }], []);
  await review(5, "r5-2", "clean", "2031-03-11T10:00:00.000Z", [{ fingerprint: "f2", dimensions: ["tests", "correctness"] }], ["f1"]);
  await review(6, "r6-1", "needs-human", "2031-03-14T10:00:00.000Z", [], []);
  await pool.query(
    `INSERT INTO escalations (repository, pr_number, head_sha, reasons, owner, deadline, resume_on, created_at)
     VALUES ('acme/shop', 6, 'sha', '["checks failing", "no review"]', 'alice', '2031-03-16T10:00:00Z', 'a push', '2031-03-15T10:00:00Z')`,
  );
  // Reported in Slack at 09:30 UTC, filed as #1 at 10:00.
  await pool.query(`INSERT INTO links (slack_channel, slack_thread_ts, issue_number, created_at) VALUES ('C0BUGS', $1, 1, '2031-03-10T09:30:00Z')`, [
    String(Date.parse("2031-03-10T09:30:00.000Z") / 1000) + ".000100",
  ]);
});

afterAll(async () => {
  await pool?.end();
});

async function recap(period: "daily" | "weekly", until: string) {
  const forge = seedGithub();
  const f = fakeGraphDeps({ forge, stats: createPostgresFactoryStats(pool), chart: createChartJsChartAdapter() });
  f.deps.settings = { ...f.deps.settings, channels: { ...f.deps.settings.channels, recaps: "C0RECAPS" }, recap: { ...f.deps.settings.recap, publicUpdate: { enabled: false }, coverage: { check: "coverage", pattern: "(\\d+(?:\\.\\d+)?)\\s*%" } } };
  const h = graphHarness(recapGraph, f.deps, `recap:${period}:${until}`);
  await h.start({ period, via: "schedule", until });
  const state = (await h.state()) as { figures: RecapFigures; posted: { channel: string; ts: string } };
  return { f, figures: state.figures, posted: state.posted };
}

describe("recap figures", () => {
  it("a weekly recap equals the hand-computed week and posts its chart in the recap's thread", async () => {
    const { f, figures, posted } = await recap("weekly", WEEK_END);
    expect(figures.window).toEqual({ from: "2031-03-10T08:00:00.000Z", to: WEEK_END });
    expect(figures.pullRequests).toEqual({ opened: { factory: 1, people: 2 }, merged: { factory: 1, people: 1 } });
    expect(figures.issues.opened).toBe(3);
    expect(figures.issues.closed).toBe(2);
    expect(figures.issues.byType).toEqual([
      { type: "bug", opened: 2, closed: 2 },
      { type: "feature", opened: 1, closed: 0 },
    ]);
    expect(figures.issues.bySeverity).toEqual([
      { severity: "P1", opened: 1, closed: 1 },
      { severity: "P2", opened: 1, closed: 1 },
      { severity: "P3", opened: 1, closed: 0 },
    ]);
    expect(figures.leadTimes).toEqual({
      reportToIssue: { medianHours: 0.5, count: 1 },
      issueToPr: { medianHours: 5, count: 2 },
      prToMerge: { medianHours: 18, count: 2 },
      mergeToVerified: { medianHours: 0.5, count: 1 },
    });
    // 9 factory runs succeeded and 1 failed; a build stopped, a review ran out of rounds, a PR was escalated.
    expect(figures.automation).toEqual({ finished: 10, handedOff: 3, rate: 0.6 });
    expect(figures.needsHuman.open).toBe(1);
    expect(figures.needsHuman.reasons).toEqual(
      expect.arrayContaining([
        { automation: "build", reason: "budget-steps", count: 1 },
        { automation: "review", reason: "blocking findings still open after the last round", count: 1 },
        { automation: "shepherd", reason: "checks failing", count: 1 },
      ]),
    );
    expect(figures.automations.find((a) => a.graph === "triage")).toMatchObject({ runs: 4, failed: 1, promptTokens: 2000, completionTokens: 400, costUsd: 0.02 });
    expect(figures.cost).toEqual({ usd: 0.07, tokens: 8400 });
    expect(figures.lines).toEqual({ added: 43, removed: 8, pullRequests: 2 });
    expect(figures.coverage).toEqual({ percent: 84.2, check: "coverage" });
    expect(figures.stalledPullRequests).toBe(1);
    expect(figures.reviewDimensions).toEqual([
      { dimension: "correctness", findings: 2, resolved: 1 },
      { dimension: "tests", findings: 1, resolved: 0 },
    ]);
    expect(figures.days.map((d) => [d.label, d.merged, d.opened, d.closed])).toEqual([
      ["Mon 10", 0, 1, 0],
      ["Tue 11", 1, 1, 0],
      ["Wed 12", 1, 0, 1],
      ["Thu 13", 0, 0, 1],
      ["Fri 14", 0, 0, 0],
      ["Sat 15", 0, 1, 0],
      ["Sun 16", 0, 0, 0],
      ["Mon 17", 0, 0, 0],
    ]);

    // What the team channel reads.
    const message = f.chat.botMessages().find((m) => m.ts === posted.ts)!;
    expect(posted.channel).toBe("C0RECAPS");
    const text = JSON.stringify(message.blocks);
    expect(message.text).toContain("Weekly recap · acme/shop: 2 PRs merged · 3 issues opened · 2 closed · 60% automation rate · $0.070 model cost");
    expect(text).toContain("2 merged (1 by the factory, 1 by people)");
    expect(text).toContain("report → issue *30 min* (median of 1)");
    expect(text).toContain("issue → PR *5.0 h* (median of 2)");
    expect(text).toContain("+43 / −8 lines in 2 merged PRs · coverage *84.2%*");
    expect(text).toContain("correctness 1/2 · tests 0/1");
    expect(text).toContain("*Stalled PRs* 1 escalated");
    const [upload] = f.chat.uploads;
    expect(upload).toMatchObject({ channel: "C0RECAPS", threadTs: posted.ts, filename: "recap-weekly-2031-03-17.png" });
    expect(Buffer.from(upload!.bytes).subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(Buffer.from(upload!.bytes).readUInt32BE(16)).toBe(1200);
  });

  it("Monday's daily recap covers the weekend since Friday's, and posts no chart", async () => {
    const { f, figures } = await recap("daily", WEEK_END);
    expect(figures.window.from).toBe("2031-03-14T08:00:00.000Z");
    expect(figures.issues.opened).toBe(1); // #8, on Saturday
    expect(figures.automation).toEqual({ finished: 1, handedOff: 2, rate: 0 }); // a review out of rounds on Saturday, an escalation on Sunday
    expect(f.chat.uploads).toHaveLength(0);
  });

  it("a recap asked for again after a crash posts once", async () => {
    const forge = seedGithub();
    const f = fakeGraphDeps({ forge, stats: createPostgresFactoryStats(pool), chart: createChartJsChartAdapter() });
    f.deps.settings = { ...f.deps.settings, channels: { ...f.deps.settings.channels, recaps: "C0RECAPS" }, recap: { ...f.deps.settings.recap, publicUpdate: { enabled: false } } };
    for (let i = 0; i < 2; i++) await graphHarness(recapGraph, f.deps, "recap:weekly:again").start({ period: "weekly", via: "schedule", until: WEEK_END });
    expect(f.chat.botMessages().filter((m) => m.channel === "C0RECAPS" && !m.threadTs)).toHaveLength(1);
    expect(f.chat.uploads).toHaveLength(1);
  });
});
