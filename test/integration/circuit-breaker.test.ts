import { Annotation, END, START, StateGraph, type BaseCheckpointSaver, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { automationControlGraph } from "../../graphs/automation-control/index.js";
import { act } from "../../graphs/shared/act.js";
import type { GraphDefinition, RunnableGraph } from "../../graphs/shared/graph-definition.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import { silentLogger } from "../../src/core/logger.js";
import { createCircuitBreaker } from "../../src/jobs/circuit-breaker.js";
import type { IngressJob } from "../../src/jobs/job-schemas.js";
import { ingressJobId } from "../../src/jobs/route-ingress.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { uniqueId } from "../support/db.js";
import { testPipeline, until } from "../support/pipeline.js";

/** An automation of this test's own (settings are global): a job either posts its text or fails the way it is told. */
const flaky = uniqueId("flaky");
type Request = { channel: string; text: string; fail?: "semantic" | "logic" };
const State = Annotation.Root({ request: Annotation<Request>() });
const flakyGraph: GraphDefinition<Request> = {
  name: flaky,
  description: "posts one message, or fails",
  input: z.object({ channel: z.string(), text: z.string(), fail: z.enum(["semantic", "logic"]).optional() }),
  build(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
    return new StateGraph(State)
      .addNode("work", async (s, config: LangGraphRunnableConfig) => {
        if (s.request.fail === "semantic") throw new AppError(ErrorCode.ModelInvalidOutput, "Model gave invalid output for flaky.work twice: findings: expected array");
        if (s.request.fail === "logic") throw new AppError(ErrorCode.Internal, "work ran before its input was ready");
        await act(deps.effects, config, "work", "message", "slack.post", { channel: s.request.channel, text: s.request.text });
        return {};
      })
      .addEdge(START, "work")
      .addEdge("work", END)
      .compile({ checkpointer }) as unknown as RunnableGraph;
  },
};

const THRESHOLD = 3;
const p = testPipeline("sf-breaker", [automationControlGraph as GraphDefinition<unknown>, flakyGraph as GraphDefinition<unknown>]);
const { pool, queues, automations } = p;
const f = fakeGraphDeps();

beforeAll(() => {
  const deps = p.controlDeps(f.deps, [flaky]);
  const breaker = createCircuitBreaker({ automations, effects: f.effects, audit: f.audit, logger: silentLogger, watched: [flaky], threshold: THRESHOLD, channel: "C0MAINT" });
  p.start(deps, f.effects, { breaker });
});

afterAll(async () => {
  await pool.query(`DELETE FROM automation_settings WHERE automation = $1`, [flaky]);
  await p.stop();
});

const work = (text: string, fail?: Request["fail"]) =>
  queues.enqueueGraph({ type: "start", graph: flaky, threadId: uniqueId("work"), input: { channel: "C0WORK", text, ...(fail ? { fail } : {}) } }, uniqueId("job"));
const failedRuns = async () => (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM runs WHERE graph = $1 AND status = 'failed'`, [flaky])).rows[0]!.n;
const setting = async () => (await automations.list()).find((s) => s.automation === flaky);

/** A click on the alert's Resume button, as Slack sends it from a message in a channel. */
function resumeClick(user: string, message: { ts: string; blocks?: unknown[] }): IngressJob {
  const button = (message.blocks as { accessory?: { action_id: string; value: string } }[])[0]!.accessory!;
  return {
    source: "slack",
    type: "interaction",
    teamId: "T1",
    user,
    kind: "block_actions",
    id: uniqueId("click"),
    payload: {
      type: "block_actions",
      user: { id: user },
      channel: { id: "C0MAINT" },
      container: { type: "message", message_ts: message.ts, channel_id: "C0MAINT" },
      response_url: "https://hooks.slack.com/actions/T1/1/resume",
      actions: [{ action_id: button.action_id, value: button.value, type: "button" }],
    },
  };
}

describe("the circuit breaker", () => {
  it("counts failures in a row: a success in between starts the count again", async () => {
    await work("one", "semantic");
    await work("two", "semantic");
    await until(async () => Number(await failedRuns()) === 2);
    await work("fine");
    await until(() => f.chat.botMessages("C0WORK").some((m) => m.text === "fine"));
    await until(async () => (await setting())?.failuresInARow === 0);
    await work("three", "logic");
    await until(async () => (await setting())?.failuresInARow === 1);
    expect(await automations.isPaused(flaky)).toBe(false);
    expect(f.chat.botMessages("C0MAINT")).toEqual([]);
  });

  it(`pauses after ${THRESHOLD} failures in a row, alerts the maintainers with a Resume button, and runs the waiting work after the resume`, async () => {
    await work("four", "semantic");
    await work("five", "semantic");
    await until(() => automations.isPaused(flaky));
    const [alert] = f.chat.botMessages("C0MAINT");
    expect(alert!.text).toBe(`:rotating_light: Paused *${flaky}* after 3 failed runs in a row.`);
    const blocksText = JSON.stringify(alert!.blocks);
    expect(blocksText).toContain("MODEL_INVALID_OUTPUT");
    expect(blocksText).toContain("the model's output or the agent's work kept going wrong");
    expect(blocksText).toContain("nothing is dropped");
    expect(f.audit.entries).toContainEqual(expect.objectContaining({ actor: "circuit-breaker", action: "automation.pause", subject: `automation:${flaky}`, outcome: "done" }));
    expect((await setting())?.changedBy).toBe("circuit-breaker");

    // Work that arrives while paused waits in the queue.
    await work("after the pause");
    await until(async () => (await queues.graphQueue(flaky)!.getDelayedCount()) > 0);
    expect(f.chat.botMessages("C0WORK").map((m) => m.text)).not.toContain("after the pause");

    // Someone who is not an approver cannot resume it.
    const refused = resumeClick("U0MALLORY", alert!);
    await queues.enqueueIngress(refused, ingressJobId(refused));
    await until(() => f.chat.responses.some((r) => r.text.startsWith(`Only approvers can resume *${flaky}*`)));
    expect(await automations.isPaused(flaky)).toBe(true);

    const click = resumeClick("U0CAROL", alert!);
    await queues.enqueueIngress(click, ingressJobId(click));
    await until(() => f.chat.responses.some((r) => r.text.startsWith(`Resumed *${flaky}*`)));
    expect(await automations.isPaused(flaky)).toBe(false);
    expect((await setting())?.failuresInARow).toBe(0);
    await until(() => f.chat.botMessages("C0WORK").some((m) => m.text === "after the pause"));
    expect(f.chat.botMessages("C0MAINT").map((m) => m.text)).toContain(`:arrow_forward: <@U0CAROL> resumed *${flaky}*`);
    // One alert for one trip.
    expect(f.chat.botMessages("C0MAINT").filter((m) => m.text.startsWith(":rotating_light:"))).toHaveLength(1);
  });
});
