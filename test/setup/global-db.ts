/**
 * Integration and end-to-end tests share one PostgreSQL database, created and migrated once per run.
 * Tests isolate themselves with unique thread ids and queue prefixes, never by mocking.
 */
export const TEST_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/shopfloor_test";
export const TEST_REDIS_URL = "redis://127.0.0.1:6379";

export default async function setup(): Promise<void> {
  const { migrate } = await import("../../src/adapters/postgres/migrate.js");
  await migrate({ databaseUrl: TEST_DATABASE_URL, log: () => {} });
}
