import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { graphQueueName } from "../../src/jobs/queue-names.js";
import { createE2EWorld, E2E_LIMITS, type E2EWorld } from "./support/e2e-world.js";
import { until, type ShopfloorProcess } from "./support/shopfloor-process.js";
import { startWebAndWorker } from "./support/start-roles.js";

let world: E2EWorld;
let web: ShopfloorProcess;
let worker: ShopfloorProcess;
let slackUrl: string;
let shepherd: Queue;

beforeAll(async () => {
  world = await createE2EWorld("shepherd", {
    redisDb: 8,
    yaml: `repository: acme/shop
channels: { bugs: [C0BUGS], merge: C0GENERAL }
review: { enabled: false }
${E2E_LIMITS}
`,
  });
  ({ web, worker, slackUrl } = await startWebAndWorker(world));
  shepherd = new Queue(graphQueueName("shepherd"), { connection: world.redis, prefix: "shopfloor" });
});

afterAll(async () => {
  await shepherd?.close();
  await Promise.all([web?.stop(), worker?.stop()]);
  await world?.close();
});

describe("shepherd and why, end to end", () => {
  it("answers /shopfloor why for a conflicting PR with the conflict, the owner and the next move", async () => {
    const repo = world.sandbox.github.repo;
    await repo.commitToBranch("fix/total", { "README.md": "# shop\n\nTotals include tax.\n" }, "Docs: tax", { author: "dave" });
    const pr = await repo.openPullRequest({ head: "fix/total", title: "Explain totals", body: "", author: "dave" });
    await repo.seed({ files: { "README.md": "# shop\n\nTotals exclude tax.\n" }, message: "Docs: no tax" });
    await world.sandbox.slack.driver(slackUrl).command({ user: "alice", channel: "C0GENERAL", text: `why ${pr.number}` });
    const answer = () => world.sandbox.slack.workspace.allMessages("C0GENERAL").find((m) => m.text.includes(`#${pr.number}`) && JSON.stringify(m.blocks ?? []).includes("What"));
    await until(() => answer() !== undefined, 30_000, "the answer in the channel");
    const text = JSON.stringify(answer()!.blocks);
    expect(text).toMatch(/conflict/i);
    expect(text).toContain("@dave");
    expect(text).toContain("Next:");
  });

  it("updates a branch that is behind, and leaves it alone on the next hourly run", async () => {
    const repo = world.sandbox.github.repo;
    repo.protection.requireUpToDate = true;
    await repo.commitToBranch("feat/banner", { "src/banner.ts": 'export const banner = "Hello";\n' }, "Banner", { author: "dave" });
    const pr = await repo.openPullRequest({ head: "feat/banner", title: "Add a banner", body: "", author: "dave" });
    await repo.seed({ files: { "src/other.ts": "export const other = 1;\n" }, message: "Unrelated change on main" });
    const head = repo.pulls.get(pr.number).pull.headSha;
    const run = (hour: string) =>
      shepherd.add("start", { type: "start", graph: "shepherd", threadId: `gh-pr:acme/shop#${pr.number}:shepherd`, input: { pr: pr.number, trigger: { kind: "hourly", id: hour } } }, { jobId: `shepherd-e2e-${pr.number}-${hour}` });
    await run("h1");
    await until(() => repo.pulls.get(pr.number).pull.headSha !== head, 30_000, "the branch updated");
    const updated = repo.pulls.get(pr.number).pull.headSha;
    await run("h2");
    await until(async () => (await shepherd.getCompletedCount()) >= 2, 30_000, "the second run");
    expect(repo.pulls.get(pr.number).pull.headSha).toBe(updated);
    repo.protection.requireUpToDate = false;
  });
});
