import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackUserDriver } from "../../src/sandbox/fake-slack/index.js";
import { createE2EWorld, type E2EWorld } from "./support/e2e-world.js";
import { until, type ShopfloorProcess } from "./support/shopfloor-process.js";
import { startWebAndWorker } from "./support/start-roles.js";

let world: E2EWorld;
let web: ShopfloorProcess;
let worker: ShopfloorProcess;
let alice: SlackUserDriver;
let baseUrl: string;

beforeAll(async () => {
  world = await createE2EWorld("ingress", { redisDb: 2 });
  const roles = await startWebAndWorker(world);
  ({ web, worker, baseUrl } = roles);
  alice = world.sandbox.slack.driver(roles.slackUrl);
});

afterAll(async () => {
  await Promise.all([web?.stop(), worker?.stop()]);
  await world?.close();
});

const ws = () => world.sandbox.slack.workspace;

describe("Slack ingress end to end (web and worker as separate processes)", () => {
  it("answers a signed event delivered three times with exactly one reply", async () => {
    const posted = await alice.postMessage({ user: "alice", channel: "C0GENERAL", text: "@Shopfloor status" });
    expect(posted.mention?.response.status).toBe(200);
    await alice.redeliver(posted.mention!.envelope, 1);
    await alice.redeliver(posted.mention!.envelope, 2);
    await until(() => ws().message("C0GENERAL", posted.ts)?.reactions.some((r) => r.name === "white_check_mark") ?? false, 20_000, "✅ on the mention");
    await new Promise((r) => setTimeout(r, 500));
    const replies = ws().replies("C0GENERAL", posted.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain("Shopfloor status");
    expect(ws().message("C0GENERAL", posted.ts)!.reactions.map((r) => r.name)).toEqual(["white_check_mark"]);
    const transcript = world.sandbox.slack.transcript("C0GENERAL");
    expect(transcript).toContain("alice: @Shopfloor status");
    expect(transcript).toContain("Shopfloor status");
  });

  it("answers /shopfloor help in the acknowledgement and /shopfloor status privately", async () => {
    const help = await alice.command({ user: "alice", channel: "C0GENERAL", text: "help" });
    expect(help.status).toBe(200);
    expect(JSON.stringify(help.json)).toContain("/shopfloor status");

    const before = ws().ephemerals("C0GENERAL").length;
    const status = await alice.command({ user: "bob", channel: "C0GENERAL", text: "status" });
    expect(status.status).toBe(200);
    await until(() => ws().ephemerals("C0GENERAL").length >= before + 1, 20_000, "ephemeral status");
    const last = ws().ephemerals("C0GENERAL").at(-1)!;
    expect(last.visibleTo).toBe("U0BOB");
    expect(last.text).toContain("Shopfloor status");
  });

  it("gives the help text, privately, for an unknown subcommand", async () => {
    const res = await alice.command({ user: "carol", channel: "C0GENERAL", text: "frobnicate now" });
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.json)).toContain("I don't know `frobnicate now`");
    expect((res.json as { response_type?: string }).response_type).toBe("ephemeral");
  });

  it("refuses bad, missing and stale signatures with 401 and enqueues nothing", async () => {
    const body = { type: "event_callback", event_id: "EvFORGED1", team_id: "T0SHOPFLR", event: { type: "app_mention", channel: "C0GENERAL", user: "U0ALICE", text: "status", ts: "1.2" } };
    const forged = await alice.sendRaw(body, { signature: "v0=0000" });
    const missing = await alice.sendRaw(body, { signature: "omit" });
    const stale = await alice.sendRaw(body, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect([forged.status, missing.status, stale.status]).toEqual([401, 401, 401]);
    expect(await world.redis.exists("shopfloor:shopfloor-ingress:slack-ev-EvFORGED1")).toBe(0);
  });

  it("answers malformed webhooks with 400 and bad GitHub signatures with 401", async () => {
    const gh = world.sandbox.github.webhooks(`${baseUrl}/github/webhooks`, "wrong-secret");
    const bad = await gh.send("issues", { action: "opened" });
    expect(bad.status).toBe(401);
    const good = world.sandbox.github.webhooks(`${baseUrl}/github/webhooks`, world.env.GITHUB_WEBHOOK_SECRET!);
    const ok = await good.send("issues", { action: "opened", issue: { number: 1 } }, { deliveryId: "d-e2e-1" });
    expect(ok.status).toBe(202);
    const again = await good.redeliver("d-e2e-1");
    expect(again.status).toBe(202);
    expect(await world.redis.exists("shopfloor:shopfloor-ingress:gh-d-e2e-1")).toBe(1);

    const notJson = await fetch(`${baseUrl}/github/webhooks`, { method: "POST", headers: { "content-type": "text/plain" }, body: "hi" });
    expect(notJson.status).toBe(415);
  });

  it("reports readiness and metrics", async () => {
    const ready = await fetch(`${baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { postgres: "ok", redis: "ok", slack: "ok" } });
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toContain("shopfloor_queue_jobs");
    expect(metrics).toContain("shopfloor_ingress_ack_seconds");
  });
});
