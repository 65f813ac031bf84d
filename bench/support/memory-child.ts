/**
 * Child process of bench/interrupted-thread-memory.ts, started with --expose-gc so that it can force full
 * collections and so that nothing else the benchmark run did (other benchmarks, the fake Slack) sits in
 * the heap being measured. Prints one JSON object on stdout.
 */
import { randomUUID } from "node:crypto";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { createPgPool } from "../../src/adapters/postgres/create-pg-pool.js";
import { createPostgresRunLedger } from "../../src/adapters/postgres/postgres-run-ledger.js";
import { silentLogger } from "../../src/core/logger.js";
import { GraphRunner, type RunOutcome } from "../../src/runtime/graph-runner.js";
import { fakeGraphDeps } from "../../test/fakes/graph-deps.js";
import { BENCH_DATABASE_URL, log } from "./bench-env.js";
import { waitingDefinition } from "./bench-graphs.js";

const THREADS = Number(process.argv[2] ?? 1000);
/** Below the pool size: each run holds one client for its thread lock and needs another for its queries. */
const CONCURRENCY = 4;
const WARMUP = Number(process.argv[3] ?? 100);

function measure() {
  const gc = globalThis.gc;
  if (!gc) throw new Error("run with node --expose-gc");
  // Two passes: the first can leave objects that only become unreachable once finalizers have run.
  gc();
  gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, external: m.external };
}

/**
 * Starts `count` threads, a few at a time as a worker's concurrent jobs would. Outcomes go to a callback
 * rather than into an array, so the measurement does not count the benchmark's own bookkeeping.
 */
async function startMany(runner: GraphRunner, count: number, prefix: string, onOutcome: (threadId: string, outcome: RunOutcome) => void): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const threadId = `bench:${prefix}:${i}:${randomUUID()}`;
      onOutcome(threadId, await runner.run({ type: "start", graph: waitingDefinition.name, threadId, input: { n: i }, jobId: `${prefix}-${i}` }));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

const pool = createPgPool({ url: BENCH_DATABASE_URL, max: 10 });
const runs = createPostgresRunLedger(pool);
const runner = new GraphRunner({ pool, checkpointer: new PostgresSaver(pool), graphs: [waitingDefinition], deps: fakeGraphDeps({ runs }).deps, runs, logger: silentLogger });

try {
  // Warm-up threads that are asked, answered and finished: the pool's connections are open, modules loaded
  // and hot code (start and resume paths) compiled before the baseline, yet no thread is left waiting.
  const warm: Array<{ threadId: string; interruptId: string }> = [];
  await startMany(runner, WARMUP, "warm", (threadId, outcome) => {
    if (outcome.status !== "waiting") throw new Error(`warm-up run ended ${outcome.status}`);
    warm.push({ threadId, interruptId: outcome.interrupts[0]?.id ?? "" });
  });
  for (const { threadId, interruptId } of warm.splice(0)) {
    const resumed = await runner.run({ type: "resume", graph: waitingDefinition.name, threadId, interruptId, value: "yes" });
    if (resumed.status !== "succeeded") throw new Error(`warm-up resume ended ${resumed.status}`);
  }
  const before = measure();
  log(`memory: starting ${THREADS} threads that wait at an interrupt`);
  const started = performance.now();
  let waiting = 0;
  await startMany(runner, THREADS, "wait", (_threadId, outcome) => {
    if (outcome.status === "waiting") waiting++;
  });
  const startMs = performance.now() - started;
  const after = measure();
  process.stdout.write(`${JSON.stringify({ threads: THREADS, waiting, concurrency: CONCURRENCY, startMs, before, after })}\n`);
} finally {
  await pool.end();
}
