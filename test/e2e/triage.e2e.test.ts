import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createE2EWorld, type E2EWorld } from "./support/e2e-world.js";
import { spawnShopfloor, until, type ShopfloorProcess } from "./support/shopfloor-process.js";
import { startWebAndWorker } from "./support/start-roles.js";

let world: E2EWorld;
let web: ShopfloorProcess;
const workers: ShopfloorProcess[] = [];
let events: string;

beforeAll(async () => {
  world = await createE2EWorld("triage", {
    redisDb: 4,
    yaml: `repository: acme/shop
channels: { bugs: [C0BUGS] }
approvers: { slackUsers: [U0CAROL] }
areas:
  - { name: checkout, description: cart payment and checkout button, paths: ["src/cart.ts"] }
limits: { workerConcurrency: 4, jobBackoffMs: 200, jobLockMs: 2000, shutdownGraceMs: 2000 }
`,
  });
  const roles = await startWebAndWorker(world);
  web = roles.web;
  workers.push(roles.worker);
  events = roles.slackUrl;
});

afterAll(async () => {
  await Promise.all([web?.stop(), ...workers.map((w) => w.stop())]);
  await world?.close();
});

const issues = () => world.sandbox.github.repo.listIssues({ state: "all" }).filter((i) => !i.pull);

describe("triage end to end", () => {
  it("turns a signed message event delivered three times into one labelled issue and one threaded reply", async () => {
    const slack = world.sandbox.slack;
    const alice = slack.driver(events);
    const before = issues().length;
    const posted = await alice.postMessage({
      user: "alice",
      channel: "C0BUGS",
      text: "The checkout button crashes with an error on Safari 17 since this morning. Steps: add an item, open checkout, click Pay. Expected the payment form; actual: nothing happens.",
    });
    expect(posted.response.status).toBe(200);
    await alice.redeliver(posted.envelope, 1);
    await alice.redeliver(posted.envelope, 2);

    await until(() => slack.workspace.message("C0BUGS", posted.ts)?.reactions.some((r) => r.name === "white_check_mark") ?? false, 30_000, "✅ on the report");
    const created = issues().slice(before);
    expect(created).toHaveLength(1);
    const issue = created[0]!;
    expect(issue.labels).toEqual(expect.arrayContaining(["type:bug", "area:checkout"]));
    expect(issue.body).toContain("Reported by");
    const replies = slack.workspace.replies("C0BUGS", posted.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain(`#${issue.number}`);
  });

  it("still files one issue when the worker dies after filing it and before the reply, and the reply arrives", async () => {
    const slack = world.sandbox.slack;
    const before = issues().length;
    // The result card is the update that names the filed issue: hold it, then kill the worker that made it.
    const held = slack.faults.hold("chat.update", (args) => String(args.text ?? "").includes("Filed"));
    const posted = await slack.driver(events).postMessage({
      user: "bob",
      channel: "C0BUGS",
      text: "Checkout crashes with a 500 error when the cart has more than 10 items. Expected the order page, actual an error page.",
    });
    await held.arrived;
    expect(issues().length).toBe(before + 1);
    const first = workers[0]!;
    first.proc.kill("SIGKILL");
    await first.stop("SIGKILL");
    held.release();

    const second = spawnShopfloor("worker", world.env);
    workers.push(second);
    await until(() => slack.workspace.message("C0BUGS", posted.ts)?.reactions.some((r) => r.name === "white_check_mark") ?? false, 60_000, "the run to finish on the second worker");
    expect(issues().length).toBe(before + 1);
    const replies = slack.workspace.replies("C0BUGS", posted.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain(`#${Math.max(...issues().map((i) => i.number))}`);
  });
});
