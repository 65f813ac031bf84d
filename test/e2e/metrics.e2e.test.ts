import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphQueueName } from "../../src/jobs/queue-names.js";
import { createE2EWorld, type E2EWorld } from "./support/e2e-world.js";
import { spawnShopfloor, until, type ShopfloorProcess } from "./support/shopfloor-process.js";

/**
 * GET /metrics as Prometheus scrapes it from `shopfloor start` (web, worker and scheduler in one process, so
 * one registry holds the ingress, run and queue metrics). Redis database 12 is this file's own.
 */
let world: E2EWorld;
let shopfloor: ShopfloorProcess;
let baseUrl: string;

beforeAll(async () => {
  world = await createE2EWorld("metrics", { redisDb: 12 });
  shopfloor = spawnShopfloor("start", world.env);
  const listening = await shopfloor.waitForLog((l) => l.msg === "web listening");
  await shopfloor.waitForLog((l) => l.msg === "shopfloor started");
  baseUrl = `http://127.0.0.1:${String(listening.port)}`;
});

afterAll(async () => {
  await shopfloor?.stop();
  await world?.close();
});

/** One scrape, as samples keyed by metric name and labels in the order they are printed. */
async function scrape(): Promise<{ text: string; value(name: string, labels: Record<string, string>): number | undefined }> {
  const res = await fetch(`${baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  const text = await res.text();
  const samples = text
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(l);
      if (!m) throw new Error(`not a Prometheus sample: ${l}`);
      const labels = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
  return {
    text,
    value: (name, labels) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v) && Object.keys(s.labels).length === Object.keys(labels).length)?.value,
  };
}

describe("GET /metrics of shopfloor start", () => {
  it("times each graph run by graph and outcome", async () => {
    const alice = world.sandbox.slack.driver(`${baseUrl}/slack/events`);
    const posted = await alice.postMessage({ user: "alice", channel: "C0GENERAL", text: "@Shopfloor status" });
    expect(posted.mention?.response.status).toBe(200);
    await until(() => world.sandbox.slack.workspace.replies("C0GENERAL", posted.ts).length > 0, 30_000, "the status reply");

    const run = { graph: "status", outcome: "succeeded" };
    await until(async () => ((await scrape()).value("shopfloor_run_seconds_count", run) ?? 0) >= 1, 10_000, "the run in /metrics");
    const metrics = await scrape();
    expect(metrics.text).toContain("# TYPE shopfloor_run_seconds histogram");
    expect(metrics.value("shopfloor_run_seconds_count", run)).toBe(1);
    expect(metrics.value("shopfloor_runs_total", run)).toBe(1);
    // Every bucket from one that holds the run upwards counts it; the run took some time.
    expect(metrics.value("shopfloor_run_seconds_bucket", { le: "+Inf", ...run })).toBe(1);
    expect(metrics.value("shopfloor_run_seconds_sum", run)).toBeGreaterThan(0);
  });

  it("samples the queue depths at every scrape", async () => {
    const queueName = graphQueueName("explain");
    const depth = async () => (await scrape()).value("shopfloor_queue_jobs", { queue: queueName, state: "delayed" });
    const before = await depth();
    expect(before).toBeDefined();

    // A job the worker will not take for an hour: it stays delayed while we look.
    const queue = new Queue(queueName, { connection: world.redis, prefix: "shopfloor" });
    const job = await queue.add("start", { note: "metrics test" }, { delay: 3_600_000, jobId: "metrics-delayed" });
    try {
      expect(await depth()).toBe(before! + 1);
      await job.remove();
      expect(await depth()).toBe(before);
    } finally {
      await queue.close();
    }
  });
});
