import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createE2EWorld, type E2EWorld } from "./support/e2e-world.js";
import { spawnShopfloor, until, type ShopfloorProcess } from "./support/shopfloor-process.js";

// A Redis of this test's own, with an append-only file, so it can be stopped and started again without
// disturbing the Redis every other test uses.
const PORT = 6391;
const dir = mkdtempSync(join(tmpdir(), "shopfloor-redis-"));
let redis: ChildProcess | null = null;

async function startRedis(): Promise<void> {
  redis = spawn("redis-server", ["--port", String(PORT), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
  await until(async () => {
    try {
      const { Redis } = await import("ioredis");
      const probe = new Redis(PORT, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      await probe.connect();
      const pong = await probe.ping();
      probe.disconnect();
      return pong === "PONG";
    } catch {
      return false;
    }
  }, 10_000, "private redis up");
}

async function stopRedis(): Promise<void> {
  const r = redis;
  if (!r || r.exitCode !== null) return;
  const exited = new Promise((res) => r.on("exit", res));
  r.kill("SIGTERM"); // redis-server flushes the append-only file on SIGTERM
  await exited;
}

let world: E2EWorld;
let web: ShopfloorProcess;
let worker: ShopfloorProcess;
let url: string;

beforeAll(async () => {
  await startRedis();
  world = await createE2EWorld("outage", { redisDb: 0, redisUrl: `redis://127.0.0.1:${PORT}/0` });
  web = spawnShopfloor("web", world.env);
  url = `http://127.0.0.1:${String((await web.waitForLog((l) => l.msg === "web listening")).port)}`;
});

afterAll(async () => {
  await Promise.all([web?.stop(), worker?.stop()]);
  await stopRedis();
  await world?.close();
});

describe("Redis goes away and comes back", () => {
  it("answers 503 while it is down, loses no accepted event, and catches up after", async () => {
    const slack = world.sandbox.slack;
    const ws = slack.workspace;
    const alice = slack.driver(`${url}/slack/events`);

    // Accepted while no worker runs: the job waits in Redis.
    const before = await alice.postMessage({ user: "alice", channel: "C0GENERAL", text: "@Shopfloor status" });
    expect(before.mention?.response.status).toBe(200);

    await stopRedis();
    await until(async () => (await fetch(`${url}/readyz`)).status === 503, 10_000, "readyz 503");
    const ready = (await (await fetch(`${url}/readyz`)).json()) as { checks: Record<string, string> };
    expect(ready.checks.redis).not.toBe("ok");
    expect(ready.checks.postgres).toBe("ok");

    // Slack's delivery during the outage is not acknowledged, so Slack delivers it again later.
    const during = await alice.postMessage({ user: "alice", channel: "C0GENERAL", text: "@Shopfloor help" });
    expect(during.mention?.response.status).toBeGreaterThanOrEqual(500);

    await startRedis();
    await until(async () => (await fetch(`${url}/readyz`)).status === 200, 20_000, "readyz 200 again");
    const redelivered = await alice.redeliver(during.mention!.envelope, 1);
    expect(redelivered.status).toBe(200);

    worker = spawnShopfloor("worker", world.env);
    await until(() => ws.replies("C0GENERAL", before.ts).length === 1 && ws.replies("C0GENERAL", during.ts).length === 1, 30_000, "both answered");
    expect(ws.replies("C0GENERAL", before.ts)[0]!.text).toContain("Shopfloor status");
    expect(ws.replies("C0GENERAL", during.ts)[0]!.text).toContain("Here is what I can do");
    expect(web.logs.some((l) => l.msg === "redis unreachable, retrying")).toBe(true);
  });
});
