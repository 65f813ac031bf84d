import { Redis } from "ioredis";
import { recreateDatabase } from "../adapters/postgres/recreate-database.js";

/** Start every demo from nothing: recreate its database, empty its Redis database. */
export async function resetDemoState(urls: { databaseUrl: string; redisUrl: string }): Promise<void> {
  await recreateDatabase(urls.databaseUrl);
  const redis = new Redis(urls.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
