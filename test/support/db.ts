import { randomUUID } from "node:crypto";
import { createPgPool } from "../../src/adapters/postgres/create-pg-pool.js";
import { TEST_DATABASE_URL, TEST_REDIS_URL } from "../setup/global-db.js";

export { TEST_DATABASE_URL, TEST_REDIS_URL };

/** A pool on the migrated test database (test/setup/global-db.ts). */
export const testPool = () => createPgPool({ url: TEST_DATABASE_URL, max: 6 });

/** Unique ids keep tests apart in the shared database and Redis without mocking either. */
export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
