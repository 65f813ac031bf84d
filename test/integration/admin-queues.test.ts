import { Writable } from "node:stream";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphRegistry } from "../../graphs/registry.js";
import { parseConfig } from "../../src/config/load-config.js";
import { createContainer, type Container } from "../../src/container.js";
import type { WebServer } from "../../src/http/create-web-server.js";
import { INGRESS_QUEUE, MAINTENANCE_QUEUE, graphQueueName } from "../../src/jobs/queue-names.js";
import { createLogger } from "../../src/observability/create-logger.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { runWeb } from "../../src/roles/run-web.js";
import { startFakeSlack, type FakeSlack } from "../../src/sandbox/fake-slack/index.js";
import { TEST_DATABASE_URL } from "../support/db.js";

/**
 * The operators' queue board as an operator meets it: the real web role (runWeb on a real container) with
 * the queues on the real Redis, once with Slack configured (Bolt's HTTP receiver serves every route) and
 * once without (the plain server does). Redis database 11 is this file's own: the e2e tests use 0 and 2–9,
 * the demo 15.
 */
const REDIS_URL = "redis://127.0.0.1:6379/11";
const PASSWORD = "correct horse battery staple";
const BOT_TOKEN = "xoxb-admin-queues-test";
const SIGNING_SECRET = "admin-queues-signing-secret";
const SHOPFLOOR_QUEUES = [INGRESS_QUEUE, MAINTENANCE_QUEUE, ...graphRegistry.map((g) => graphQueueName(g.name))];

const logLines: string[] = [];
const logger = createLogger({
  level: "debug",
  destination: new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
});

let slack: FakeSlack;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const started: Array<{ web: WebServer; container: Container }> = [];

interface Web {
  base: string;
  container: Container;
}

async function startWeb(opts: { slack: boolean; password?: string; yaml?: string }): Promise<Web> {
  const config = parseConfig({
    env: {
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL,
      PORT: "0",
      ...(opts.slack ? { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl } : {}),
      ...(opts.password ? { SHOPFLOOR_ADMIN_PASSWORD: opts.password } : {}),
    },
    ...(opts.yaml ? { fileText: opts.yaml } : {}),
  });
  const container = await createContainer(config, { logger, metrics: createMetrics() });
  const web = await runWeb(container, { port: 0 });
  started.push({ web, container });
  return { base: `http://127.0.0.1:${web.port}`, container };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const asAdmin = { authorization: basic("admin", PASSWORD) };

interface BoardQueue {
  name: string;
  counts: Record<string, number>;
  readOnlyMode: boolean;
}

async function boardQueues(base: string): Promise<BoardQueue[]> {
  const res = await fetch(`${base}/admin/queues/api/queues`, { headers: asAdmin });
  expect(res.status).toBe(200);
  return ((await res.json()) as { queues: BoardQueue[] }).queues;
}

/** A job that failed for good in `queue`, by a worker that throws, as a broken run would leave it. */
async function failedJob(queueName: string, name: string): Promise<void> {
  const queue = new Queue(queueName, { connection: redis, prefix: "shopfloor" });
  const worker = new Worker(
    queueName,
    async () => {
      throw new Error("the model API answered 500");
    },
    { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: "shopfloor" },
  );
  const failed = new Promise<void>((resolve) => worker.on("failed", (job) => job?.name === name && resolve()));
  await queue.add(name, { note: name }, { attempts: 1 });
  await failed;
  await worker.close();
  await worker.disconnect();
  await queue.close();
}

beforeAll(async () => {
  await redis.flushdb();
  slack = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, channels: ["general"] });
});

afterAll(async () => {
  for (const { web, container } of started) {
    await web.stop();
    await container.close();
  }
  await slack?.close();
  await redis.flushdb();
  redis.disconnect();
});

describe.each([
  { server: "Bolt's HTTP receiver (Slack configured)", slack: true },
  { server: "the plain server (Slack not configured)", slack: false },
])("the queue board on $server", ({ slack: withSlack }) => {
  let web: Web;
  beforeAll(async () => {
    web = await startWeb({ slack: withSlack, password: PASSWORD });
  });

  it("asks for credentials and refuses wrong ones with 401, revealing nothing else", async () => {
    const anonymous = await fetch(`${web.base}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Basic realm="Shopfloor queues"');
    const anonymousBody = await anonymous.text();
    expect(anonymousBody).not.toContain("shopfloor-");

    for (const authorization of [basic("admin", "wrong password, long enough"), basic("root", PASSWORD), basic("admin", ""), "Bearer " + PASSWORD, "Basic not-base64!"]) {
      const res = await fetch(`${web.base}/admin/queues/api/queues`, { headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Basic realm="Shopfloor queues"');
      expect(await res.text()).not.toContain("shopfloor-ingress");
    }
    // Static files are behind the same door.
    expect((await fetch(`${web.base}/admin/queues/static/images/logo.svg`)).status).toBe(401);
    expect(logLines.join("")).not.toContain(PASSWORD);
  });

  it("shows the board's page, with its scripts, to the operator with the right credentials", async () => {
    const page = await fetch(`${web.base}/admin/queues`, { headers: asAdmin });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("<title>Shopfloor queues</title>");
    expect(html).toContain('<base href="/admin/queues/"');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${web.base}/admin/queues/${script}`, { headers: asAdmin });
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toContain("javascript");
  });

  it("lists every Shopfloor queue with its counts, including a job just added", async () => {
    const before = await boardQueues(web.base);
    expect(before.map((q) => q.name).sort()).toEqual([...SHOPFLOOR_QUEUES].sort());
    const waitingBefore = before.find((q) => q.name === graphQueueName("explain"))!.counts.waiting ?? 0;

    await web.container.queues.enqueueGraph(
      { type: "start", graph: "explain", threadId: `board-${withSlack ? "bolt" : "plain"}`, input: {} },
      `board-job-${withSlack ? "bolt" : "plain"}`,
    );

    const after = await boardQueues(web.base);
    expect(after.find((q) => q.name === graphQueueName("explain"))!.counts.waiting).toBe(waitingBefore + 1);
  });

  it("answers unknown paths outside the board with 404", async () => {
    expect((await fetch(`${web.base}/admin/queuesX`, { headers: asAdmin })).status).toBe(404);
    expect((await fetch(`${web.base}/admin`, { headers: asAdmin })).status).toBe(404);
  });
});

describe("read-only board (the default)", () => {
  it("refuses a retry of failed jobs and leaves them failed", async () => {
    const web = await startWeb({ slack: true, password: PASSWORD });
    await failedJob(MAINTENANCE_QUEUE, "prune-read-only");
    const queue = (await boardQueues(web.base)).find((q) => q.name === MAINTENANCE_QUEUE)!;
    expect(queue.readOnlyMode).toBe(true);
    const failedBefore = queue.counts.failed ?? 0;
    expect(failedBefore).toBeGreaterThanOrEqual(1);

    const retry = await fetch(`${web.base}/admin/queues/api/queues/${MAINTENANCE_QUEUE}/retry/failed`, { method: "PUT", headers: asAdmin });
    expect(retry.status).toBe(405);
    expect(await retry.json()).toMatchObject({ error: { key: "ERRORS.QUEUE_READ_ONLY" } });
    expect((await boardQueues(web.base)).find((q) => q.name === MAINTENANCE_QUEUE)!.counts.failed).toBe(failedBefore);
  });
});

describe("board with actions (admin.queuesReadOnly: false)", () => {
  it("retries failed jobs on the operator's PUT, on the plain server too", async () => {
    const web = await startWeb({ slack: false, password: PASSWORD, yaml: "admin:\n  queuesReadOnly: false\n" });
    await failedJob(INGRESS_QUEUE, "retry-me");
    const before = (await boardQueues(web.base)).find((q) => q.name === INGRESS_QUEUE)!;
    expect(before.readOnlyMode).toBe(false);
    expect(before.counts.failed).toBeGreaterThanOrEqual(1);

    const retry = await fetch(`${web.base}/admin/queues/api/queues/${INGRESS_QUEUE}/retry/failed`, { method: "PUT", headers: asAdmin });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ retried: before.counts.failed });
    const after = (await boardQueues(web.base)).find((q) => q.name === INGRESS_QUEUE)!;
    expect(after.counts.failed).toBe(0);
    expect(after.counts.waiting).toBe((before.counts.waiting ?? 0) + (before.counts.failed ?? 0));

    // A page elsewhere cannot make the operator's browser act on the queues.
    const forged = await fetch(`${web.base}/admin/queues/api/queues/${INGRESS_QUEUE}/retry/failed`, {
      method: "PUT",
      headers: { ...asAdmin, origin: "https://evil.example" },
    });
    expect(forged.status).toBe(403);
  });
});

describe("without SHOPFLOOR_ADMIN_PASSWORD", () => {
  it.each([
    { server: "Bolt's HTTP receiver", slack: true },
    { server: "the plain server", slack: false },
  ])("there is no board on $server: /admin/queues is 404 like any unknown path", async ({ slack: withSlack }) => {
    const web = await startWeb({ slack: withSlack });
    for (const path of ["/admin/queues", "/admin/queues/api/queues", "/admin/queues/static/images/logo.svg"]) {
      const res = await fetch(`${web.base}${path}`, { headers: asAdmin });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("www-authenticate")).toBeNull();
    }
    expect((await fetch(`${web.base}/healthz`)).status).toBe(200);
  });

  it("keeps the Slack route working next to the board", async () => {
    for (const password of [undefined, PASSWORD]) {
      const web = await startWeb({ slack: true, ...(password ? { password } : {}) });
      const driver = slack.driver(`${web.base}/slack/events`);
      const help = await driver.command({ user: "alice", channel: "general", text: "help" });
      expect(help.status).toBe(200);
      expect(JSON.stringify(help.json)).toContain("/shopfloor status");
    }
  });
});
