import { readdir } from "node:fs/promises";
import { basename, dirname, extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The directory src/adapters/postgres/migrate.ts applies. */
export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../migrations");

/** Names of the migrations the code ships, as node-pg-migrate records them (file name without extension). */
export async function shippedMigrations(dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const files = await readdir(dir);
  return files
    .filter((f) => /\.(sql|js|cjs|mjs|ts)$/.test(f) && !f.endsWith(".d.ts"))
    .map((f) => basename(f, extname(f)))
    .sort();
}
