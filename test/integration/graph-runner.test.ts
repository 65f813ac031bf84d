import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresRunLedger } from "../../src/adapters/postgres/postgres-run-ledger.js";
import { ErrorCode } from "../../src/core/errors.js";
import { silentLogger } from "../../src/core/logger.js";
import { GraphRunner } from "../../src/runtime/graph-runner.js";
import { tryLockThread } from "../../src/runtime/thread-lock.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { approvalGraph } from "../support/approval-graph.js";
import { testPool, uniqueId } from "../support/db.js";

const pool = testPool();
afterAll(() => pool.end());

function runner(graph = approvalGraph()) {
  const f = fakeGraphDeps();
  const runs = createPostgresRunLedger(pool);
  const r = new GraphRunner({ pool, checkpointer: new PostgresSaver(pool), graphs: [graph as never], deps: { ...f.deps, runs }, runs, logger: silentLogger });
  return { r, runs, chat: f.chat };
}

describe("graph runner", () => {
  it("waits at an interrupt, resumes by interrupt id, and ignores stale or repeated resumes", async () => {
    const { r, runs, chat } = runner();
    const threadId = uniqueId("gh:acme/shop#");
    const started = await r.run({ type: "start", graph: "approval-test", threadId, input: { channel: "C1" }, jobId: uniqueId("job") });
    expect(started.status).toBe("waiting");
    const interruptId = started.status === "waiting" ? started.interrupts[0]!.id : "";
    expect(chat.botMessages("C1").map((m) => m.text)).toEqual(["Approve?"]);

    const stale = await r.run({ type: "resume", graph: "approval-test", threadId, interruptId: "not-the-pending-one", value: "yes" });
    expect(stale).toMatchObject({ status: "ignored" });

    const resumed = await r.run({ type: "resume", graph: "approval-test", threadId, interruptId, value: "yes" });
    expect(resumed.status).toBe("succeeded");
    const again = await r.run({ type: "resume", graph: "approval-test", threadId, interruptId, value: "no" });
    expect(again).toMatchObject({ status: "ignored" });
    expect(chat.botMessages("C1").map((m) => m.text)).toEqual(["Approve?", "Merged"]);

    const ledger = await runs.runsForThread(threadId);
    expect(ledger.map((x) => [x.kind, x.status])).toEqual([
      ["start", "waiting"],
      ["resume", "succeeded"],
    ]);
    const steps = await runs.stepsForRun(ledger[0]!.id);
    expect(steps.map((s) => [s.node, s.status])).toEqual([
      ["announce", "succeeded"],
      ["ask", "interrupted"],
    ]);
  });

  it("closes the ledger row of a dead worker's run even when the job that takes over has nothing left to do", async () => {
    const { r, runs } = runner();
    const threadId = uniqueId("gh:acme/shop#");
    const jobId = uniqueId("job");
    const started = await r.run({ type: "start", graph: "approval-test", threadId, input: { channel: "C1" }, jobId });
    const interruptId = started.status === "waiting" ? started.interrupts[0]!.id : "";
    await r.run({ type: "resume", graph: "approval-test", threadId, interruptId, value: "yes" });
    // A worker took the resume's redelivery, opened its ledger row and died: the graph had nothing left to do.
    await runs.startRun({ graph: "approval-test", threadId, kind: "resume", jobId: uniqueId("job") });

    const late = await r.run({ type: "resume", graph: "approval-test", threadId, interruptId, value: "yes" });
    expect(late).toMatchObject({ status: "ignored" });
    const ledger = await runs.runsForThread(threadId);
    expect(ledger.map((x) => [x.kind, x.status, x.errorCode ?? null])).toEqual([
      ["start", "waiting", null],
      ["resume", "succeeded", null],
      ["resume", "failed", "WORKER_LOST"],
    ]);
  });

  it("refuses to run a thread another worker holds, without losing the run", async () => {
    const { r } = runner();
    const threadId = uniqueId("thread");
    const lock = await tryLockThread(pool, threadId);
    await expect(r.run({ type: "start", graph: "approval-test", threadId, input: { channel: "C2" } })).rejects.toMatchObject({
      code: ErrorCode.LockBusy,
      retryable: true,
    });
    await lock.release();
    await expect(r.run({ type: "start", graph: "approval-test", threadId, input: { channel: "C2" } })).resolves.toMatchObject({ status: "waiting" });
  });

  it("continues a failed run from its checkpoint and replays effects that were already applied", async () => {
    const flag = { done: false };
    const { r, runs, chat } = runner(approvalGraph({ failActOnce: flag }));
    const threadId = uniqueId("thread");
    const started = await r.run({ type: "start", graph: "approval-test", threadId, input: { channel: "C3" } });
    const interruptId = started.status === "waiting" ? started.interrupts[0]!.id : "";
    await expect(r.run({ type: "resume", graph: "approval-test", threadId, interruptId, value: "yes" })).rejects.toMatchObject({ retryable: true });

    // The queue retries the resume job: the interrupt is consumed, so the runner continues the checkpoint.
    const retried = await r.run({ type: "resume", graph: "approval-test", threadId, interruptId, value: "yes" });
    expect(retried.status).toBe("succeeded");
    // A late duplicate of the same click finds nothing left to do.
    await expect(r.run({ type: "resume", graph: "approval-test", threadId, interruptId, value: "yes" })).resolves.toMatchObject({ status: "ignored" });
    expect(chat.botMessages("C3").map((m) => m.text)).toEqual(["Approve?", "Merged"]);
    expect((await runs.runsForThread(threadId)).map((x) => [x.kind, x.status])).toEqual([
      ["start", "waiting"],
      ["resume", "failed"],
      ["continue", "succeeded"],
    ]);
  });

  it("finishes a run when a signal's first attempt consumed the interrupt and then failed", async () => {
    const { r, chat } = runner(approvalGraph({ failActOnce: { done: false } }));
    const threadId = uniqueId("thread");
    await r.run({ type: "start", graph: "approval-test", threadId, input: { channel: "C4" } });
    const signal = { type: "signal" as const, graph: "approval-test", threadId, value: "yes" };
    await expect(r.run(signal)).rejects.toMatchObject({ retryable: true });
    await expect(r.run(signal)).resolves.toMatchObject({ status: "succeeded" });
    expect(chat.botMessages("C4").map((m) => m.text)).toEqual(["Approve?", "Merged"]);
  });

  it("rejects input the graph does not accept", async () => {
    const { r } = runner();
    await expect(r.run({ type: "start", graph: "approval-test", threadId: uniqueId("t"), input: { nope: 1 } })).rejects.toThrow();
    await expect(r.run({ type: "start", graph: "nope", threadId: uniqueId("t"), input: {} })).rejects.toMatchObject({ code: ErrorCode.UnknownGraph });
  });
});
