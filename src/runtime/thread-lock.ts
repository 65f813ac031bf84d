import type { PoolClient } from "pg";
import { AppError, ErrorCode } from "../core/errors.js";
import type { PgPool } from "../adapters/postgres/create-pg-pool.js";

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * One writer per graph thread (DESIGN §3). A session-level PostgreSQL advisory lock on a dedicated client:
 * held for the whole run, and released by PostgreSQL itself when a worker dies (its connection closes),
 * so a SIGKILLed worker never leaves a thread locked.
 */
export async function tryLockThread(pool: PgPool, threadId: string): Promise<HeldLock> {
  const client: PoolClient = await pool.connect();
  let locked = false;
  try {
    const res = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [threadId]);
    locked = res.rows[0]?.locked === true;
  } finally {
    if (!locked) client.release();
  }
  if (!locked) {
    throw new AppError(ErrorCode.LockBusy, `thread ${threadId} is being run by another worker`, { retryable: true, retryAfterMs: 1_000 });
  }
  return {
    async release() {
      try {
        await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [threadId]);
        client.release();
      } catch (e) {
        // The connection is gone (PostgreSQL restarted): the lock went with it. Discard the client.
        client.release(e instanceof Error ? e : true);
      }
    },
  };
}
