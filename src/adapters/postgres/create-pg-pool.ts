import pg from "pg";

export type PgPool = pg.Pool;

/**
 * One pool per process, shared by the ledgers and the LangGraph checkpointer. Connection errors are logged instead
 * of crashing the process: PostgreSQL restarting must not kill a worker.
 */
export function createPgPool(opts: { url: string; max?: number; logger?: { warn(obj: object, msg: string): void } }): PgPool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: "shopfloor",
  });
  pool.on("error", (err) => opts.logger?.warn({ err: err.message }, "postgres idle client error"));
  // The pool listens only to idle clients. A checked-out one (a thread lock held for a whole run, a transaction,
  // LangGraph's checkpointer between two statements) whose connection drops emits "error" with no listener, and
  // that is an uncaught exception: PostgreSQL restarting killed workers (found by npm run chaos). Its pending and
  // next queries fail instead, and the run is retried.
  pool.on("connect", (client) => client.on("error", (err) => opts.logger?.warn({ err: err.message }, "postgres connection lost")));
  return pool;
}
