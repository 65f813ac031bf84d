import { readdir } from "node:fs/promises";
import { basename, extname, resolve } from "node:path";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { runner } from "node-pg-migrate";
import pg from "pg";
import { PROJECT_ROOT } from "../../version.js";

/** Shipped next to package.json, in the source tree and in the image alike. */
export const MIGRATIONS_DIR = resolve(PROJECT_ROOT, "migrations");
/** Serialises PostgresSaver.setup(), which is not safe to run concurrently (library-notes §1.5). */
const CHECKPOINT_SETUP_LOCK = 7_241_865_325_823_965;

export interface MigrateResult {
  createdDatabase: boolean;
  applied: string[];
}

/**
 * Creates the database when it does not exist, applies our SQL migrations (node-pg-migrate, which takes
 * its own advisory lock) and sets up the LangGraph checkpoint tables under a second advisory lock.
 */
export async function migrate(opts: { databaseUrl: string; log?: (msg: string) => void }): Promise<MigrateResult> {
  const log = opts.log ?? (() => {});
  const createdDatabase = await ensureDatabase(opts.databaseUrl, log);
  const applied = await runner({
    databaseUrl: opts.databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: "up",
    migrationsTable: "pgmigrations",
    log: (msg: string) => log(msg),
    verbose: false,
    checkOrder: true,
  });
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 2 });
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [CHECKPOINT_SETUP_LOCK]);
    try {
      await new PostgresSaver(pool).setup();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [CHECKPOINT_SETUP_LOCK]);
    }
  } finally {
    client.release();
    await pool.end();
  }
  return { createdDatabase, applied: applied.map((m) => m.name) };
}

async function ensureDatabase(databaseUrl: string, log: (msg: string) => void): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!name) return false;
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      log(`created database ${name}`);
      return true;
    } catch (e) {
      // 42P04: another process created it between our check and our create.
      if ((e as { code?: string }).code === "42P04") return false;
      throw e;
    }
  } finally {
    await client.end();
  }
}

/** Names of the migrations the code ships, as node-pg-migrate records them (file name without extension). */
export async function shippedMigrations(dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const files = await readdir(dir);
  return files
    .filter((f) => f.endsWith(".sql"))
    .map((f) => basename(f, extname(f)))
    .sort();
}

/** Migrations on disk that the database has not applied yet (empty when the schema is current). */
export async function pendingMigrations(pool: pg.Pool): Promise<string[]> {
  const applied = await pool
    .query<{ name: string }>("SELECT name FROM pgmigrations")
    .then((r) => new Set(r.rows.map((row) => row.name)))
    .catch(() => new Set<string>());
  return (await shippedMigrations()).filter((f) => !applied.has(f));
}
