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

const THREADS = Number(process.argv[2] ?? 10_000);
/** Memory is measured each time this many more threads wait. */
const STEP = Number(process.argv[3] ?? 2_500);
const WARMUP = Number(process.argv[4] ?? 100);
/** As a worker's concurrent jobs (limits.workerConcurrency's default); the pool is sized as the worker sizes it. */
const CONCURRENCY = 8;

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
async function startMany(runner: GraphRunner, count: number, prefix: string, onOutcome: (threadId: string, outcome: RunOutcome) => void, first = 0): Promise<void> {
  let next = first;
  const end = first + count;
  const lane = async () => {
    while (next < end) {
      const i = next++;
      const threadId = `bench:${prefix}:${i}:${randomUUID()}`;
      onOutcome(threadId, await runner.run({ type: "start", graph: waitingDefinition.name, threadId, input: { n: i }, jobId: `${prefix}-${i}` }));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

// Each run holds one client for its thread lock and needs another for its queries.
const pool = createPgPool({ url: BENCH_DATABASE_URL, max: CONCURRENCY * 2 + 2 });
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
  const samples = [{ waiting: 0, ...measure() }];
  log(`memory: starting ${THREADS} threads that wait at an interrupt, measuring every ${STEP}`);
  const started = performance.now();
  let measuringMs = 0;
  let waiting = 0;
  for (let done = 0; done < THREADS; done += STEP) {
    await startMany(runner, Math.min(STEP, THREADS - done), "wait", (_threadId, outcome) => {
      if (outcome.status === "waiting") waiting++;
    }, done);
    // Timed without the measurements: forced collections are not the runner's cost.
    const paused = performance.now();
    samples.push({ waiting, ...measure() });
    measuringMs += performance.now() - paused;
  }
  const startMs = performance.now() - started - measuringMs;
  process.stdout.write(`${JSON.stringify({ threads: THREADS, waiting, concurrency: CONCURRENCY, startMs, samples })}\n`);
} finally {
  await pool.end();
}
