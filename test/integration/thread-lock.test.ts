import { afterAll, describe, expect, it } from "vitest";
import { tryLockThread } from "../../src/runtime/thread-lock.js";
import { testPool, uniqueId } from "../support/db.js";

const pool = testPool();
afterAll(() => pool.end());

/** The backend holding the advisory lock of a thread, found in pg_locks by the lock's 64-bit key. */
async function lockHolder(threadId: string): Promise<number | undefined> {
  const { rows } = await pool.query<{ pid: number }>(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
       AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)`,
    [threadId],
  );
  return rows[0]?.pid;
}

describe("the thread lock when PostgreSQL drops its connection", () => {
  it("does not take the worker down, and the thread can be locked again once the connection is gone", async () => {
    const threadId = uniqueId("lock-lost");
    const lock = await tryLockThread(pool, threadId);
    const pid = await lockHolder(threadId);
    expect(pid).toBeDefined();

    // What a PostgreSQL crash or failover does to the lock's connection. Before the fix, the client's unhandled
    // "error" event crashed the process (vitest reports it as an unhandled error and fails the run).
    await pool.query("SELECT pg_terminate_backend($1)", [pid]);
    await new Promise((r) => setTimeout(r, 200));

    await lock.release();
    const again = await tryLockThread(pool, threadId);
    expect(await lockHolder(threadId)).not.toBe(pid);
    await again.release();
    expect(await lockHolder(threadId)).toBeUndefined();
  });
});
