import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphQueueName, MAINTENANCE_QUEUE } from "../../src/jobs/queue-names.js";
import { createE2EWorld, E2E_LIMITS, type E2EWorld } from "./support/e2e-world.js";
import { until, type ShopfloorProcess } from "./support/shopfloor-process.js";
import { startWebAndWorker } from "./support/start-roles.js";

let world: E2EWorld;
let web: ShopfloorProcess;
let worker: ShopfloorProcess;
let hooks: string;
let maintenance: Queue;
let graphs: Queue;

beforeAll(async () => {
  world = await createE2EWorld("incidents", {
    redisDb: 5,
    yaml: `repository: acme/shop
channels: { bugs: [C0BUGS], incidents: C0GENERAL }
${E2E_LIMITS}
`,
  });
  const roles = await startWebAndWorker(world, { env: { SENTRY_DSN: world.sandbox.sentry.dsn() } });
  ({ web, worker } = roles);
  hooks = `${roles.baseUrl}/sentry/webhooks`;
  maintenance = new Queue(MAINTENANCE_QUEUE, { connection: world.redis, prefix: "shopfloor" });
  graphs = new Queue(graphQueueName("triage"), { connection: world.redis, prefix: "shopfloor" });
});

afterAll(async () => {
  await Promise.all([maintenance?.close(), graphs?.close()]);
  await Promise.all([web?.stop(), worker?.stop()]);
  await world?.close();
});

const issues = () => world.sandbox.github.repo.listIssues({ state: "all" }).filter((i) => !i.pull);

describe("Sentry errors end to end", () => {
  it("files one issue for an error that arrives by webhook and by poll, comments on a spike, and refuses forged webhooks", async () => {
    const sentry = world.sandbox.sentry;
    sentry.addIssue({ id: "4242", title: "TypeError: cart is undefined", count: 150, userCount: 30, level: "error", lastSeen: new Date().toISOString() });

    const forged = await sentry.sendWebhook(hooks, { resource: "issue", action: "created", secret: "not-the-secret", issueId: "4242" });
    expect(forged.status).toBe(401);

    const delivered = await sentry.sendWebhook(hooks, { resource: "issue", action: "created", secret: world.env.SENTRY_WEBHOOK_SECRET!, issueId: "4242" });
    expect(delivered.status).toBe(202);
    await until(() => issues().length === 1, 30_000, "the issue from the webhook");
    await maintenance.add("sentry-poll", {});
    await until(async () => (await maintenance.getCompletedCount()) >= 1, 20_000, "the poll");
    await new Promise((r) => setTimeout(r, 1500));
    expect(issues()).toHaveLength(1);
    const [issue] = issues();
    expect(issue!.body).toContain("150 events, 30 users affected");
    expect(issue!.body).toMatch(/at \S+ \(src\/cart\.js:\d+\)/);
    expect(issue!.labels).toContain("type:bug");
    // P1 and above are announced in the incident channel.
    expect(world.sandbox.slack.transcript("C0GENERAL")).toContain("Filed");

    sentry.bumpIssue("4242", { count: 900, userCount: 120 });
    await maintenance.add("sentry-poll", {});
    await until(() => issueComments(issue!.number).length > 0, 30_000, "the spike comment");
    expect(issues()).toHaveLength(1);
    expect(issueComments(issue!.number).at(-1)).toContain("**900 events** (was 150)");
  });

  it("reports Shopfloor's own failures to Sentry with graph, node, thread and job tags", async () => {
    await graphs.add("start", { type: "start", graph: "triage", threadId: "slack:T1:C0BUGS:1.000001", input: { source: "nowhere" } }, { jobId: "bad-input-1", attempts: 1 });
    await until(() => world.sandbox.sentry.ownEvents.length > 0, 20_000, "an event at the fake Sentry");
    const [event] = world.sandbox.sentry.ownEvents;
    expect(event!.tags).toMatchObject({ graph: "triage", thread: "slack:T1:C0BUGS:1.000001", job: "bad-input-1", role: "worker", code: "JOB_PAYLOAD_INVALID" });

    // A run that fails in a node for good (Slack refuses: no such message) is reported with the node.
    const input = { source: "slack", via: "message", teamId: "T1", user: "U0ALICE", channel: "C0BUGS", messageTs: "1.999999", text: "the cart crashes on checkout every time" };
    await graphs.add("start", { type: "start", graph: "triage", threadId: "slack:T1:C0BUGS:1.999999", input }, { jobId: "doomed-1", attempts: 1 });
    await until(() => world.sandbox.sentry.ownEvents.some((e) => e.tags.job === "doomed-1"), 20_000, "the node failure at the fake Sentry");
    expect(world.sandbox.sentry.ownEvents.find((e) => e.tags.job === "doomed-1")!.tags).toMatchObject({ graph: "triage", node: "acknowledge", thread: "slack:T1:C0BUGS:1.999999" });
  });
});

function issueComments(number: number): string[] {
  return world.sandbox.github.repo.listComments(number).map((c) => c.body);
}
