import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/core/logger.js";
import type { HttpRoute } from "../../src/http/http-route.js";
import { githubWebhookRoute } from "../../src/http/routes/github-webhook-route.js";
import { sentryWebhookRoute } from "../../src/http/routes/sentry-webhook-route.js";
import { JobQueues } from "../../src/jobs/job-queues.js";
import type { IngressJob } from "../../src/jobs/job-schemas.js";
import { ingressJobId } from "../../src/jobs/route-ingress.js";
import { createFakeSentry, type FakeSentry } from "../../src/sandbox/fake-sentry/fake-sentry-server.js";
import { startFakeGithub, type FakeGithub } from "../../src/sandbox/fake-github/index.js";
import { TEST_REDIS_URL, uniqueId } from "../support/db.js";

const SENTRY_SECRET = "sentry-secret";
const GITHUB_SECRET = "github-secret";
const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
const prefix = uniqueId("sf-hooks");
const queues = new JobQueues(redis, { jobAttempts: 1, jobBackoffMs: 10, keepCompletedJobs: 10, keepFailedJobs: 10 }, [], prefix);
let broken = false;
const enqueue = async (job: IngressJob) => {
  if (broken) throw new Error("Redis down");
  await queues.enqueueIngress(job, ingressJobId(job));
};
let server: Server;
let base: string;
let sentry: FakeSentry;
let github: FakeGithub;

beforeAll(async () => {
  const routes: HttpRoute[] = [
    sentryWebhookRoute({ secret: SENTRY_SECRET, enqueue, logger: silentLogger }),
    githubWebhookRoute({ secret: GITHUB_SECRET, enqueue, logger: silentLogger }),
  ];
  server = createServer((req, res) => void routes.find((r) => r.path === req.url)!.handler(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sentry = await createFakeSentry({ issues: [{ id: "4242", title: "TypeError: cart is undefined", count: 57, userCount: 12 }] });
  github = await startFakeGithub({ owner: "acme", repo: "hooks" });
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await queues.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await Promise.all([sentry.close(), github.close()]);
});

const jobCount = async () => (await queues.ingress.getJobCounts("waiting")).waiting ?? 0;

describe("Sentry webhooks", () => {
  it("accepts a signed issue webhook once, however often it is delivered", async () => {
    const before = await jobCount();
    const first = await sentry.sendWebhook(`${base}/sentry/webhooks`, { resource: "issue", action: "created", secret: SENTRY_SECRET, requestId: "req-1" });
    const again = await sentry.sendWebhook(`${base}/sentry/webhooks`, { resource: "issue", action: "created", secret: SENTRY_SECRET, requestId: "req-1" });
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(await jobCount()).toBe(before + 1);
    const job = await queues.ingress.getJob("sentry-req-1");
    expect(job?.data).toMatchObject({ source: "sentry", resource: "issue", action: "created" });
    expect(JSON.stringify(job?.data)).toContain("cart is undefined");
  });

  it("refuses bad signatures and stale timestamps with 401, and enqueues nothing", async () => {
    const before = await jobCount();
    const forged = await sentry.sendWebhook(`${base}/sentry/webhooks`, { resource: "issue", secret: SENTRY_SECRET, signature: "00ff" });
    const stale = await sentry.sendWebhook(`${base}/sentry/webhooks`, { resource: "issue", secret: SENTRY_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const otherSecret = await sentry.sendWebhook(`${base}/sentry/webhooks`, { resource: "event_alert", secret: "not-ours" });
    expect([forged.status, stale.status, otherSecret.status]).toEqual([401, 401, 401]);
    expect(await jobCount()).toBe(before);
  });

  it("answers 400 to a signed body that is not a JSON object, and 503 when the queue is down", async () => {
    const { signSentryBody } = await import("../../src/adapters/sentry/verify-signature.js");
    const post = (body: string) =>
      fetch(`${base}/sentry/webhooks`, {
        method: "POST",
        headers: { "content-type": "application/json", "sentry-hook-resource": "issue", "request-id": uniqueId("r"), "sentry-hook-signature": signSentryBody(body, SENTRY_SECRET) },
        body,
      });
    expect((await post("[1,2]")).status).toBe(400);
    expect((await post("{not json")).status).toBe(400);
    broken = true;
    try {
      expect((await post('{"action":"created","data":{}}')).status).toBe(503);
    } finally {
      broken = false;
    }
  });
});

describe("GitHub webhooks", () => {
  it("accepts a signed delivery once and refuses a forged one", async () => {
    const hooks = github.webhooks(`${base}/github/webhooks`, GITHUB_SECRET);
    const issue = await github.repo.createIssue({ title: "Search is slow", body: "since Monday", author: "dana" });
    const delivered = await hooks.send("issues", await github.payloads.issuesOpened(issue.number), { deliveryId: "gh-route-1" });
    const redelivered = await hooks.redeliver("gh-route-1");
    expect([delivered.status, redelivered.status]).toEqual([202, 202]);
    const job = await queues.ingress.getJob("gh-gh-route-1");
    expect(job?.data).toMatchObject({ source: "github", event: "issues", action: "opened" });

    const forged = await github.webhooks(`${base}/github/webhooks`, "wrong").send("issues", { action: "opened" });
    expect(forged.status).toBe(401);
  });
});
