import { Redis } from "ioredis";
import { recreateDatabase } from "../../src/adapters/postgres/recreate-database.js";

/**
 * Where the benchmarks run. A dedicated database and Redis DB index keep them away from development and
 * test data, so they can be wiped at will.
 */
export const BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/shopfloor_bench";
export const BENCH_REDIS_URL = "redis://127.0.0.1:6379/14";

/** Progress goes to stderr: stdout carries exactly one JSON object. */
export function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/**
 * Drops and recreates the bench database, then migrates it: every run starts on empty tables, so index
 * sizes and table bloat from earlier runs do not skew the figures.
 */
export async function freshDatabase(): Promise<void> {
  await recreateDatabase(BENCH_DATABASE_URL);
}

/** DB 14 belongs to the benchmarks: emptied before (leftovers of an aborted run) and after (piled-up jobs). */
export async function flushBenchRedis(): Promise<void> {
  const redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
