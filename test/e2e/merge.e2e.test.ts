import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createE2EWorld, E2E_LIMITS, type E2EWorld } from "./support/e2e-world.js";
import { until, type ShopfloorProcess } from "./support/shopfloor-process.js";
import { startWebAndWorker } from "./support/start-roles.js";

let world: E2EWorld;
let web: ShopfloorProcess;
let worker: ShopfloorProcess;
let slackUrl: string;

beforeAll(async () => {
  world = await createE2EWorld("merge", {
    redisDb: 7,
    yaml: `repository: acme/shop
channels: { bugs: [C0BUGS], merge: C0GENERAL }
approvers: { slackUsers: [U0CAROL], githubLogins: { U0CAROL: carol } }
verify: { timeoutMinutes: 1, pollSeconds: 5 }
${E2E_LIMITS}
`,
  });
  ({ web, worker, slackUrl } = await startWebAndWorker(world, { githubEvents: ["pull_request", "issue_comment"] }));
});

afterAll(async () => {
  await Promise.all([web?.stop(), worker?.stop()]);
  await world?.close();
});

const ws = () => world.sandbox.slack.workspace;
/** The merge card of a PR in #general, as people see it now. */
const cardOf = (pr: number) => ws().history("C0GENERAL").find((m) => m.text.startsWith(`Merge request: #${pr} `));
const click = (driver: ReturnType<E2EWorld["sandbox"]["slack"]["driver"]>, user: string, pr: number, actionId = "merge_approve") => {
  const card = cardOf(pr)!;
  const value = (card.blocks?.find((b) => b.type === "actions") as { elements: { action_id: string; value?: string }[] } | undefined)?.elements.find((e) => e.action_id === actionId)?.value;
  return driver.clickButton({ user, actionId, ...(value ? { value } : {}), channel: "C0GENERAL", messageTs: card.ts });
};

async function reviewedPr(branch: string, file: string, text: string): Promise<number> {
  const repo = world.sandbox.github.repo;
  await repo.commitToBranch(branch, { [file]: text }, `Change ${file}`, { author: "dave" });
  const pr = await repo.openPullRequest({ head: branch, title: `Update ${file}`, body: "A small, clean change.", author: "dave" });
  await until(() => cardOf(pr.number) !== undefined, 40_000, `the merge card of #${pr.number}`);
  return pr.number;
}

describe("merging from Slack end to end", () => {
  it("refuses a non-approver, merges once on a double click by an approver at the reviewed SHA, records it, and verifies", async () => {
    const repo = world.sandbox.github.repo;
    const pr = await reviewedPr("docs/coupons", "docs/coupons.md", "# Coupons\n\nOne per order.\n");
    const reviewedSha = repo.pulls.get(pr).pull.headSha;
    const slack = world.sandbox.slack;

    const refused = await click(slack.driver(slackUrl), "bob", pr);
    expect(refused.status).toBe(200);
    await until(() => ws().ephemerals("C0GENERAL").some((e) => e.visibleTo === "U0BOB" && e.text.includes("Only approvers")), 20_000, "the refusal");
    expect(repo.pulls.get(pr).pull.merged).toBe(false);

    // Two clicks at once (a double click, or two tabs): one merge.
    await Promise.all([click(slack.driver(slackUrl), "carol", pr), click(slack.driver(slackUrl), "carol", pr)]);
    await until(() => repo.pulls.get(pr).pull.merged, 30_000, "the merge");
    await until(() => cardOf(pr)?.text.includes("Merged") === true, 20_000, "the card updated");
    expect(repo.pulls.get(pr).pull.mergeCommitSha).toBeTruthy();
    const { rows } = await world.pool.query(`SELECT actor, actor_github, action, outcome, detail->>'sha' AS sha FROM audit_log WHERE subject = $1 ORDER BY id`, [`pr#${pr}`]);
    expect(rows).toEqual([
      { actor: "U0BOB", actor_github: null, action: "merge.approve", outcome: "refused", sha: reviewedSha },
      { actor: "U0CAROL", actor_github: "carol", action: "merge.merge", outcome: "done", sha: reviewedSha },
    ]);
    const merges = repo.listIssues({ state: "all" }).filter((i) => i.pull?.merged);
    expect(merges).toHaveLength(1);
    // No checks on the merge commit: verified after one poll.
    await until(() => ws().allMessages("C0GENERAL").some((m) => m.text.includes(`#${pr}`) && m.text.includes("verified")), 30_000, "the verification");
  });

  it("does not merge when a commit lands between the card and the click, and says so on the card", async () => {
    const repo = world.sandbox.github.repo;
    const pr = await reviewedPr("docs/returns", "docs/returns.md", "# Returns\n\n30 days.\n");
    await repo.commitToBranch("docs/returns", { "docs/returns.md": "# Returns\n\n30 days, with the receipt.\n" }, "More detail", { author: "dave" });
    await click(world.sandbox.slack.driver(slackUrl), "carol", pr);
    await until(() => JSON.stringify(cardOf(pr)?.blocks ?? []).includes("new commit since review"), 30_000, "the card saying why");
    expect(repo.pulls.get(pr).pull.merged).toBe(false);
  });

  it("files a bug and offers a revert when a check fails on the merge commit; the revert button opens a revert PR", async () => {
    const repo = world.sandbox.github.repo;
    const pr = await reviewedPr("feat/banner", "src/banner.ts", 'export const banner = "Summer sale";\n');
    await click(world.sandbox.slack.driver(slackUrl), "carol", pr);
    await until(() => repo.pulls.get(pr).pull.merged, 30_000, "the merge");
    await repo.setCheck(repo.pulls.get(pr).pull.mergeCommitSha!, "ci/test", "failure");
    const filed = () => repo.listIssues({ state: "all" }).find((i) => !i.pull && i.title.includes(`#${pr}`));
    await until(() => filed() !== undefined, 40_000, "the bug about the merge");
    expect(filed()!.labels).toEqual(expect.arrayContaining(["type:bug", "severity:P1"]));
    expect(filed()!.body).toContain(repo.pulls.get(pr).pull.mergeCommitSha!.slice(0, 7));

    const alert = () => ws().allMessages("C0GENERAL").find((m) => JSON.stringify(m.blocks ?? []).includes("verify_open_revert"));
    await until(() => alert() !== undefined, 20_000, "the alert with the revert button");
    const value = (alert()!.blocks!.find((b) => b.type === "actions") as { elements: { action_id: string; value?: string }[] }).elements.find((e) => e.action_id === "verify_open_revert")!.value!;
    await world.sandbox.slack.driver(slackUrl).clickButton({ user: "carol", actionId: "verify_open_revert", value, channel: "C0GENERAL", messageTs: alert()!.ts });
    const revert = () => repo.listIssues({ state: "open" }).find((i) => i.pull && i.title.startsWith("Revert"));
    await until(() => revert() !== undefined, 30_000, "the revert PR");
    expect(revert()!.title).toContain(`Update src/banner.ts`);
  });
});
