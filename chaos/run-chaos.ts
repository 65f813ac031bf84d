/**
 * `npm run chaos`: the full chaos run (docs/RELIABILITY.md). Prints one JSON report on stdout, progress on stderr,
 * and writes the report to chaos/results/latest.json (git-ignored). Exit code 1 when anything was lost or done twice.
 *
 * Options by environment: CHAOS_SEED, CHAOS_ITEMS (default 150), CHAOS_WORKERS (3), CHAOS_SECONDS (fault window,
 * 120), CHAOS_REDIS_RESTARTS (3), CHAOS_POSTGRES_RESTARTS (3). Needs redis-server, PostgreSQL's binaries, root or the
 * postgres user, and free ports 6393 and 5439.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runChaos } from "./chaos-run.js";

const RESULTS = resolve(dirname(fileURLToPath(import.meta.url)), "results/latest.json");
const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

async function main() {
  const seed = num("CHAOS_SEED", Date.now() % 1_000_000);
  const report = await runChaos({
    seed,
    items: num("CHAOS_ITEMS", 150),
    workers: num("CHAOS_WORKERS", 3),
    faultSeconds: num("CHAOS_SECONDS", 120),
    killEveryMs: [2_000, 6_000],
    redisRestarts: num("CHAOS_REDIS_RESTARTS", 3),
    postgresRestarts: num("CHAOS_POSTGRES_RESTARTS", 3),
    settleSeconds: 120,
    ports: { redis: 6393, postgres: 5439 },
    log: (m) => console.error(`[chaos] ${m}`),
  });
  await mkdir(dirname(RESULTS), { recursive: true });
  await writeFile(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

main().then(
  (report) => {
    const ok = report.lost === 0 && report.duplicatedEffects === 0 && report.failedJobs === 0;
    process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(ok ? 0 : 1));
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
