import { Redis } from "ioredis";
import { AppError, ErrorCode } from "../core/errors.js";
import type { Logger } from "../core/logger.js";

export type RedisRole = "producer" | "worker";

/**
 * Workers block on Redis and must wait out outages (maxRetriesPerRequest: null). Producers fail fast
 * (no offline queue), so an edge that cannot enqueue answers 503 and the sender redelivers later.
 */
export function createRedis(url: string, role: RedisRole, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: role === "worker" ? null : 1,
    enableOfflineQueue: role === "worker",
    lazyConnect: false,
    retryStrategy: (attempt) => {
      const delay = Math.min(500 * 2 ** Math.min(attempt, 6), 10_000);
      if (attempt === 1 || attempt % 10 === 0) logger.warn({ attempt, delayMs: delay }, "redis unreachable, retrying");
      return delay;
    },
  });
  redis.on("error", (err) => logger.debug({ err: err.message }, "redis connection error"));
  return redis;
}

/** BullMQ loses jobs silently when Redis evicts keys (library-notes §2.1): refuse to run on such a Redis. */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const info = await redis.info("memory");
  const policy = /maxmemory_policy:(\S+)/.exec(info)?.[1];
  if (policy && policy !== "noeviction") {
    throw new AppError(
      ErrorCode.RedisEvicts,
      `Redis maxmemory-policy is "${policy}": queued jobs could be evicted and lost. Set it to noeviction (redis.conf: maxmemory-policy noeviction, or CONFIG SET maxmemory-policy noeviction) and start again.`,
    );
  }
}
