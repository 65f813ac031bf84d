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

  // In sequence, never in parallel: on two cores each benchmark needs the machine to itself.
  const results = {
    ackLatency: await ackLatency(),
    graphStepOverhead: await graphStepOverhead(),
    interruptedThreadMemory: await interruptedThreadMemory(),
    triage: await triageThroughput(),
    reviewTokens: await reviewTokens(),
    sandboxOverhead: await sandboxOverhead(),
    buildRun: await buildRun(),
  };
  const report = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    date: new Date(started).toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    // Other work on the machine skews tail latencies; the 1-minute load average says how busy it was.
    loadAverage1m: { start: Math.round(loadBefore * 100) / 100, end: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
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
