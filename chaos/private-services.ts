import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import pg from "pg";

/**
 * A Redis and a PostgreSQL of the chaos run's own, on ports of their own, so the driver can kill and restart them
 * without touching the servers every other test and the developer use.
 */

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} did not come up within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface PrivateRedis {
  url: string;
  /** SIGKILL: no shutdown save. Nothing is lost because every write reaches the append-only file first. */
  crash(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Production Redis for BullMQ keeps its data: `appendfsync always` makes every acknowledged write durable, so a
 * crash loses no job. (With persistence off a restart loses the queues; docs/RELIABILITY.md says so.)
 */
export async function startPrivateRedis(port: number): Promise<PrivateRedis> {
  const dir = mkdtempSync(join(tmpdir(), "shopfloor-chaos-redis-"));
  let proc: ChildProcess | null = null;
  const exited = () => (proc ? proc.exitCode !== null || proc.signalCode !== null : true);
  const ping = async () => {
    const probe = new Redis(port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => {});
    try {
      await probe.connect();
      return (await probe.ping()) === "PONG";
    } finally {
      probe.disconnect();
    }
  };
  const start = async () => {
    proc = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction"],
      { stdio: "ignore" },
    );
    await waitFor("private redis", ping);
  };
  const kill = async (signal: NodeJS.Signals) => {
    const p = proc;
    if (!p || exited()) return;
    const done = new Promise((r) => p.once("exit", r));
    p.kill(signal);
    await done;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    crash: () => kill("SIGKILL"),
    start,
    async stop() {
      await kill("SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivatePostgres {
  /** Connection URL of the `postgres` database (trust auth). */
  url(database: string): string;
  /** `pg_ctl restart -m immediate`: every backend dies without a checkpoint, then crash recovery replays the WAL. */
  crashRestart(): Promise<void>;
  stop(): Promise<void>;
}

function pgBin(name: string): string {
  const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error("PostgreSQL binaries not found under /usr/lib/postgresql");
  return `/usr/lib/postgresql/${versions[0]}/bin/${name}`;
}

/** PostgreSQL refuses to run as root, so its commands run as the `postgres` user when we are root. */
function asPostgres(cmd: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const result = root ? spawnSync("runuser", ["-u", "postgres", "--", cmd, ...args], { encoding: "utf8" }) : spawnSync(cmd, args, { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${String(result.status)}): ${result.stderr || result.stdout}`);
}

export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), "shopfloor-chaos-pg-"));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) {
    const ids = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    chownSync(dir, Number(ids.stdout.trim()), Number(gid.stdout.trim()));
  }
  const data = join(dir, "data");
  asPostgres(pgBin("initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=200 -c fsync=on`;
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const ready = async () => {
    const client = new pg.Client({ connectionString: url("postgres") });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } finally {
      await client.end().catch(() => {});
    }
  };
  const pgCtl = (...args: string[]) => asPostgres(pgBin("pg_ctl"), ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", ...args]);
  pgCtl("start");
  await waitFor("private postgres", ready);
  return {
    url,
    async crashRestart() {
      pgCtl("restart", "-m", "immediate");
      await waitFor("private postgres after restart", ready);
    },
    async stop() {
      try {
        pgCtl("stop", "-m", "fast");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
