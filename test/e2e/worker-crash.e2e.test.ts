import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createE2EWorld, type E2EWorld } from "./support/e2e-world.js";
import { spawnShopfloor, until, type ShopfloorProcess } from "./support/shopfloor-process.js";

let world: E2EWorld;
let web: ShopfloorProcess;
const workers: ShopfloorProcess[] = [];

beforeAll(async () => {
  world = await createE2EWorld("crash", { redisDb: 3 });
  web = spawnShopfloor("web", world.env);
  await web.waitForLog((l) => l.msg === "web listening");
});

afterAll(async () => {
  await Promise.all([web?.stop(), ...workers.map((w) => w.stop())]);
  await world?.close();
});

describe("a worker killed in the middle of a run", () => {
  it("finishes on a second worker with every effect applied exactly once", async () => {
    const slack = world.sandbox.slack;
    const ws = slack.workspace;
    const port = (await web.waitForLog((l) => l.msg === "web listening")).port;
    const first = spawnShopfloor("worker", world.env);
    workers.push(first);
    await first.waitForLog((l) => l.msg === "shopfloor started");

    // Slack will accept the reply (it lands in the thread) but never answer the worker: the worker has acted
    // and has not recorded it. That is the moment to kill it: after an effect, before the next checkpoint.
    const held = slack.faults.hold("chat.postMessage");
    const alice = slack.driver(`http://127.0.0.1:${String(port)}/slack/events`);
    const mention = await alice.postMessage({ user: "alice", channel: "C0GENERAL", text: "@Shopfloor status" });
    await held.arrived;
    expect(ws.replies("C0GENERAL", mention.ts)).toHaveLength(1);
    first.proc.kill("SIGKILL");
    const killedAt = Date.now();
    await first.stop("SIGKILL");
    held.release();

    const second = spawnShopfloor("worker", world.env);
    workers.push(second);
    await until(() => ws.message("C0GENERAL", mention.ts)?.reactions.some((r) => r.name === "white_check_mark") ?? false, 60_000, "the run to finish on the second worker");
    const recoveryMs = Date.now() - killedAt;

    // Exactly once, counted on the Slack side.
    expect(ws.replies("C0GENERAL", mention.ts)).toHaveLength(1);
    expect(ws.calls("chat.postMessage")).toBe(1);
    expect(ws.calls("reactions.add")).toBe(2); // 👀 before the kill, ✅ after
    expect(ws.message("C0GENERAL", mention.ts)!.reactions.map((r) => r.name)).toEqual(["white_check_mark"]);

    // And in the ledgers: the reply was claimed twice and applied once; the run continued from its checkpoint.
    const effects = await world.pool.query<{ key: string; status: string; attempts: number }>(
      "SELECT key, status, attempts FROM effects WHERE key LIKE '%/post-status/reply' ORDER BY created_at",
    );
    expect(effects.rows).toHaveLength(1);
    expect(effects.rows[0]).toMatchObject({ status: "applied", attempts: 2 });
    const runsQuery = () =>
      world.pool.query<{ kind: string; status: string; error_code: string | null }>(
        "SELECT kind, status, error_code FROM runs WHERE graph = 'status' ORDER BY started_at",
      );
    await until(async () => (await runsQuery()).rows.at(-1)?.status === "succeeded", 10_000, "the run ledger to record the finish");
    const runs = await runsQuery();
    expect(runs.rows).toEqual([
      { kind: "start", status: "failed", error_code: "WORKER_LOST" },
      { kind: "continue", status: "succeeded", error_code: null },
    ]);
    console.log(JSON.stringify({ recoveryMs }));
  });
});
