import { describe, expect, it } from "vitest";
import { duration, modelCallLine, runTimelineBlocks, type RunTimelineView, type TimelineRun } from "../../../src/blocks/run-timeline-blocks.js";
import type { ModelCallSummary, RunRecord, StepRecord } from "../../../src/core/ledgers/run-ledger.js";
import { readable } from "../../support/readable.js";

const now = "2026-01-15T10:00:00.000Z";
const at = (minutesAgo: number) => new Date(Date.parse(now) - minutesAgo * 60_000).toISOString();
const THREAD = "gh-pr:acme/shop#123";

function run(id: string, partial: Partial<RunRecord> & { startedMinAgo: number; tookS?: number }): RunRecord {
  const { startedMinAgo, tookS, ...rest } = partial;
  return {
    id,
    graph: "review",
    threadId: THREAD,
    jobId: null,
    kind: "start",
    status: "succeeded",
    errorCode: null,
    errorMessage: null,
    failureClass: null,
    startedAt: at(startedMinAgo),
    finishedAt: tookS === undefined ? null : new Date(Date.parse(at(startedMinAgo)) + tookS * 1000).toISOString(),
    ...rest,
  };
}

function call(partial: Partial<ModelCallSummary>): ModelCallSummary {
  return { task: "review.correctness", model: "gpt-4o", outcome: "ok", errorCode: null, attempts: [], ...partial };
}

const repaired = call({
  outcome: "ok",
  model: "gpt-4.1",
  attempts: [
    { strategy: "first", model: "gpt-4o", outcome: "invalid" },
    { strategy: "feedback", model: "gpt-4o", outcome: "invalid" },
    { strategy: "fallback-model", model: "gpt-4.1", outcome: "ok" },
  ],
});

const failedRun: TimelineRun = {
  run: run("r2", { status: "failed", errorCode: "MODEL_INVALID_OUTPUT", errorMessage: "review.security: output did not match the schema after every repair", failureClass: "semantic", startedMinAgo: 120, tookS: 95 }),
  steps: [
    { node: "gather-context", status: "succeeded", durationMs: 1200, errorCode: null },
    { node: "correctness", status: "succeeded", durationMs: 41_000, errorCode: null },
    { node: "security", status: "failed", durationMs: 52_300, errorCode: "MODEL_INVALID_OUTPUT", message: "review.security: output did not match the schema after every repair" },
  ],
  modelCalls: [
    repaired,
    call({ task: "review.security", outcome: "invalid", errorCode: "MODEL_INVALID_OUTPUT", attempts: [{ strategy: "first", model: "gpt-4o", outcome: "invalid" }, { strategy: "feedback", model: "gpt-4o", outcome: "invalid" }, { strategy: "fallback-model", model: "gpt-4.1", outcome: "invalid" }] }),
    call({ task: "review.summarise", attempts: [{ strategy: "first", model: "gpt-4o", outcome: "ok" }] }),
  ],
};

function timeline(runs: TimelineRun[], focusRunId: string, extra: Partial<Extract<RunTimelineView, { kind: "timeline" }>> = {}): RunTimelineView {
  return { kind: "timeline", automation: "review", number: 123, target: "pr", threadId: THREAD, focusRunId, runs, earlier: 0, later: 0, now, ...extra };
}

describe("run timeline blocks", () => {
  it("says what failed, of which kind, step by step, with the model calls that needed repairs, and what happens next", () => {
    const message = runTimelineBlocks(timeline([failedRun], "r2"));
    const text = readable(message);
    expect(message.blocks[0]).toMatchObject({ type: "header", text: { text: "Why the review of PR #123 failed" } });
    expect(text).toContain("*What failed:* step `security`, with `MODEL_INVALID_OUTPUT`: review.security: output did not match the schema after every repair");
    expect(text).toContain("*Kind of failure:* semantic — the model's output or the agent's work");
    expect(text).toContain(":x: *Run 1 of 1: Failed* · started 2 h ago · took 1 min 35 s");
    expect(text).toContain("• `gather-context` done in 1.2 s");
    expect(text).toContain("• `correctness` done in 41 s");
    expect(text).toContain("• `security` failed after 52.3 s: `MODEL_INVALID_OUTPUT` review.security: output did not match the schema after every repair");
    expect(text).toContain("• review.correctness (gpt-4o): invalid output → retried with the error → invalid output → fallback model gpt-4.1 → ok");
    expect(text).toContain("• review.security (gpt-4o): invalid output → retried with the error → invalid output → fallback model gpt-4.1 → invalid output");
    // A call that answered first time is not trouble.
    expect(text).not.toContain("review.summarise");
    expect(text).toContain("*What happens next*\nHanded to people: the model's output or the agent's work was still unusable after every repair");
    expect(message.text).toBe(
      "Why the review of PR #123 failed: MODEL_INVALID_OUTPUT in security (semantic: the model's output or the agent's work). Next: Handed to people: the model's output or the agent's work was still unusable after every repair, so retrying alone will not help. Someone needs to look at the work, then start it again.",
    );
  });

  it("explains each kind of failure in a few words and what the runtime does about it", () => {
    const kinds = {
      infrastructure: ["a service or the network", "Retrying automatically"],
      logic: ["a defect in Shopfloor", "Handed to people: a defect in Shopfloor is not retried"],
      semantic: ["the model's output or the agent's work", "Handed to people"],
    } as const;
    for (const [failureClass, [words, next]] of Object.entries(kinds)) {
      const entry: TimelineRun = { ...failedRun, run: { ...failedRun.run, failureClass: failureClass as keyof typeof kinds } };
      const text = readable(runTimelineBlocks(timeline([entry], "r2")));
      expect(text).toContain(`*Kind of failure:* ${failureClass} — ${words}`);
      expect(text).toContain(`*What happens next*\n${next}`);
    }
  });

  it("shows the runs newest last, marks the one asked about, and says a later success recovered it", () => {
    const first: TimelineRun = { run: run("r1", { status: "failed", errorCode: "GITHUB_API", errorMessage: "502 Bad Gateway", failureClass: "infrastructure", startedMinAgo: 180, tookS: 3 }), steps: [{ node: "gather-context", status: "failed", durationMs: 2_900, errorCode: "GITHUB_API", message: "502 Bad Gateway" }], modelCalls: [] };
    const later: TimelineRun = { run: run("r3", { startedMinAgo: 30, tookS: 200 }), steps: [{ node: "post-review", status: "succeeded", durationMs: 800, errorCode: null }], modelCalls: [] };
    const message = runTimelineBlocks(timeline([first, failedRun, later], "r2", { earlier: 2 }));
    const text = readable(message);
    expect(message.blocks[0]).toMatchObject({ type: "header", text: { text: "The review of PR #123 failed, then succeeded" } });
    expect(text).toContain("*Timeline* (5 runs of the review, 3 shown, newest last)");
    expect(text).toContain("…2 earlier runs not shown.");
    const order = ["Run 3 of 5: Failed", "Run 4 of 5: Failed* (the one asked about)", "Run 5 of 5: Succeeded"].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // An older failure carries its own kind; the one asked about has it in the cause at the top.
    expect(text).toContain("Kind of failure: infrastructure (a service or the network)");
    expect(text).toContain("• `gather-context` failed after 2.9 s: `GITHUB_API` 502 Bad Gateway");
    expect(text).toContain("*What happens next*\nNothing: it recovered, the latest run succeeded 26 min ago.");
  });

  it("says when the automation did not fail, and what its latest run is doing", () => {
    const waiting: TimelineRun = { run: run("m1", { graph: "merge", status: "waiting", startedMinAgo: 60 }), steps: [{ node: "post-card", status: "succeeded", durationMs: 300, errorCode: null }, { node: "await-decision", status: "interrupted", durationMs: null, errorCode: null }], modelCalls: [] };
    const message = runTimelineBlocks(timeline([waiting], "m1", { automation: "merge", threadId: `${THREAD}:merge:a1b2c3d4e5f6` }));
    const text = readable(message);
    expect(message.blocks[0]).toMatchObject({ text: { text: "The merge of PR #123 did not fail: it is waiting for a person" } });
    expect(text).toContain("• `await-decision` waiting for a person");
    expect(text).toContain("*What happens next*\nWaiting for a person: `await-decision` waits for a reply or a click in its Slack thread.");
    expect(text).not.toContain("What failed");
    expect(text).toContain("From the run ledger of `gh-pr:acme/shop#123:merge:a1b2c3d4e5f6`.");
  });

  it("says there is no such run and names what there is for the number", () => {
    const others = [
      run("b2", { graph: "build", threadId: "gh-issue:acme/shop#45:build", status: "failed", startedMinAgo: 200, tookS: 60 }),
      run("b1", { graph: "build", threadId: "gh-issue:acme/shop#45:build", startedMinAgo: 3000, tookS: 60 }),
      run("t1", { graph: "triage", threadId: "gh-issue:acme/shop#45", startedMinAgo: 4000, tookS: 5 }),
    ];
    const message = runTimelineBlocks({ kind: "none", automation: "review", number: 45, repository: "acme/shop", others, now });
    expect(message.text).toBe("I have no record of the review running for #45 in acme/shop.");
    const text = readable(message);
    expect(text).toContain("*What I have for #45*\n• build: 2 runs, the latest failed 3 h ago\n• triage: 1 run, the latest succeeded 2 days ago");
    expect(text).toContain("`why did the build of #45 fail?`");

    const nothing = readable(runTimelineBlocks({ kind: "none", automation: "incident", number: 9, repository: "acme/shop", others: [], now }));
    expect(nothing).toContain("Incident runs follow Sentry issues, not PR or issue numbers.");
    expect(nothing).toContain("Shopfloor has no runs for #9 at all.");
  });

  it("escapes error messages, and stays within Slack's limits for a long run", () => {
    const steps: StepRecord[] = Array.from({ length: 60 }, (_, i) => ({ node: `agent-turn-${i}`, status: "succeeded", durationMs: 1000, errorCode: null }));
    steps.push({ node: "push", status: "failed", durationMs: 10, errorCode: "WORKSPACE", message: `refused <!channel> ${"x".repeat(2000)}` });
    const long: TimelineRun = { run: run("x", { graph: "build", status: "failed", errorCode: "WORKSPACE", errorMessage: "push refused <@U1>", startedMinAgo: 10, tookS: 60 }), steps, modelCalls: Array.from({ length: 40 }, () => repaired) };
    const runs = Array.from({ length: 5 }, () => long);
    const message = runTimelineBlocks(timeline(runs, "x", { automation: "build", target: "issue" }));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const b of message.blocks) {
      const t = (b as { text?: { text?: string } }).text?.text;
      if (t) expect(t.length).toBeLessThanOrEqual(3000);
    }
    const text = readable(message);
    expect(text).toContain("Why the build of issue #123 failed");
    expect(message.text.length).toBeLessThanOrEqual(3000);
    expect(text).toContain("• …49 earlier steps");
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<@U1>");
    expect(text).toContain("push refused &lt;@U1&gt;");
  });

  it("words durations and model calls without attempts", () => {
    expect(duration(850)).toBe("850 ms");
    expect(duration(4_200)).toBe("4.2 s");
    expect(duration(185_000)).toBe("3 min 5 s");
    expect(duration(3_720_000)).toBe("1 h 2 min");
    expect(modelCallLine(call({ outcome: "error", errorCode: "MODEL_API", attempts: [] }))).toBe("review.correctness (gpt-4o): error (MODEL_API)");
    expect(modelCallLine(call({ outcome: "timeout", attempts: [{ strategy: "first", model: "gpt-4o", outcome: "timeout" }, { strategy: "smaller-context", model: "gpt-4o", outcome: "ok" }] }))).toBe(
      "review.correctness (gpt-4o): timed out → retried with a smaller context → ok",
    );
  });
});
