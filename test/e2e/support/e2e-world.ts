import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";
import { recreateDatabase } from "../../../src/adapters/postgres/recreate-database.js";
import { startSandbox, type Sandbox } from "../../../src/sandbox/start-sandbox.js";

/**
 * The `limits` line of an end-to-end shopfloor.yml: short backoff, lock and grace so retries and shutdowns happen
 * within a test, and no write throttle because the sandbox's GitHub is local.
 */
export const E2E_LIMITS = "limits: { workerConcurrency: 4, jobBackoffMs: 200, jobLockMs: 2000, shutdownGraceMs: 2000, githubWriteThrottle: false }";

export interface E2EWorld {
  sandbox: Sandbox;
  /** Environment for `shopfloor web|worker` processes against this world. */
  env: Record<string, string>;
  pool: pg.Pool;
  redis: Redis;
  close(): Promise<void>;
}

/**
 * A world per test file: the sandbox servers, a fresh database and a Redis database of its own, and a
 * shopfloor.yml. Processes started against it share nothing with other test files.
 */
export async function createE2EWorld(name: string, opts: { redisDb: number; yaml?: string; redisUrl?: string }): Promise<E2EWorld> {
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/shopfloor_e2e_${name}`;
  await recreateDatabase(databaseUrl);
  const redisUrl = opts.redisUrl ?? `redis://127.0.0.1:6379/${opts.redisDb}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on("error", () => {}); // outage tests stop this Redis on purpose
  await redis.connect().catch(() => {});
  await redis.flushdb().catch(() => {});

  const dir = mkdtempSync(join(tmpdir(), `shopfloor-e2e-${name}-`));
  const configPath = join(dir, "shopfloor.yml");
  writeFileSync(
    configPath,
    opts.yaml ??
      `repository: acme/shop
channels: { bugs: [C0BUGS], maintainers: C0GENERAL }
approvers: { slackUsers: [U0CAROL] }
limits: { workerConcurrency: 4, jobBackoffMs: 200, jobLockMs: 2000, shutdownGraceMs: 2000 }
`,
  );
  const sandbox = await startSandbox();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  return {
    sandbox,
    pool,
    redis,
    env: {
      ...sandbox.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      PORT: "0",
      SHOPFLOOR_CONFIG: configPath,
      SHOPFLOOR_LOG_LEVEL: "info",
    },
    async close() {
      redis.disconnect();
      await pool.end();
      await sandbox.close();
    },
  };
}
