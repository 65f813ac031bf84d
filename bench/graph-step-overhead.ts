import { randomUUID } from "node:crypto";
import { emptyCheckpoint, type Checkpoint } from "@langchain/langgraph";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { createPgPool } from "../src/adapters/postgres/create-pg-pool.js";
import { createPostgresRunLedger } from "../src/adapters/postgres/postgres-run-ledger.js";
import { silentLogger } from "../src/core/logger.js";
import { GraphRunner } from "../src/runtime/graph-runner.js";
import { fakeGraphDeps } from "../test/fakes/graph-deps.js";
import { buildOneNodeGraph, oneNodeDefinition } from "./support/bench-graphs.js";
import { BENCH_DATABASE_URL, log } from "./support/bench-env.js";
import { ratio, summarize, timeInterleaved, type Summary } from "./support/stats.js";

/**
 * What one graph step costs on top of the one checkpoint write it cannot avoid. All three variants run
 * one operation at a time on a fresh thread each (as a new Slack request would), so the figures are
 * per-operation latency, not throughput; they take turns, round by round (see timeInterleaved).
 */
export async function graphStepOverhead(opts: { n?: number; warmup?: number } = {}) {
  const n = opts.n ?? 300;
  const warmup = opts.warmup ?? 30;
  const pool = createPgPool({ url: BENCH_DATABASE_URL, max: 10 });
  const saver = new PostgresSaver(pool);
  const thread = (kind: string) => `bench:${kind}:${randomUUID()}`;

  try {
    // (a) The floor: one put() of the checkpoint LangGraph writes first for a new thread (step -1, the
    // input sitting in the __start__ channel), with newVersions naming that channel so its blob is stored
    // as a real run's would be.
    const bare = (i: number) => {
      const checkpoint: Checkpoint = { ...emptyCheckpoint(), channel_values: { __start__: { request: { n: i } } }, channel_versions: { __start__: 1 } };
      return saver.put({ configurable: { thread_id: thread("put"), checkpoint_ns: "" } }, checkpoint, { source: "input", step: -1, parents: {} }, { __start__: 1 });
    };

    // (b) LangGraph alone: a one-node graph, durability "sync" as Shopfloor runs graphs with side effects.
    const graph = buildOneNodeGraph(saver);
    const step = (i: number) => graph.invoke({ request: { n: i } }, { configurable: { thread_id: thread("graph") }, durability: "sync" });

    // (c) Our runtime around the same graph: advisory thread lock on its own client, state reads before
    // and after, run-ledger rows (run + step + finish). A job id is passed because production jobs carry one.
    const runs = createPostgresRunLedger(pool);
    const runner = new GraphRunner({ pool, checkpointer: saver, graphs: [oneNodeDefinition], deps: fakeGraphDeps({ runs }).deps, runs, logger: silentLogger });
    const run = async (i: number) => {
      const outcome = await runner.run({ type: "start", graph: oneNodeDefinition.name, threadId: thread("runner"), input: { n: i }, jobId: `bench-${i}-${randomUUID()}` });
      if (outcome.status !== "succeeded") throw new Error(`runner returned ${outcome.status}`);
    };

    // Warm-up opens the pool's connections and lets V8 compile the hot paths, so the first samples are not
    // outliers (pg sends unnamed statements: there is no server-side plan cache to warm).
    await timeInterleaved(warmup, [bare, step, run]);

    log(`graph step overhead: ${n} rounds of bare put, one-node graph, GraphRunner run`);
    const [a, b, c] = (await timeInterleaved(n, [bare, step, run])).map(summarize) as [Summary, Summary, Summary];

    // How much a one-node run writes explains the (b)/(a) ratio: several checkpoints plus task writes.
    const probe = thread("probe");
    await graph.invoke({ request: { n: 0 } }, { configurable: { thread_id: probe }, durability: "sync" });
    const counts = await pool.query<{ checkpoints: string; writes: string; blobs: string }>(
      `SELECT (SELECT count(*) FROM checkpoints WHERE thread_id = $1) AS checkpoints,
              (SELECT count(*) FROM checkpoint_writes WHERE thread_id = $1) AS writes,
              (SELECT count(*) FROM checkpoint_blobs WHERE thread_id = $1) AS blobs`,
      [probe],
    );
    const row = counts.rows[0];

    return {
      n,
      unit: "ms per operation",
      bareCheckpointPut: a,
      oneNodeGraphInvoke: b,
      graphRunnerRun: c,
      ratios: {
        graphOverBare: { mean: ratio(b.mean, a.mean), p50: ratio(b.p50, a.p50) },
        runnerOverBare: { mean: ratio(c.mean, a.mean), p50: ratio(c.p50, a.p50) },
        runnerOverGraph: { mean: ratio(c.mean, b.mean), p50: ratio(c.p50, b.p50) },
      },
      rowsWrittenByOneNodeRun: { checkpoints: Number(row?.checkpoints), checkpointWrites: Number(row?.writes), checkpointBlobs: Number(row?.blobs) },
    };
  } finally {
    await pool.end();
  }
}
