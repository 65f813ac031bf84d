import { mkdtempSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX } from "../../src/sandbox/start-sandbox.js";
import { createE2EWorld, E2E_LIMITS, type E2EWorld } from "./support/e2e-world.js";
import { until, type ShopfloorProcess } from "./support/shopfloor-process.js";
import { startWebAndWorker } from "./support/start-roles.js";

let world: E2EWorld;
let web: ShopfloorProcess;
let worker: ShopfloorProcess;
let slackUrl: string;
/** Where the builds' workspaces live, so the test can look into them while they exist. */
const workspaces = mkdtempSync(join(tmpdir(), "shopfloor-e2e-build-ws-"));

const TOKEN_FORMS = [SANDBOX.githubToken, Buffer.from(`x-access-token:${SANDBOX.githubToken}`).toString("base64")];

/**
 * Looks through every workspace file (git's packed objects aside) while builds run: the clone's config, the working
 * tree, anything a command could read. Records the workspaces seen, so "no token found" cannot pass by seeing nothing.
 */
function watchWorkspaces(root: string) {
  const seen = new Set<string>();
  const leaks = new Set<string>();
  let busy = false;
  const scan = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const key of await readdir(root).catch((): string[] => [])) {
        const files: string[] = await readdir(join(root, key), { recursive: true }).catch(() => []);
        if (files.includes(".git")) seen.add(key);
        for (const file of files) {
          if (file.startsWith(join(".git", "objects"))) continue;
          const text = await readFile(join(root, key, file), "utf8").catch(() => "");
          if (TOKEN_FORMS.some((t) => text.includes(t))) leaks.add(join(key, file));
        }
      }
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void scan(), 50);
  return { seen, leaks, stop: () => clearInterval(timer) };
}
let watcher: ReturnType<typeof watchWorkspaces>;

beforeAll(async () => {
  world = await createE2EWorld("build", {
    redisDb: 9,
    yaml: `repository: acme/shop
channels: { bugs: [C0BUGS], merge: C0GENERAL }
approvers: { slackUsers: [U0CAROL] }
review: { maxRounds: 3 }
build: { testCommand: node --test, budgets: { steps: 20, tokens: 200000, minutes: 10 }, workspaceRoot: ${workspaces} }
${E2E_LIMITS}
`,
  });
  watcher = watchWorkspaces(workspaces);
  // Like a repository webhook: the PR the build opens and the pushes to it reach Shopfloor, signed.
  ({ web, worker, slackUrl } = await startWebAndWorker(world, { githubEvents: ["pull_request", "issue_comment"] }));
});

afterAll(async () => {
  watcher?.stop();
  await Promise.all([web?.stop(), worker?.stop()]);
  await world?.close();
});

const ws = () => world.sandbox.slack.workspace;
const repo = () => world.sandbox.github.repo;
/** Every message of both channels, thread replies included. */
const everything = () => [...ws().allMessages("C0BUGS"), ...ws().allMessages("C0GENERAL")];
/** The login of Shopfloor's token: the bot. */
const bot = () => repo().tokenLogin;

describe("build end to end", () => {
  it("builds an issue on /shopfloor build into a PR, and the review and fix loop ends at the merge card without anyone's help", async () => {
    const issue = repo().createIssue({
      title: "Checkout total crashes when the cart has no prices",
      body: "Opening the checkout with an empty cart throws `TypeError: Cannot read properties of undefined (reading 'reduce')` in src/cart.js. Expected a total of 0.",
      labels: ["type:bug", "factory:ready"],
      author: "alice",
    });
    expect(issue.number).toBe(1);

    await world.sandbox.slack.driver(slackUrl).command({ user: "alice", channel: "C0BUGS", text: "build 1" });

    // The command typed in #bugs starts a thread there: started, the plan, the PR.
    const started = () => ws().history("C0BUGS").find((m) => m.text.startsWith("Building #1"));
    await until(() => started() !== undefined, 30_000, "the start message");
    const thread = () => ws().replies("C0BUGS", started()!.ts);
    await until(() => thread().some((m) => m.text.startsWith("Plan:")), 30_000, "the plan in the thread");
    await until(() => thread().some((m) => m.text.startsWith("Opened PR #")), 90_000, "Opened PR in the thread");

    const pr = repo().pulls.list({ state: "all" }).find((p) => p.pull.headRef.startsWith("shopfloor/1-"));
    expect(pr).toBeDefined();
    const number = pr!.number;
    expect(thread().find((m) => m.text.startsWith("Opened PR #"))!.text).toBe(`Opened PR #${number} for #1`);
    expect(await repo().git.branchSha(pr!.pull.headRef)).toBe(pr!.pull.headSha);
    expect((await repo().pulls.files(number)).map((f) => f.filename)).toEqual(["src/cart.js"]);
    expect(pr!.body).toContain("Fixes #1");
    expect(pr!.body).toContain("## Plan");
    expect(pr!.body).toMatch(/`node --test` after the last change: \*\*passed\*\*/);
    expect(pr!.author).toBe(bot());
    expect(pr!.labels).toContain("type:bug");
    await until(() => !repo().getIssue(1).labels.includes("factory:building"), 10_000, "factory:building removed from #1");

    // Nobody does anything more: the review asks for changes, fix mode answers them, the re-review lets it through.
    const threads = () => repo().pulls.threadsOf(number);
    const threadAbout = (title: string) => threads().find((t) => repo().pulls.getReviewComment(t.commentIds[0]!).body.includes(title));
    await until(() => threadAbout("Error swallowed by empty catch") !== undefined && threadAbout("Changed logic has no test") !== undefined, 60_000, "the two review threads");
    // The command's thread became the issue's thread: the review and the fix report there too.
    await until(() => thread().some((m) => m.text.includes("Changes requested") && m.text.includes(`#${number}`)), 20_000, "changes requested in the thread");

    await until(async () => (await repo().pulls.commits(number)).length === 2, 90_000, "the fix pushed to the same branch");
    const fixed = await repo().pulls.read(number);
    expect(fixed.pull.headRef).toBe(pr!.pull.headRef);
    expect((await repo().pulls.files(number)).map((f) => f.filename).sort()).toEqual(["src/cart.js", "test/cart-missing-list.test.js"]);
    const cart = (await repo().git.readFile(fixed.pull.headSha, "src/cart.js"))!.toString("utf8");
    expect(cart).toContain("if (!prices) return 0;");
    expect(cart).not.toContain("catch");

    const repliesIn = (title: string) => threadAbout(title)!.commentIds.slice(1).map((id) => repo().pulls.getReviewComment(id));
    await until(() => repliesIn("Error swallowed by empty catch").length > 0 && repliesIn("Changed logic has no test").length > 0, 30_000, "replies on both threads");
    expect(repliesIn("Error swallowed by empty catch").map((c) => [c.author, c.body.split("\n")[0]])).toEqual([[bot(), expect.stringContaining("Replaced the empty catch")]]);
    expect(repliesIn("Changed logic has no test").map((c) => [c.author, c.body.split("\n")[0]])).toEqual([[bot(), expect.stringContaining("Added test/cart-missing-list.test.js")]]);
    await until(() => thread().some((m) => m.text === `Pushed fixes to #${number} (${fixed.pull.headSha.slice(0, 7)})`), 20_000, "the fix announced in the thread");

    await until(() => threadAbout("Error swallowed by empty catch")!.isResolved && threadAbout("Changed logic has no test")!.isResolved, 60_000, "both threads resolved on re-review");
    await until(() => thread().some((m) => m.text.startsWith(`Merge request: #${number} `)), 60_000, "the merge card in the thread");
    expect(repo().pulls.get(number).pull.merged).toBe(false);
  }, 240_000);

  it("cloned and pushed over GitHub's authenticated smart HTTP, and the token shows up in no workspace, log line, message or PR", async () => {
    const git = world.sandbox.github.requestLog.filter((r) => r.path.startsWith("/acme/shop.git/"));
    const statuses = (method: string, path: string, query = "") => git.filter((r) => r.method === method && r.path === path && r.query.includes(query)).map((r) => r.status);
    // The repository is private: a 200 on these means the token went with the request.
    expect(statuses("GET", "/acme/shop.git/info/refs", "service=git-upload-pack")).toContain(200);
    expect(statuses("POST", "/acme/shop.git/git-upload-pack")).toContain(200);
    expect(statuses("GET", "/acme/shop.git/info/refs", "service=git-receive-pack")).toContain(200);
    // The build's push and the fix's push.
    expect(statuses("POST", "/acme/shop.git/git-receive-pack").filter((s) => s === 200)).toHaveLength(2);
    expect(git.filter((r) => r.status !== 200)).toEqual([]);

    // Both runs' workspaces were looked into while they existed, and are gone now.
    expect(watcher.seen.size).toBe(2);
    expect([...watcher.leaks]).toEqual([]);
    await until(async () => (await readdir(workspaces)).length === 0, 10_000, "the workspaces removed");

    const pulls = repo().pulls.list({ state: "all" });
    const shown = JSON.stringify([
      web.logs,
      worker.logs,
      everything(),
      ws().ephemerals(),
      pulls.map((p) => p.body),
      pulls.flatMap((p) => repo().pulls.listReviewComments(p.number).map((c) => c.body)),
      pulls.flatMap((p) => repo().listComments(p.number).map((c) => c.body)),
    ]);
    expect(shown).toContain("build pushed");
    for (const token of TOKEN_FORMS) expect(shown).not.toContain(token);
  });

  it("tells the person who asked why an issue labelled factory:do-not-automate is not built, and builds nothing", async () => {
    const issue = repo().createIssue({ title: "Rework the payment provider", body: "Needs a person.", labels: ["type:bug", "factory:do-not-automate"], author: "alice" });
    const branches = (await repo().git.branches()).length;
    await world.sandbox.slack.driver(slackUrl).command({ user: "alice", channel: "C0BUGS", text: `build ${issue.number}` });
    const answer = () => ws().history("C0BUGS").find((m) => m.text.startsWith(`Not building #${issue.number}`));
    await until(() => answer() !== undefined, 30_000, "the answer in #bugs");
    expect(answer()!.text).toBe(`Not building #${issue.number}: #${issue.number} is labelled factory:do-not-automate`);
    expect(ws().history("C0BUGS").some((m) => m.text.startsWith(`Building #${issue.number}`))).toBe(false);
    expect(repo().getIssue(issue.number).labels).toEqual(["type:bug", "factory:do-not-automate"]);
    expect((await repo().git.branches()).length).toBe(branches);
  });

  it("tells the person who asked that there is no issue #99 to build", async () => {
    const alice = ws().user("alice")!.id;
    const before = new Set([...ws().ephemerals("C0BUGS"), ...ws().allMessages("C0BUGS")].map((m) => m.ts));
    await world.sandbox.slack.driver(slackUrl).command({ user: "alice", channel: "C0BUGS", text: "build 99" });
    // What alice can read after the command's own acknowledgement ("Building #99 — …").
    const answers = () =>
      [...ws().ephemerals("C0BUGS").filter((e) => e.visibleTo === alice), ...ws().allMessages("C0BUGS")].filter((m) => !before.has(m.ts) && !m.text.startsWith("Building #99"));
    await until(() => answers().length > 0, 30_000, "an answer to /shopfloor build 99");
    expect(answers().map((m) => m.text)).toEqual([expect.stringMatching(/#99\b.*(no such|not found|does not exist|doesn't exist|there is no|no issue)|(no such|there is no|no issue).*#99\b/i)]);
    expect((await repo().git.branches()).some((b) => b.name.startsWith("shopfloor/99"))).toBe(false);
  });
});
