import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { Redis } from "ioredis";
import type { GraphDefinition } from "../../graphs/shared/graph-definition.js";
import { createPostgresAutomationSettings } from "../../src/adapters/postgres/postgres-automation-settings.js";
import { createPostgresRunLedger } from "../../src/adapters/postgres/postgres-run-ledger.js";
import type { EffectsLedger } from "../../src/core/effects/effects-ledger.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import { silentLogger } from "../../src/core/logger.js";
import type { CircuitBreaker } from "../../src/jobs/circuit-breaker.js";
import { createWorkers, type WorkerSet } from "../../src/jobs/create-workers.js";
import { JobQueues } from "../../src/jobs/job-queues.js";
import { createGraphJobProcessor } from "../../src/jobs/processors/process-graph-job.js";
import { createIngressProcessor } from "../../src/jobs/processors/process-ingress-job.js";
import { INGRESS_QUEUE, graphQueueName } from "../../src/jobs/queue-names.js";
import { createOpsPort } from "../../src/runtime/create-ops-port.js";
import { GraphRunner } from "../../src/runtime/graph-runner.js";
import { TEST_REDIS_URL, testPool, uniqueId } from "./db.js";

const LIMITS = { jobAttempts: 3, jobBackoffMs: 50, keepCompletedJobs: 100, keepFailedJobs: 100, workerConcurrency: 4, jobLockMs: 5_000, shutdownGraceMs: 2_000 };

/**
 * The job pipeline as a worker runs it — ingress routing, one queue per graph, the runner with the thread lock and
 * PostgreSQL checkpoints — on real Redis (a key prefix of its own) and the shared test database.
 */
export function testPipeline(name: string, graphs: GraphDefinition<unknown>[]) {
  const pool = testPool();
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  const prefix = uniqueId(name);
  const queues = new JobQueues(redis, LIMITS, graphs.map((g) => g.name), prefix);
  const automations = createPostgresAutomationSettings(pool);
  const runs = createPostgresRunLedger(pool);
  let workers: WorkerSet | undefined;
  return {
    pool,
    queues,
    automations,
    runs,
    /**
     * `deps` for a test of the pause control: the ops port reads this pipeline's queues, the given automations are
     * the pausable ones, and the maintainers' channel is C0MAINT.
     */
    controlDeps(deps: GraphDeps, pausable: string[]): GraphDeps {
      return {
        ...deps,
        ops: createOpsPort({ queueDepths: () => queues.depths(), runs, automations, versions: { shopfloor: "test", prompts: () => "test" }, dryRun: false }),
        settings: { ...deps.settings, automations: pausable, channels: { ...deps.settings.channels, maintainers: "C0MAINT" } },
      };
    },
    /** Starts the ingress and graph workers; `deps` get this pipeline's run ledger and settings. */
    start(deps: GraphDeps, effects: EffectsLedger, opts: { breaker?: CircuitBreaker } = {}): void {
      const runner = new GraphRunner({ pool, checkpointer: new PostgresSaver(pool), graphs, deps: { ...deps, runs, automations }, runs, logger: silentLogger });
      const graph = createGraphJobProcessor({ runner, effects, automations, logger: silentLogger, pausedRecheckMs: 200, ...opts });
      const routeContext = async () => ({ botUserId: "U0SHOPFLOOR", bugChannels: [], typeLabels: [], triageGithubIssues: false });
      workers = createWorkers({
        connection: redis,
        prefix,
        limits: LIMITS,
        logger: silentLogger,
        queues: [
          { name: INGRESS_QUEUE, processor: createIngressProcessor({ queues, routeContext, logger: silentLogger }) },
          ...graphs.map((g) => ({ name: graphQueueName(g.name), processor: graph })),
        ],
      });
    },
    async stop(): Promise<void> {
      await workers?.close();
      await queues.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
      await pool.end();
    },
  };
}

/** Polls until `check` holds; fails the test after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
