/**
 * `npm run bench`: runs every benchmark in turn and prints one JSON object on stdout (progress on stderr).
 * Results also go to bench/results/latest.json (git-ignored). Needs PostgreSQL and Redis on loopback;
 * uses only the shopfloor_bench database and Redis DB 14, both wiped at start.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ackLatency } from "./ack-latency.js";
import { activeRuns } from "./active-runs.js";
import { graphStepOverhead } from "./graph-step-overhead.js";
import { interruptedThreadMemory } from "./interrupted-thread-memory.js";
import { buildRun } from "./build-run.js";
import { reviewTokens } from "./review-tokens.js";
import { sandboxOverhead } from "./sandbox-overhead.js";
import { triageThroughput } from "./triage-throughput.js";
import { flushBenchRedis, freshDatabase, log } from "./support/bench-env.js";

const RESULTS = resolve(dirname(fileURLToPath(import.meta.url)), "results/latest.json");

async function main() {
  const started = Date.now();
  const loadBefore = loadavg()[0] ?? 0;
  log("preparing database shopfloor_bench and Redis DB 14");
  await freshDatabase();
  await flushBenchRedis();

  // In sequence, never in parallel: on two cores each benchmark needs the machine to itself. Each one's time and
  // the load it started under say whether other work on the machine may have skewed it.
  const timings: Record<string, { seconds: number; loadAverage1mAtStart: number }> = {};
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    const load = Math.round((loadavg()[0] ?? 0) * 100) / 100;
    const result = await run();
    timings[name] = { seconds: Math.round((Date.now() - t0) / 100) / 10, loadAverage1mAtStart: load };
    return result;
  };
  const results = {
    ackLatency: await timed("ackLatency", ackLatency),
    graphStepOverhead: await timed("graphStepOverhead", graphStepOverhead),
    interruptedThreadMemory: await timed("interruptedThreadMemory", interruptedThreadMemory),
    activeRuns: await timed("activeRuns", activeRuns),
    triage: await timed("triage", triageThroughput),
    reviewTokens: await timed("reviewTokens", reviewTokens),
    sandboxOverhead: await timed("sandboxOverhead", sandboxOverhead),
    buildRun: await timed("buildRun", buildRun),
  };
  const report = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    date: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    // Other work on the machine skews tail latencies; the 1-minute load average says how busy it was.
    loadAverage1m: { start: Math.round(loadBefore * 100) / 100, end: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
    timings,
    results,
  };
  await mkdir(dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  log(`done in ${report.durationSeconds}s; also written to ${RESULTS}`);
  return report;
}

main().then(
  // Exit explicitly once stdout has drained: a stray timer in a library must not keep the benchmark alive.
  (report) => process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0)),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
