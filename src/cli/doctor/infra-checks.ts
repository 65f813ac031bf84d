import { describeError, safeUrl } from "./redact.js";
import type { CheckResult, DoctorCheck } from "./types.js";

/** What doctor needs from PostgreSQL: pg's Pool and Client both fit. */
export interface DoctorPg {
  query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
}

/** What doctor needs from Redis: ioredis fits (`redis.call("CONFIG", "GET", "maxmemory-policy")`). */
export interface DoctorRedis {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** node-pg-migrate's bookkeeping table (src/adapters/postgres/migrate.ts). */
const MIGRATIONS_TABLE = "pgmigrations";

/** PostgreSQL error codes (https://www.postgresql.org/docs/current/errcodes-appendix.html) worth their own fix. */
const PG_FIXES: Record<string, string> = {
  "3D000": "the database does not exist yet: run `shopfloor migrate` (it creates the database), or correct the name in DATABASE_URL",
  "28P01": "wrong password: correct the user and password in DATABASE_URL",
  "28000": "the server refused this user (pg_hba.conf): allow it, or correct the user in DATABASE_URL",
  "42501": "the user lacks privileges on this database: grant them, or use the owner in DATABASE_URL",
};

export function postgresCheck(opts: { pg: DoctorPg | null; url: string; expectedMigrations?: readonly string[] }): DoctorCheck {
  return {
    name: "PostgreSQL",
    async run(): Promise<CheckResult> {
      const where = safeUrl(opts.url);
      if (!opts.pg) return { status: "skip", detail: `no connection was opened to ${where}` };
      let version: string;
      try {
        const { rows } = await opts.pg.query(
          `SELECT current_setting('server_version') AS version, to_regclass('public.${MIGRATIONS_TABLE}') IS NOT NULL AS has_migrations`,
        );
        version = String(rows[0]?.version ?? "unknown version");
        if (!rows[0]?.has_migrations) {
          return {
            status: "fail",
            detail: `PostgreSQL ${version} at ${where} is reachable, but no migrations have been applied`,
            fix: "run `shopfloor migrate` (also run at `shopfloor start`)",
          };
        }
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        const fix =
          (typeof code === "string" ? PG_FIXES[code] : undefined) ??
          `start PostgreSQL or correct DATABASE_URL (now ${where}); check that this machine can reach it`;
        return { status: "fail", detail: `cannot use ${where}: ${describeError(e)}`, fix };
      }

      const { rows } = await opts.pg.query(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY run_on, id`);
      const applied = rows.map((r) => String(r.name));
      const pending = (opts.expectedMigrations ?? []).filter((name) => !applied.includes(name));
      if (pending.length) {
        return {
          status: "fail",
          detail: `PostgreSQL ${version}: ${pending.length} migration${pending.length === 1 ? "" : "s"} not applied (${pending.join(", ")})`,
          fix: "run `shopfloor migrate`",
        };
      }
      const last = applied.at(-1);
      return {
        status: "ok",
        detail: `PostgreSQL ${version}, ${applied.length} migration${applied.length === 1 ? "" : "s"} applied${last ? ` (last ${last})` : ""}`,
      };
    },
  };
}

/** BullMQ's own limits (library-notes §2.1): it refuses Redis < 5.0.0 and recommends ≥ 6.2.0. */
const REDIS_MINIMUM = [5, 0, 0];
const REDIS_RECOMMENDED = [6, 2, 0];

export function redisCheck(opts: { redis: DoctorRedis | null; url: string }): DoctorCheck {
  return {
    name: "Redis",
    async run(): Promise<CheckResult> {
      const where = safeUrl(opts.url);
      const redis = opts.redis;
      if (!redis) return { status: "skip", detail: `no connection was opened to ${where}` };
      let info: string;
      try {
        await redis.call("PING");
        info = String(await redis.call("INFO", "server"));
      } catch (e) {
        return {
          status: "fail",
          detail: `cannot reach ${where}: ${describeError(e)}`,
          fix: `start Redis or correct REDIS_URL (now ${where}); check that this machine can reach it`,
        };
      }
      const version = /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown";
      const policy = await evictionPolicy(redis);

      const notes: string[] = [];
      let result: CheckResult = { status: "ok", detail: "" };
      const versionParts = version.split(".").map(Number);
      if (version !== "unknown" && compare(versionParts, REDIS_MINIMUM) < 0) {
        result = { status: "fail", detail: "", fix: "upgrade Redis to 6.2 or newer (BullMQ needs at least 5.0)" };
        notes.push("too old for BullMQ");
      } else if (version !== "unknown" && compare(versionParts, REDIS_RECOMMENDED) < 0) {
        result = { status: "warn", detail: "", fix: "upgrade Redis to 6.2 or newer, as BullMQ recommends" };
        notes.push("older than BullMQ recommends");
      }

      if (policy.value === undefined) {
        if (result.status === "ok") result = { status: "warn", detail: "", fix: policy.fix };
        notes.push(policy.note);
      } else if (policy.value !== "noeviction") {
        // Evicted keys are lost jobs and locks: this outranks any version note.
        result = {
          status: "fail",
          detail: "",
          fix: "run `redis-cli CONFIG SET maxmemory-policy noeviction` and set `maxmemory-policy noeviction` in redis.conf so it survives a restart (managed Redis: the provider's parameter settings)",
        };
        notes.push(`Redis may evict keys and lose queued jobs`);
      }
      const facts = `Redis ${version}, maxmemory-policy ${policy.value ?? "unknown"}`;
      return { ...result, detail: notes.length ? `${facts}: ${notes.join("; ")}` : facts };
    },
  };
}

type PolicyReading = { value: string; note?: undefined; fix?: undefined } | { value: undefined; note: string; fix: string };

/**
 * CONFIG GET is the direct answer, but managed Redis often disables CONFIG; INFO memory has the same value.
 * ioredis answers CONFIG GET with a flat [name, value] list (RESP2 and RESP3 with legacy reply mapping).
 */
async function evictionPolicy(redis: DoctorRedis): Promise<PolicyReading> {
  try {
    const reply = await redis.call("CONFIG", "GET", "maxmemory-policy");
    const value = configValue(reply, "maxmemory-policy");
    if (value) return { value };
  } catch {
    // Fall through to INFO.
  }
  try {
    const info = String(await redis.call("INFO", "memory"));
    const value = /maxmemory_policy:(\S+)/.exec(info)?.[1];
    if (value) return { value };
  } catch {
    // Reported below.
  }
  return {
    value: undefined,
    note: "could not read maxmemory-policy (CONFIG and INFO are not allowed)",
    fix: "make sure maxmemory-policy is noeviction in your Redis provider's settings; BullMQ loses jobs otherwise",
  };
}

function configValue(reply: unknown, name: string): string | undefined {
  if (Array.isArray(reply)) {
    const i = reply.findIndex((v) => String(v) === name);
    return i >= 0 && reply[i + 1] !== undefined ? String(reply[i + 1]) : undefined;
  }
  if (reply instanceof Map) return reply.has(name) ? String(reply.get(name)) : undefined;
  if (reply && typeof reply === "object" && name in reply) return String((reply as Record<string, unknown>)[name]);
  return undefined;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
