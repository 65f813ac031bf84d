import { describe, expect, it } from "vitest";
import { explainGraph } from "../../graphs/explain/index.js";
import type { ExplainInput } from "../../graphs/explain/explain-input.js";
import type { FailureClass } from "../../src/core/failure-class.js";
import type { RunRecord, StepRecord } from "../../src/core/ledgers/run-ledger.js";
import type { ModelAttempt } from "../../src/core/ports/model-port.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { graphHarness } from "../support/graph-harness.js";
import { readable } from "../support/readable.js";

/** The clock of fakeGraphDeps. */
const NOW = Date.parse("2026-01-15T10:00:00.000Z");
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();
const PR_THREAD = "gh-pr:acme/shop#123";

function world() {
  const f = fakeGraphDeps();
  /** A finished run as the runner records it: its steps, its model calls, then its outcome, at the given times. */
  const seedRun = async (spec: {
    graph: string;
    threadId: string;
    startedMinAgo: number;
    tookS: number;
    status: Exclude<RunRecord["status"], "running">;
    steps: (StepRecord & { detail?: Record<string, unknown> })[];
    calls?: { node: string; task: string; outcome: "ok" | "invalid" | "timeout" | "error"; errorCode?: string; attempts: ModelAttempt[] }[];
    error?: { code: string; message: string; failureClass?: FailureClass };
  }) => {
    const id = await f.runs.startRun({ graph: spec.graph, threadId: spec.threadId, kind: "start" });
    for (const step of spec.steps) await f.runs.recordStep(id, step);
    for (const c of spec.calls ?? []) {
      await f.runs.recordModelCall({
        runId: id,
        threadId: spec.threadId,
        graph: spec.graph,
        node: c.node,
        task: c.task,
        outcome: c.outcome,
        errorCode: c.errorCode ?? null,
        meta: { model: c.attempts.at(-1)!.model, promptId: c.task.replace(".", "/"), promptHash: "h", usage: { promptTokens: 10, completionTokens: 5, costUsd: 0.001 }, latencyMs: 900, repairs: c.attempts.length - 1, attempts: c.attempts },
      });
    }
    await f.runs.finishRun(id, spec.error ? { status: spec.status, errorCode: spec.error.code, errorMessage: spec.error.message, ...(spec.error.failureClass ? { failureClass: spec.error.failureClass } : {}) } : { status: spec.status });
    const run = f.runs.runs.find((r) => r.id === id)!;
    run.startedAt = minutesAgo(spec.startedMinAgo);
    run.finishedAt = spec.status === "waiting" ? null : new Date(Date.parse(run.startedAt) + spec.tookS * 1000).toISOString();
    return id;
  };
  /** The review of PR 123 that failed on the security dimension: invalid output after every repair. */
  const failedReview = (startedMinAgo: number) =>
    seedRun({
      graph: "review",
      threadId: PR_THREAD,
      startedMinAgo,
      tookS: 95,
      status: "failed",
      steps: [
        { node: "gather-context", status: "succeeded", durationMs: 1_200, errorCode: null },
        { node: "correctness", status: "succeeded", durationMs: 41_000, errorCode: null },
        { node: "security", status: "failed", durationMs: 52_300, errorCode: "MODEL_INVALID_OUTPUT", detail: { message: "review.security: the output did not match the schema after every repair" } },
      ],
      calls: [
        {
          node: "correctness",
          task: "review.correctness",
          outcome: "ok",
          attempts: [
            { strategy: "first", model: "gpt-4o", outcome: "invalid" },
            { strategy: "feedback", model: "gpt-4o", outcome: "invalid" },
            { strategy: "fallback-model", model: "gpt-4.1", outcome: "ok" },
          ],
        },
        { node: "correctness", task: "review.summarise", outcome: "ok", attempts: [{ strategy: "first", model: "gpt-4o", outcome: "ok" }] },
        {
          node: "security",
          task: "review.security",
          outcome: "invalid",
          errorCode: "MODEL_INVALID_OUTPUT",
          attempts: [
            { strategy: "first", model: "gpt-4o", outcome: "invalid" },
            { strategy: "feedback", model: "gpt-4o", outcome: "invalid" },
            { strategy: "fallback-model", model: "gpt-4.1", outcome: "invalid" },
          ],
        },
      ],
      error: { code: "MODEL_INVALID_OUTPUT", message: "review.security: the output did not match the schema after every repair", failureClass: "semantic" },
    });
  const mention = (text: string) => f.chat.addUserMessage({ channel: "C0GEN", user: "U0DAVE", text });
  const ask = (input: Omit<ExplainInput, "via" | "channel" | "user"> & { messageTs: string }) =>
    graphHarness(explainGraph, f.deps, `slack-req:T1:C0GEN-${input.messageTs}`).start({ via: "mention", channel: "C0GEN", user: "U0DAVE", ...input });
  return { ...f, seedRun, failedReview, mention, ask };
}

function onlyReply(w: ReturnType<typeof world>, ts: string) {
  const replies = w.chat.threadReplies("C0GEN", ts);
  expect(replies).toHaveLength(1);
  return replies[0]!;
}

describe("explain graph: why did a run fail?", () => {
  it("answers '@Shopfloor why did the review of #123 fail?' in its thread with the run's timeline from the run ledger", async () => {
    const w = world();
    await w.failedReview(120);
    // Another PR's review and PR 12's (whose thread id is a prefix of PR 123's) are not this one's.
    await w.seedRun({ graph: "review", threadId: "gh-pr:acme/shop#12", startedMinAgo: 10, tookS: 5, status: "failed", steps: [], error: { code: "GITHUB_API", message: "PR 12's own failure" } });
    const m = w.mention("<@U0SHOPFLOOR> why did the review of #123 fail?");
    await w.ask({ number: 123, about: "run", automation: "review", messageTs: m.ts });

    const reply = onlyReply(w, m.ts);
    const text = readable(reply);
    expect(text).toContain("Why the review of PR #123 failed");
    expect(text).toContain("*What failed:* step `security`, with `MODEL_INVALID_OUTPUT`: review.security: the output did not match the schema after every repair");
    expect(text).toContain("*Kind of failure:* semantic — the model's output or the agent's work");
    expect(text).toContain(":x: *Run 1 of 1: Failed* · started 2 h ago · took 1 min 35 s");
    expect(text).toContain("• `gather-context` done in 1.2 s\n• `correctness` done in 41 s\n• `security` failed after 52.3 s: `MODEL_INVALID_OUTPUT` review.security: the output did not match the schema after every repair");
    expect(text).toContain("Model calls that failed or needed repairs:\n• review.correctness (gpt-4o): invalid output → retried with the error → invalid output → fallback model gpt-4.1 → ok\n• review.security (gpt-4o): invalid output → retried with the error → invalid output → fallback model gpt-4.1 → invalid output");
    expect(text).not.toContain("review.summarise");
    expect(text).toContain("*What happens next*\nHanded to people");
    expect(text).toContain("From the run ledger of `gh-pr:acme/shop#123`.");
    expect(text).not.toContain("PR 12's own failure");
    // Answered like every mention: 👀 then ✅, and nothing asked of the model or GitHub.
    expect(w.chat.reactions("C0GEN", m.ts)).toEqual(["white_check_mark"]);
    expect(w.model.calls).toHaveLength(0);
  });

  it("says when there is no run of that automation for the number, and names the runs there are", async () => {
    const w = world();
    await w.seedRun({ graph: "triage", threadId: "gh-issue:acme/shop#45", startedMinAgo: 3000, tookS: 4, status: "succeeded", steps: [{ node: "classify", status: "succeeded", durationMs: 3_000, errorCode: null }] });
    await w.seedRun({ graph: "build", threadId: "gh-issue:acme/shop#45:build", startedMinAgo: 200, tookS: 60, status: "waiting", steps: [] });
    const m = w.mention("<@U0SHOPFLOOR> why did the review of #45 fail?");
    await w.ask({ number: 45, about: "run", automation: "review", messageTs: m.ts });
    const text = readable(onlyReply(w, m.ts));
    expect(text).toContain("I have no record of the review running for #45 in acme/shop.");
    expect(text).toContain("*What I have for #45*\n• build: 1 run, the latest waiting for a person 3 h ago\n• triage: 1 run, the latest succeeded 2 days ago");

    const empty = w.mention("<@U0SHOPFLOOR> why did the build of #46 fail?");
    await w.ask({ number: 46, about: "run", automation: "build", messageTs: empty.ts });
    const nothing = readable(onlyReply(w, empty.ts));
    expect(nothing).toContain("I have no record of the build running for #46 in acme/shop.");
    expect(nothing).toContain("Shopfloor has no runs for #46 at all.");
  });

  it("shows a failure the latest run recovered from, newest last, and says nothing is left to do", async () => {
    const w = world();
    await w.seedRun({
      graph: "review",
      threadId: PR_THREAD,
      startedMinAgo: 300,
      tookS: 2,
      status: "failed",
      steps: [{ node: "gather-context", status: "failed", durationMs: 1_900, errorCode: "GITHUB_API", detail: { message: "GitHub answered 502" } }],
      error: { code: "GITHUB_API", message: "GitHub answered 502", failureClass: "infrastructure" },
    });
    await w.failedReview(120);
    await w.seedRun({
      graph: "review",
      threadId: PR_THREAD,
      startedMinAgo: 30,
      tookS: 200,
      status: "succeeded",
      steps: [
        { node: "gather-context", status: "succeeded", durationMs: 1_000, errorCode: null },
        { node: "post-review", status: "succeeded", durationMs: 700, errorCode: null },
      ],
    });
    const m = w.mention("<@U0SHOPFLOOR> why did the review of #123 fail?");
    await w.ask({ number: 123, about: "run", automation: "review", messageTs: m.ts });

    const text = readable(onlyReply(w, m.ts));
    expect(text).toContain("The review of PR #123 failed, then succeeded");
    // The newest failure is the one asked about; its cause comes first.
    expect(text).toContain("*What failed:* step `security`, with `MODEL_INVALID_OUTPUT`");
    const order = ["Run 1 of 3: Failed", "Run 2 of 3: Failed* (the one asked about)", "Run 3 of 3: Succeeded"].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // The older failure carries its own kind.
    expect(text).toContain("• `gather-context` failed after 1.9 s: `GITHUB_API` GitHub answered 502\nKind of failure: infrastructure (a service or the network)");
    expect(text).toContain("*What happens next*\nNothing: it recovered, the latest run succeeded 26 min ago.");
  });

  it("shows at most five runs of the thread, the newest ones", async () => {
    const w = world();
    for (let i = 0; i < 7; i++) {
      await w.seedRun({ graph: "shepherd", threadId: `${PR_THREAD}:shepherd`, startedMinAgo: 700 - i * 60, tookS: 3, status: "failed", steps: [], error: { code: "RATE_LIMITED", message: `rate limited, try ${i + 1}` } });
    }
    const m = w.mention("<@U0SHOPFLOOR> what went wrong with the shepherd run of #123?");
    await w.ask({ number: 123, about: "run", automation: "shepherd", messageTs: m.ts });
    const text = readable(onlyReply(w, m.ts));
    expect(text).toContain("*Timeline* (7 runs of the shepherd run, 5 shown, newest last)");
    expect(text).toContain("…2 earlier runs not shown.");
    expect(text).toContain("Run 7 of 7: Failed* (the one asked about)");
    expect(text).not.toContain("Run 2 of 7");
    expect(text).toContain("*What happens next*\nRetrying automatically");
  });

  it("answers /shopfloor why review 123 through the response_url, in the channel", async () => {
    const w = world();
    await w.failedReview(120);
    await graphHarness(explainGraph, w.deps, "slack-req:T1:trig.1").start({
      via: "command",
      number: 123,
      about: "run",
      automation: "review",
      channel: "C0GEN",
      user: "U0DAVE",
      responseUrl: "https://hooks.slack.test/cmd/1",
    });
    expect(w.chat.responses).toHaveLength(1);
    expect(w.chat.responses[0]).toMatchObject({ responseUrl: "https://hooks.slack.test/cmd/1", responseType: "in_channel" });
    expect(readable(w.chat.responses[0]!)).toContain("Why the review of PR #123 failed");
    expect(w.chat.botMessages()).toHaveLength(0);
  });

  it("does not read another repository's runs for a link to it", async () => {
    const w = world();
    await w.failedReview(120);
    const m = w.mention("<@U0SHOPFLOOR> why did the review of https://github.com/other/repo/pull/123 fail?");
    await w.ask({ number: 123, repository: "other/repo", about: "run", automation: "review", messageTs: m.ts });
    expect(onlyReply(w, m.ts).text).toBe("#123 is in other/repo, and I only look after acme/shop.");
  });

  it("refuses a question about a run that names no automation", () => {
    expect(explainGraph.input.safeParse({ via: "mention", number: 1, about: "run", channel: "C", user: "U" }).success).toBe(false);
  });
});
