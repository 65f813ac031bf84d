import { Redis } from "ioredis";
import { createPgPool } from "../../adapters/postgres/create-pg-pool.js";
import type { Config } from "../../config/load-config.js";
import type { DoctorPg, DoctorRedis } from "./infra-checks.js";

export interface DoctorConnections {
  pg: DoctorPg;
  redis: DoctorRedis;
  close(): Promise<void>;
}

/**
 * PostgreSQL and Redis connections for one doctor run: one attempt each, short timeouts, no reconnecting,
 * so an unreachable server is reported at once instead of retried for minutes.
 */
export function openDoctorConnections(config: Config, opts: { connectTimeoutMs?: number } = {}): DoctorConnections {
  const connectTimeout = opts.connectTimeoutMs ?? 5_000;
  const pool = createPgPool({ url: config.database.url, max: 1 });

  const redis = new Redis(config.redis.url, {
    lazyConnect: true,
    connectTimeout,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  // ioredis rejects pending commands with a bare "Connection is closed."; keep the socket's own error
  // (ECONNREFUSED, ENOTFOUND, NOAUTH …) to report instead.
  let lastError: Error | undefined;
  redis.on("error", (err: Error) => {
    lastError = err;
  });

  return {
    pg: pool,
    redis: {
      call: async (command, ...args) => {
        try {
          return await redis.call(command, ...args);
        } catch (e) {
          throw lastError ?? e;
        }
      },
    },
    async close() {
      redis.disconnect();
      await pool.end();
    },
  };
}
