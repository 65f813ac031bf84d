import { Annotation, END, START, StateGraph, type BaseCheckpointSaver, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { automationControlGraph } from "../../graphs/automation-control/index.js";
import { act } from "../../graphs/shared/act.js";
import type { GraphDefinition, RunnableGraph } from "../../graphs/shared/graph-definition.js";
import { createPostgresAutomationSettings } from "../../src/adapters/postgres/postgres-automation-settings.js";
import { createPostgresRunLedger } from "../../src/adapters/postgres/postgres-run-ledger.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import { silentLogger } from "../../src/core/logger.js";
import { createWorkers, type WorkerSet } from "../../src/jobs/create-workers.js";
import type { IngressJob } from "../../src/jobs/job-schemas.js";
import { JobQueues } from "../../src/jobs/job-queues.js";
import { createGraphJobProcessor } from "../../src/jobs/processors/process-graph-job.js";
import { createIngressProcessor } from "../../src/jobs/processors/process-ingress-job.js";
import { INGRESS_QUEUE, graphQueueName } from "../../src/jobs/queue-names.js";
import { ingressJobId } from "../../src/jobs/route-ingress.js";
import { createOpsPort } from "../../src/runtime/create-ops-port.js";
import { GraphRunner } from "../../src/runtime/graph-runner.js";
import { fakeGraphDeps } from "../fakes/graph-deps.js";
import { TEST_REDIS_URL, testPool, uniqueId } from "../support/db.js";

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

const pool = testPool();
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
const prefix = uniqueId("sf-pause");
const limits = { jobAttempts: 3, jobBackoffMs: 50, keepCompletedJobs: 100, keepFailedJobs: 100, workerConcurrency: 4, jobLockMs: 5_000, shutdownGraceMs: 2_000 };
const graphs = [automationControlGraph as GraphDefinition<unknown>, pausableGraph as GraphDefinition<unknown>];
const queues = new JobQueues(redis, limits, graphs.map((g) => g.name), prefix);
const automations = createPostgresAutomationSettings(pool);
const runs = createPostgresRunLedger(pool);
const f = fakeGraphDeps();
let workers: WorkerSet;

beforeAll(() => {
  const deps: GraphDeps = {
    ...f.deps,
    runs,
    automations,
    ops: createOpsPort({ queueDepths: () => queues.depths(), runs, automations, versions: { shopfloor: "test", prompts: () => "test" }, dryRun: false }),
    settings: { ...f.deps.settings, automations: [pausable], channels: { ...f.deps.settings.channels, maintainers: "C0MAINT" } },
  };
  const runner = new GraphRunner({ pool, checkpointer: new PostgresSaver(pool), graphs, deps, runs, logger: silentLogger });
  const graph = createGraphJobProcessor({ runner, effects: f.effects, automations, logger: silentLogger, pausedRecheckMs: 200 });
  workers = createWorkers({
    connection: redis,
    prefix,
    limits,
    logger: silentLogger,
    queues: [
      { name: INGRESS_QUEUE, processor: createIngressProcessor({ queues, routeContext: async () => ({ botUserId: "U0SHOPFLOOR", bugChannels: [], typeLabels: [], triageGithubIssues: false }), logger: silentLogger }) },
      ...graphs.map((g) => ({ name: graphQueueName(g.name), processor: graph })),
    ],
  });
});

afterAll(async () => {
  await workers.close();
  await queues.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await pool.query(`DELETE FROM automation_settings WHERE automation = $1`, [pausable]);
  await pool.end();
});

async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

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
