import { Annotation, END, START, StateGraph, type BaseCheckpointSaver, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { automationControlGraph } from "../../graphs/automation-control/index.js";
import { act } from "../../graphs/shared/act.js";
import type { GraphDefinition, RunnableGraph } from "../../graphs/shared/graph-definition.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { IngressJob } from "../../src/jobs/job-schemas.js";
import { ingressJobId } from "../../src/jobs/route-ingress.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { uniqueId } from "../support/db.js";
import { testPipeline, until } from "../support/pipeline.js";

/** An automation of this test's own (settings are global): it posts one message per job. */
const pausable = uniqueId("pausable");
const State = Annotation.Root({ request: Annotation<{ channel: string; text: string }>() });
const pausableGraph: GraphDefinition<{ channel: string; text: string }> = {
  name: pausable,
  description: "posts one message",
  input: z.object({ channel: z.string(), text: z.string() }),
  build(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
    return new StateGraph(State)
      .addNode("post", async (s, config: LangGraphRunnableConfig) => {
        await act(deps.effects, config, "post", "message", "slack.post", { channel: s.request.channel, text: s.request.text });
        return {};
      })
      .addEdge(START, "post")
      .addEdge("post", END)
      .compile({ checkpointer }) as unknown as RunnableGraph;
  },
};

const p = testPipeline("sf-pause", [automationControlGraph as GraphDefinition<unknown>, pausableGraph as GraphDefinition<unknown>]);
const { pool, queues, automations } = p;
const f = fakeGraphDeps();

beforeAll(() => {
  const deps = p.controlDeps(f.deps, [pausable]);
  p.start(deps, f.effects);
});

afterAll(async () => {
  await pool.query(`DELETE FROM automation_settings WHERE automation = $1`, [pausable]);
  await p.stop();
});

const teamId = uniqueId("T");
const slash = (subcommand: "pause" | "resume", args: string): IngressJob => ({
  source: "slack",
  type: "command",
  teamId,
  channel: "C0GEN",
  user: "U0CAROL",
  command: "/shopfloor",
  subcommand,
  args,
  responseUrl: "https://hooks.slack.com/commands/T1/1/x",
  triggerId: uniqueId("trig"),
});
const answered = (start: string) => f.chat.responses.some((r) => r.text.startsWith(start));

describe("/shopfloor pause and resume through the queues", () => {
  it("holds the paused automation's work and runs it after the resume", async () => {
    const pause = slash("pause", `${pausable} release freeze`);
    await queues.enqueueIngress(pause, ingressJobId(pause));
    await until(() => answered(`Paused *${pausable}*.`));
    expect(await automations.isPaused(pausable)).toBe(true);
    expect(f.chat.botMessages("C0MAINT").map((m) => m.text)).toEqual([`:double_vertical_bar: <@U0CAROL> paused *${pausable}* — release freeze`]);

    await queues.enqueueGraph({ type: "start", graph: pausable, threadId: uniqueId("work"), input: { channel: "C0WORK", text: "the work" } }, uniqueId("work-job"));
    // The job has been looked at and put back to wait: nothing ran.
    await until(async () => (await queues.graphQueue(pausable)!.getDelayedCount()) > 0);
    expect(f.chat.botMessages("C0WORK")).toEqual([]);

    const resume = slash("resume", pausable);
    await queues.enqueueIngress(resume, ingressJobId(resume));
    await until(() => answered(`Resumed *${pausable}*`));
    expect(await automations.isPaused(pausable)).toBe(false);
    await until(() => f.chat.botMessages("C0WORK").length === 1);
    expect(f.chat.botMessages("C0WORK")[0]!.text).toBe("the work");
  });
});
