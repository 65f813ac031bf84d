import { migrate } from "../adapters/postgres/migrate.js";
import type { Config } from "../config/load-config.js";

export async function runMigrateCommand(config: Config): Promise<number> {
  const result = await migrate({ databaseUrl: config.database.url });
  if (result.createdDatabase) console.log("Created the database.");
  console.log(result.applied.length ? `Applied ${result.applied.join(", ")}.` : "The schema is up to date.");
  console.log("LangGraph checkpoint tables are set up.");
  return 0;
}
