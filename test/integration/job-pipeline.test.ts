import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphRegistry } from "../../graphs/registry.js";
import { ingressJobId } from "../../src/jobs/route-ingress.js";
import type { IngressJob } from "../../src/jobs/job-schemas.js";
import { encodeButtonValue } from "../../src/core/button-value.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { approvalGraph } from "../support/approval-graph.js";
import { uniqueId } from "../support/db.js";
import { testPipeline, until } from "../support/pipeline.js";

const p = testPipeline("sf-test", [...graphRegistry, approvalGraph() as never]);
const { queues, automations, runs } = p;
const f = fakeGraphDeps();

beforeAll(() => p.start(f.deps, f.effects));
afterAll(() => p.stop());

// FakeChat's ts values repeat between runs; a team id per run keeps graph threads apart in the shared DB.
const teamId = uniqueId("T");
const mention = (eventId: string, ts: string): IngressJob => ({
  source: "slack",
  type: "event",
  teamId,
  eventId,
  retryNum: 0,
  event: { type: "app_mention", channel: "C0GEN", user: "U0ALICE", text: "<@U0SHOPFLOOR> status", ts },
});

describe("ingress → queue → graph → effects", () => {
  it("turns one Slack event delivered three times into one reply", async () => {
    const m = f.chat.addUserMessage({ channel: "C0GEN", user: "U0ALICE", text: "<@U0SHOPFLOOR> status" });
    const job = mention(uniqueId("Ev"), m.ts);
    await Promise.all([1, 2, 3].map(() => queues.enqueueIngress(job, ingressJobId(job))));
    await until(() => f.chat.reactions("C0GEN", m.ts).includes("white_check_mark"));
    await new Promise((r) => setTimeout(r, 300));
    expect(f.chat.threadReplies("C0GEN", m.ts)).toHaveLength(1);
    expect(f.chat.threadReplies("C0GEN", m.ts)[0]!.text).toContain("Shopfloor status");
  });

  it("holds jobs of a paused automation and runs them after the resume", async () => {
    await automations.setPaused("status", true, "U0ADMIN", "test");
    try {
      const m = f.chat.addUserMessage({ channel: "C0GEN", user: "U0ALICE", text: "<@U0SHOPFLOOR> status" });
      const job = mention(uniqueId("Ev"), m.ts);
      await queues.enqueueIngress(job, ingressJobId(job));
      await until(async () => (await queues.graphQueue("status")!.getDelayedCount()) > 0);
      expect(f.chat.threadReplies("C0GEN", m.ts)).toHaveLength(0);
      await automations.setPaused("status", false, "U0ADMIN");
      await until(() => f.chat.threadReplies("C0GEN", m.ts).length === 1);
      expect(f.chat.threadReplies("C0GEN", m.ts)[0]!.text).toContain("Shopfloor status");
    } finally {
      await automations.setPaused("status", false, "U0ADMIN");
    }
  });

  it("rejects a malformed payload at the producer and fails a corrupted job without retrying", async () => {
    await expect(queues.enqueueIngress({ source: "slack", type: "event" } as never, "bad-1")).rejects.toThrow();
    const id = uniqueId("corrupt");
    await queues.ingress.add("slack", { source: "slack", type: "nonsense" }, { jobId: id });
    await until(async () => (await queues.ingress.getJob(id))?.failedReason !== undefined);
    const failed = await queues.ingress.getJob(id);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toContain("JOB_PAYLOAD_INVALID");
  });

  it("resumes a waiting run from a button click once, however often it is clicked, and ignores stale buttons", async () => {
    const threadId = uniqueId("gh:acme/shop#");
    const startId = uniqueId("start");
    await queues.enqueueGraph({ type: "start", graph: "approval-test", threadId, input: { channel: "C0MERGE" } }, startId);
    // The start job's result names the interrupt the run waits at, as a card's button would carry it.
    await until(async () => (await queues.graphQueue("approval-test")!.getJob(startId))?.returnvalue?.status === "waiting");
    const pending = (await queues.graphQueue("approval-test")!.getJob(startId))!.returnvalue.interrupts[0].id as string;
    const click = (choice: string, interruptId: string, n: number): IngressJob => ({
      source: "slack",
      type: "interaction",
      teamId,
      user: "U0CAROL",
      kind: "block_actions",
      id: `approve-${n}-${threadId}`,
      payload: {
        type: "block_actions",
        channel: { id: "C0MERGE" },
        container: { message_ts: "1.1" },
        actions: [{ action_id: "approve", value: encodeButtonValue({ graph: "approval-test", threadId, interruptId, choice }) }],
      },
    });
    // A stale card (an interrupt that is no longer pending) changes nothing.
    await queues.enqueueIngress(click("no", "stale-interrupt", 0), uniqueId("stale"));
    // A double click: two deliveries, one resume.
    await Promise.all([1, 2].map((n) => queues.enqueueIngress(click("yes", pending, n), uniqueId("click"))));
    await until(() => f.chat.botMessages("C0MERGE").length === 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(f.chat.botMessages("C0MERGE").map((m) => m.text)).toEqual(["Approve?", "Merged"]);
    expect((await runs.runsForThread(threadId)).map((r) => [r.kind, r.status])).toEqual([
      ["start", "waiting"],
      ["resume", "succeeded"],
    ]);
  });
});

