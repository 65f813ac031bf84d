import { Redis } from "ioredis";
import pg from "pg";
import { migrate } from "../adapters/postgres/migrate.js";

/** Start every demo from nothing: drop and recreate its database, empty its Redis database. */
export async function resetDemoState(urls: { databaseUrl: string; redisUrl: string }): Promise<void> {
  const admin = new URL(urls.databaseUrl);
  const name = admin.pathname.slice(1);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  await migrate({ databaseUrl: urls.databaseUrl });
  const redis = new Redis(urls.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
