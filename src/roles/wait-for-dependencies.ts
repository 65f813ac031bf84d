import type { Container } from "../container.js";
import { AppError, ErrorCode } from "../core/errors.js";
import { assertNoEviction } from "../jobs/create-redis.js";

/**
 * At start PostgreSQL or Redis may not be up yet (a restart, a compose boot order). Wait with backoff and
 * say so in the logs instead of crashing; then refuse to run on a Redis that evicts keys.
 */
export async function waitForDependencies(c: Container, opts: { signal?: AbortSignal; maxDelayMs?: number } = {}): Promise<void> {
  const maxDelay = opts.maxDelayMs ?? 10_000;
  for (const [name, probe] of [
    ["postgres", () => c.pool.query("SELECT 1")],
    ["redis", () => c.redis.ping()],
  ] as const) {
    for (let attempt = 1; ; attempt++) {
      try {
        await probe();
        if (attempt > 1) c.logger.info({ dependency: name }, "dependency reachable again");
        break;
      } catch (e) {
        if (opts.signal?.aborted) throw new AppError(ErrorCode.Internal, "shutdown while waiting for dependencies");
        const delay = Math.min(500 * 2 ** Math.min(attempt - 1, 6), maxDelay);
        c.logger.warn({ dependency: name, attempt, retryInMs: delay, err: e instanceof Error ? e.message : String(e) }, "dependency unreachable, retrying");
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
  await assertNoEviction(c.redis);
}
