import { once } from "node:events";
import { connect } from "node:net";
import pg from "pg";
import { Redis } from "ioredis";
import { BENCH_DATABASE_URL, BENCH_REDIS_URL } from "./bench-env.js";

/** Counters of pg_stat_database for one database: what its backends committed and touched. */
export interface PgCounters {
  transactions: number;
  tupInserted: number;
  tupUpdated: number;
  tupDeleted: number;
  tupFetched: number;
  tupReturned: number;
}

/** From INFO and CLIENT LIST. Redis is shared by every database on the server: these counters are server-wide. */
export interface RedisCounters {
  /** Includes the commands Lua scripts (BullMQ's) run inside Redis, not only what clients send. */
  commands: number;
  /** Clients on another DB than the benchmark's: if any were busy, the figures include their commands. */
  otherDbClients: number;
}

const BENCH_DB = new URL(BENCH_DATABASE_URL).pathname.slice(1);

/**
 * Reads pg_stat_database from the `postgres` database, so reading adds nothing to the benchmark database's
 * counters. Backends publish their counters at exit, or when idle at most 10 s late (PostgreSQL 15+): callers
 * close the measured pool first, then this polls until three reads 300 ms apart agree.
 */
export async function settledPgCounters(): Promise<PgCounters> {
  const url = new URL(BENCH_DATABASE_URL);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const read = async (): Promise<PgCounters> => {
      // Within a transaction the stats snapshot is cached; clearing it makes every read fresh.
      await client.query("SELECT pg_stat_clear_snapshot()");
      const res = await client.query<Record<string, string>>(
        `SELECT xact_commit + xact_rollback AS transactions, tup_inserted, tup_updated, tup_deleted, tup_fetched, tup_returned
           FROM pg_stat_database WHERE datname = $1`,
        [BENCH_DB],
      );
      const r = res.rows[0];
      if (!r) throw new Error(`no pg_stat_database row for ${BENCH_DB}`);
      return {
        transactions: Number(r.transactions),
        tupInserted: Number(r.tup_inserted),
        tupUpdated: Number(r.tup_updated),
        tupDeleted: Number(r.tup_deleted),
        tupFetched: Number(r.tup_fetched),
        tupReturned: Number(r.tup_returned),
      };
    };
    let last = await read();
    for (let stable = 0, tries = 0; stable < 2 && tries < 60; tries++) {
      await new Promise((r) => setTimeout(r, 300));
      const now = await read();
      stable = JSON.stringify(now) === JSON.stringify(last) ? stable + 1 : 0;
      last = now;
    }
    return last;
  } finally {
    await client.end();
  }
}

export async function redisCounters(): Promise<RedisCounters> {
  const redis = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const [stats, clients] = await Promise.all([redis.info("stats"), redis.client("LIST") as Promise<string>]);
    const benchDb = new URL(BENCH_REDIS_URL).pathname.slice(1);
    return {
      commands: Number(/total_commands_processed:(\d+)/.exec(stats)?.[1] ?? 0),
      otherDbClients: clients.split("\n").filter((line) => /\bdb=\d+/.test(line) && !line.includes(` db=${benchDb} `)).length,
    };
  } finally {
    redis.disconnect();
  }
}

const perRun = (x: number, runs: number) => Math.round((x / runs) * 10) / 10;

/** PostgreSQL work per run: transactions (each autocommitted statement is one) and rows touched. */
export function pgPerRun(before: PgCounters, after: PgCounters, runs: number) {
  const d = (k: keyof PgCounters) => perRun(after[k] - before[k], runs);
  return {
    transactions: d("transactions"),
    tuplesInserted: d("tupInserted"),
    tuplesUpdated: d("tupUpdated"),
    tuplesDeleted: d("tupDeleted"),
    tuplesFetched: d("tupFetched"),
    tuplesReturned: d("tupReturned"),
  };
}

/**
 * Server-wide Redis commands per run from INFO (scripts' inner commands included): a cross-check of the per-DB
 * count, equal to it give or take the idle chatter of other clients when `otherDbClients` is 0.
 */
export function serverWidePerRun(before: RedisCounters, after: RedisCounters, runs: number) {
  return { commands: perRun(after.commands - before.commands, runs), otherDbClients: Math.max(before.otherDbClients, after.otherDbClients) };
}

/** Commands one Redis DB received, by name: sent by clients, and run by Lua scripts (BullMQ's) inside Redis. */
export interface DbCommandCounts {
  client: Record<string, number>;
  script: Record<string, number>;
}

/**
 * Counts the commands of the benchmark's Redis DB alone through MONITOR, which names the DB of every command, so
 * other work on the shared server (other DBs) stays out of the figures, unlike INFO's server-wide counters. At a
 * few thousand commands per second the stream costs Redis little. `stop` waits a moment for lines in flight.
 */
export async function monitorBenchDb(): Promise<{ stop(): Promise<DbCommandCounts> }> {
  const url = new URL(BENCH_REDIS_URL);
  const db = url.pathname.slice(1) || "0";
  const socket = connect(Number(url.port || 6379), url.hostname);
  // A benchmark that throws before stop() must not be kept alive by this socket.
  socket.unref();
  await once(socket, "connect");
  const counts: DbCommandCounts = { client: {}, script: {} };
  let buffered = "";
  let started = false;
  const monitoring = new Promise<void>((resolve, reject) => {
    socket.on("error", reject);
    socket.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf("\r\n")) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (!started && line === "+OK") {
          started = true;
          resolve();
          continue;
        }
        // +1700000000.123456 [14 127.0.0.1:50000] "evalsha" "…" — arguments are escaped, so one line is one command.
        const m = /^\+\S+ \[(\d+) (\S+)\] "([^"]*)"/.exec(line);
        if (!m || m[1] !== db) continue;
        const into = m[2] === "lua" ? counts.script : counts.client;
        const cmd = m[3]!.toLowerCase();
        into[cmd] = (into[cmd] ?? 0) + 1;
      }
    });
  });
  socket.write("MONITOR\r\n");
  await monitoring;
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 300));
      socket.destroy();
      return counts;
    },
  };
}

/** Redis commands per run on the benchmark's DB: round trips from clients, and what scripts ran inside Redis. */
export function dbCommandsPerRun(counts: DbCommandCounts, runs: number, top = 10) {
  const sum = (m: Record<string, number>) => Object.values(m).reduce((s, n) => s + n, 0);
  const topOf = (m: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(m)
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([cmd, n]) => [cmd, perRun(n, runs)]),
    );
  return {
    commands: perRun(sum(counts.client) + sum(counts.script), runs),
    fromClients: perRun(sum(counts.client), runs),
    insideScripts: perRun(sum(counts.script), runs),
    topFromClients: topOf(counts.client),
    topInsideScripts: topOf(counts.script),
  };
}
