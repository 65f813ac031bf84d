import pg from "pg";
import { migrate } from "./migrate.js";

/**
 * Drops the database named in `databaseUrl` (closing its connections) and builds it again from the
 * migrations. For the demo, the benchmarks and end-to-end tests, which each own a database; never for
 * a production one.
 */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const admin = new URL(databaseUrl);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
  await migrate({ databaseUrl });
}
