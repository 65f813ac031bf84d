import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../../../src/core/errors.js";
import { githubMarker } from "../../../src/core/ids.js";
import type { ForgePort } from "../../../src/core/ports/forge-port.js";
import { startFakeGithub, type FakeGithub } from "../../../src/sandbox/fake-github/index.js";
import { caughtAppError } from "../../support/caught.js";
import { forgeFor, startFakeGithubApp } from "../../support/fake-github.js";

const exec = promisify(execFile);
const OWNER = "acme";
const REPO = "adapter-it";

describe("Octokit forge adapter against the fake GitHub", () => {
  let gh: FakeGithub;
  let forge: ForgePort;

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_test" });
    await gh.repo.seed({ files: { "README.md": "# Shop\n", "src/cart.ts": "export const total = (a: number, b: number) => a + b;\n" } });
    forge = forgeFor(gh);
  });

  afterAll(async () => {
    await gh?.close();
  });

  it("reads the repository", async () => {
    expect(await forge.getRepository()).toEqual({
      fullName: `${OWNER}/${REPO}`,
      defaultBranch: "main",
      private: true,
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      cloneUrl: gh.httpCloneUrl,
    });
  });

  it("creates an issue with labels and finds it back by its marker", async () => {
    const marker = githubMarker("slack:T1:C1:1.2/triage/create-issue");
    const created = await forge.createIssue({ title: "Checkout total is wrong", body: `Steps: add two items\n\n${marker}`, labels: ["type:bug", "severity:P2"] });
    expect(created).toMatchObject({ title: "Checkout total is wrong", state: "open", labels: ["type:bug", "severity:P2"], author: "shopfloor-bot", isPullRequest: false });
    expect(created.url).toBe(`https://github.com/${OWNER}/${REPO}/issues/${created.number}`);
    // The unknown labels now exist in the repository, as GitHub creates them for writers.
    expect(gh.repo.listLabels().map((l) => l.name)).toEqual(expect.arrayContaining(["type:bug", "severity:P2"]));

    for (let i = 0; i < 40; i++) gh.repo.createIssue({ title: `later ${i}`, body: "noise" });
    const found = await forge.findIssueByMarker(marker);
    expect(found?.number).toBe(created.number);
    expect(await forge.findIssueByMarker(githubMarker("never-created"))).toBeNull();
    expect((await forge.getIssue(created.number)).body).toContain(marker);
  });

  it("follows pagination up to max, and filters by labels", async () => {
    for (let i = 0; i < 130; i++) gh.repo.createIssue({ title: `bulk ${i}`, labels: i % 10 === 0 ? ["factory:ready"] : [] });
    const total = gh.repo.listIssues({ state: "all" }).length;
    expect(total).toBeGreaterThan(170);

    const before = gh.requests("GET", /\/issues$/);
    const all = await forge.listIssues({ state: "all", max: 1000 });
    expect(all).toHaveLength(total);
    expect(new Set(all.map((i) => i.number)).size).toBe(total);
    expect(gh.requests("GET", /\/issues$/) - before).toBe(Math.ceil(total / 100));

    const five = await forge.listIssues({ state: "all", max: 5 });
    expect(five.map((i) => i.number)).toEqual(all.slice(0, 5).map((i) => i.number));
    expect(five[0]!.number).toBeGreaterThan(five[4]!.number); // newest first

    const ready = await forge.listIssues({ labels: ["factory:ready"] });
    expect(ready).toHaveLength(13);
    expect(ready.every((i) => i.labels.includes("factory:ready"))).toBe(true);
  });

  it("adds and removes labels idempotently", async () => {
    const issue = gh.repo.createIssue({ title: "labels", labels: ["bug"] });
    expect(await forge.addLabels(issue.number, ["factory:ready", "bug"])).toEqual(["bug", "factory:ready"]);
    await forge.removeLabel(issue.number, "bug");
    await forge.removeLabel(issue.number, "bug"); // already gone: fine
    expect((await forge.getIssue(issue.number)).labels).toEqual(["factory:ready"]);
    expect((await caughtAppError(forge.removeLabel(999_999, "bug"))).code).toBe(ErrorCode.NotFound);
  });

  it("creates, updates and finds comments by marker", async () => {
    const issue = gh.repo.createIssue({ title: "comments" });
    for (let i = 0; i < 3; i++) gh.repo.createComment(issue.number, `human comment ${i}`, "carol");
    const marker = githubMarker("gh:acme/adapter-it#1/review/summary");
    const comment = await forge.createComment(issue.number, `Summary\n\n${marker}`);
    expect(comment.author).toBe("shopfloor-bot");
    expect((await forge.findCommentByMarker(issue.number, marker))?.id).toBe(comment.id);
    expect(await forge.findCommentByMarker(issue.number, githubMarker("other"))).toBeNull();
    const updated = await forge.updateComment(comment.id, `Summary v2\n\n${marker}`);
    expect(updated.body).toContain("v2");
    const listed = await forge.listComments(issue.number);
    expect(listed.map((c) => c.author)).toEqual(["carol", "carol", "carol", "shopfloor-bot"]);
  });

  it("searches this repository's issues by words, best match first, and never returns pull requests", async () => {
    const both = gh.repo.createIssue({ title: "Zebra checkout crashes", body: "Paying with a kumquat coupon crashes the page", labels: ["type:bug"] });
    const one = gh.repo.createIssue({ title: "Kumquat prices are stale", body: "The price list is old" });
    const closed = gh.repo.createIssue({ title: "Zebra stripes in the logo", body: "design" });
    gh.repo.updateIssue(closed.number, { state: "closed", state_reason: "completed" });
    gh.repo.createIssue({ title: "Unrelated", body: "nothing to see" });
    await gh.repo.commitToBranch("fix/zebra", { "src/zebra.ts": "export const zebra = 1;\n" }, "Zebra kumquat fix", { author: "alice" });
    const pr = await gh.repo.openPullRequest({ head: "fix/zebra", title: "Fix zebra kumquat checkout crashes", author: "alice" });

    const found = await forge.searchIssues("zebra kumquat crashes");
    expect(found[0]).toMatchObject({ number: both.number, title: "Zebra checkout crashes", labels: ["type:bug"], isPullRequest: false });
    expect(found.map((i) => i.number)).toEqual(expect.arrayContaining([one.number, closed.number]));
    expect(found.map((i) => i.number)).not.toContain(pr.number);
    expect(found.every((i) => !i.isPullRequest)).toBe(true);

    // Qualifiers pass through; the repository and is:issue are added once, never twice.
    expect((await forge.searchIssues("zebra is:open")).map((i) => i.number)).toEqual([both.number]);
    expect((await forge.searchIssues("zebra is:closed")).map((i) => i.number)).toEqual([closed.number]);
    expect((await forge.searchIssues(`kumquat is:pr repo:${OWNER}/${REPO} is:issue repo:other/elsewhere`)).map((i) => i.number)).not.toContain(pr.number);
    const last = gh.requestLog.filter((r) => r.path === "/search/issues").at(-1)!;
    const q = new URLSearchParams(last.query).get("q")!;
    expect(q.match(/repo:/g)).toHaveLength(1);
    expect(q.match(/is:issue/g)).toHaveLength(1);
    expect(q).not.toContain("is:pr");

    expect(await forge.searchIssues("zebra kumquat", 1)).toHaveLength(1);
    expect(await forge.searchIssues("xyzzyplugh")).toEqual([]);
  });

  it("pages through search results up to max", async () => {
    for (let i = 0; i < 130; i++) gh.repo.createIssue({ title: `walrus report ${i}`, body: "walrus" });
    const before = gh.requests("GET", /^\/search\/issues$/);
    const found = await forge.searchIssues("walrus", 120);
    expect(found).toHaveLength(120);
    expect(new Set(found.map((i) => i.number)).size).toBe(120);
    expect(gh.requests("GET", /^\/search\/issues$/) - before).toBe(2);
  });

  it("reports a query GitHub cannot run (422) as not retryable, and a search rate limit as retryable", async () => {
    gh.faults.failNext("GET", /^\/search\/issues$/, {
      status: 422,
      body: { message: "Validation Failed", errors: [{ resource: "Search", field: "q", code: "invalid", message: "The search is longer than 256 characters." }] },
    });
    const invalid = await caughtAppError(forge.searchIssues("zebra"));
    expect(invalid).toMatchObject({ code: ErrorCode.GithubApi, retryable: false });
    expect(invalid.message).toContain("256 characters");

    gh.faults.rateLimitNext(/^\/search\/issues$/, 20, { kind: "secondary" });
    expect(await caughtAppError(forge.searchIssues("zebra"))).toMatchObject({ code: ErrorCode.RateLimited, retryable: true, retryAfterMs: 20_000 });
  });

  it("creates only the labels the repository lacks, and is idempotent", async () => {
    for (let i = 0; i < 110; i++) gh.repo.createLabel({ name: `zz-filler-${String(i).padStart(3, "0")}` });
    const specs = [
      { name: "area:zz-checkout", color: "1d76db", description: "Checkout and payment" },
      { name: "risk:zz-low", color: "#0e8a16", description: "Low risk" },
      { name: "BUG", color: "d73a4a", description: "exists as 'bug'" },
      { name: "zz-filler-109", color: "ffffff", description: "exists on the second page" },
    ];
    expect(await forge.ensureLabels(specs)).toEqual(["area:zz-checkout", "risk:zz-low"]);
    expect(gh.repo.getLabel("area:zz-checkout")).toMatchObject({ name: "area:zz-checkout", color: "1d76db", description: "Checkout and payment" });
    expect(gh.repo.getLabel("risk:zz-low").color).toBe("0e8a16");
    expect(gh.repo.getLabel("bug").color).toBe("d73a4a");

    const posts = gh.requests("POST", /\/labels$/);
    expect(await forge.ensureLabels(specs)).toEqual([]);
    expect(gh.requests("POST", /\/labels$/) - posts).toBe(0);

    // Another worker creates the label between our listing and our POST: GitHub answers 422 already_exists.
    gh.faults.failNext("POST", new RegExp(`^/repos/${OWNER}/${REPO}/labels$`), {
      status: 422,
      body: { message: "Validation Failed", errors: [{ resource: "Label", code: "already_exists", field: "name" }] },
    });
    expect(await forge.ensureLabels([{ name: "zz-raced", color: "cccccc", description: "" }, { name: "zz-after-race", color: "bbbbbb", description: "" }])).toEqual(["zz-after-race"]);

    const bad = await caughtAppError(forge.ensureLabels([{ name: "zz-bad-colour", color: "blue", description: "" }]));
    expect(bad).toMatchObject({ code: ErrorCode.GithubApi, retryable: false });
  });

  it("closes an issue as not planned", async () => {
    const issue = gh.repo.createIssue({ title: "Won't fix" });
    const closed = await forge.closeIssue(issue.number, "not_planned");
    expect(closed).toMatchObject({ number: issue.number, state: "closed" });
    expect(gh.repo.getIssue(issue.number)).toMatchObject({ state: "closed", stateReason: "not_planned", closedBy: "shopfloor-bot" });
    expect(await caughtAppError(forge.closeIssue(999_999, "completed"))).toMatchObject({ code: ErrorCode.NotFound });
  });

  it("reads text files of the default branch, and null for what is not one", async () => {
    expect(await forge.getFileText("README.md")).toBe("# Shop\n");
    expect(await forge.getFileText("src/cart.ts")).toBe("export const total = (a: number, b: number) => a + b;\n");
    expect(await forge.getFileText("docs/missing.md")).toBeNull();
    expect(await forge.getFileText("src")).toBeNull(); // a directory
    await gh.repo.commitToBranch("main", { "CONTRIBUTING.md": "Be kind.\n", "assets/big.txt": "x".repeat(1024 * 1024 + 10) }, "Docs and a big file");
    expect(await forge.getFileText("CONTRIBUTING.md")).toBe("Be kind.\n");
    expect(await forge.getFileText("assets/big.txt")).toBeNull();
    // Only the default branch counts.
    await gh.repo.commitToBranch("docs/draft", { "DRAFT.md": "draft\n" }, "Draft");
    expect(await forge.getFileText("DRAFT.md")).toBeNull();
  });

  it("reads a pull request and merges check runs with commit statuses", async () => {
    const sha = await gh.repo.commitToBranch("fix/total", { "src/cart.ts": "export const total = (a: number, b: number) => a + b + 0;\n" }, "Fix total", { author: "alice" });
    const opened = await gh.repo.openPullRequest({ head: "fix/total", title: "Fix total", body: "Fixes the total", author: "alice" });
    await gh.repo.setCheck(sha, "build", "failure");
    await gh.repo.setCheck(sha, "build", "success"); // the latest run counts
    await gh.repo.setCheck(sha, "lint", null);
    await gh.repo.setStatus(sha, "ci/legacy", "failure");
    await gh.repo.setStatus(sha, "ci/legacy", "success", { targetUrl: "https://ci.example/1" });
    await gh.repo.setStatus(sha, "deploy/preview", "pending");

    const pr = await forge.getPullRequest(opened.number);
    expect(pr).toMatchObject({
      number: opened.number,
      state: "open",
      merged: false,
      mergeCommitSha: null,
      draft: false,
      mergeable: true,
      mergeableState: "unstable",
      headSha: sha,
      headRef: "fix/total",
      baseRef: "main",
      author: "alice",
      additions: 1,
      deletions: 1,
      changedFiles: 1,
    });
    const checks = await forge.listChecks(pr.headSha);
    expect(checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "build", status: "completed", conclusion: "success", source: "check-run" }),
        expect.objectContaining({ name: "lint", status: "in_progress", conclusion: null, source: "check-run" }),
        expect.objectContaining({ name: "ci/legacy", status: "completed", conclusion: "success", source: "status", url: "https://ci.example/1", completedAt: expect.any(String) }),
        expect.objectContaining({ name: "deploy/preview", status: "pending", conclusion: null, source: "status", completedAt: null }),
      ]),
    );
    expect(checks).toHaveLength(4);
    expect((await forge.listPullRequests({ state: "open" })).map((p) => p.number)).toContain(opened.number);
  });

  it("merges at the reviewed sha, and refuses a stale sha with a Conflict without merging", async () => {
    const first = await gh.repo.commitToBranch("feature/coupons", { "src/coupons.ts": "export const coupons = [];\n" }, "Add coupons", { author: "alice" });
    const opened = await gh.repo.openPullRequest({ head: "feature/coupons", title: "Coupons", author: "alice" });
    const reviewed = (await forge.getPullRequest(opened.number)).headSha;
    expect(reviewed).toBe(first);
    const mainBefore = (await exec("git", ["--git-dir", gh.gitDir, "rev-parse", "main"])).stdout.trim();

    // Someone pushes after the review: the reviewed sha is now stale.
    await gh.repo.commitToBranch("feature/coupons", { "src/coupons.ts": "export const coupons = ['FREE'];\n" }, "Sneaky change", { author: "mallory" });
    const puts = gh.requests("PUT", /\/merge$/);
    const conflict = await caughtAppError(forge.mergePullRequest({ number: opened.number, sha: reviewed, method: "merge" }));
    expect(conflict.code).toBe(ErrorCode.Conflict);
    expect(conflict.retryable).toBe(false);
    expect(conflict.message).toContain("Head branch was modified");
    expect(gh.requests("PUT", /\/merge$/) - puts).toBe(1);
    expect((await exec("git", ["--git-dir", gh.gitDir, "rev-parse", "main"])).stdout.trim()).toBe(mainBefore);
    expect((await forge.getPullRequest(opened.number)).merged).toBe(false);

    const current = (await forge.getPullRequest(opened.number)).headSha;
    const result = await forge.mergePullRequest({ number: opened.number, sha: current, method: "merge" });
    expect(result.merged).toBe(true);
    const log = (await exec("git", ["--git-dir", gh.gitDir, "log", "-1", "--format=%H%n%P%n%s", "main"])).stdout.trim().split("\n");
    expect(log[0]).toBe(result.sha);
    expect(log[1]!.split(" ")).toEqual([mainBefore, current]);
    expect(log[2]).toBe(`Merge pull request #${opened.number} from ${OWNER}/feature/coupons`);
    expect((await exec("git", ["--git-dir", gh.gitDir, "show", "main:src/coupons.ts"])).stdout).toBe("export const coupons = ['FREE'];\n");
    expect(await forge.getPullRequest(opened.number)).toMatchObject({ merged: true, state: "closed", mergeCommitSha: result.sha });
  });

  it("does not let Octokit re-POST an issue after a 502, and reports it as retryable", async () => {
    const retrying = forgeFor(gh, { retries: 3, retryAfterBaseMs: 5 });
    const posts = gh.requests("POST", /\/issues$/);
    const issuesBefore = gh.repo.issues.size;
    gh.faults.failNext("POST", /\/issues$/, { status: 502, body: { message: "Server Error" } });
    const error = await caughtAppError(retrying.createIssue({ title: "Once only", body: "x" }));
    expect(error.code).toBe(ErrorCode.GithubApi);
    expect(error.retryable).toBe(true);
    expect(gh.requests("POST", /\/issues$/) - posts).toBe(1);
    expect(gh.repo.issues.size).toBe(issuesBefore);

    // Reads, on the other hand, are retried by the plugin and succeed.
    const gets = gh.requests("GET", /\/issues\/1$/);
    gh.faults.failNext("GET", /\/issues\/1$/, { status: 502 });
    expect((await retrying.getIssue(1)).number).toBe(1);
    expect(gh.requests("GET", /\/issues\/1$/) - gets).toBe(2);
  });

  it("maps 401, 404, rate limits and network errors", async () => {
    const wrongToken = forgeFor(gh, { auth: { kind: "token", token: "ghp_revoked" } });
    const unauthorised = await caughtAppError(wrongToken.getRepository());
    expect(unauthorised).toMatchObject({ code: ErrorCode.GithubApi, retryable: false });
    expect(unauthorised.message).toMatch(/GITHUB_TOKEN/);

    expect(await caughtAppError(forge.getIssue(424_242))).toMatchObject({ code: ErrorCode.NotFound, retryable: false });

    gh.faults.rateLimitNext(/\/issues\/1$/, 30);
    const primary = await caughtAppError(forge.getIssue(1));
    expect(primary).toMatchObject({ code: ErrorCode.RateLimited, retryable: true });
    expect(primary.retryAfterMs).toBeGreaterThan(28_000);
    expect(primary.retryAfterMs).toBeLessThanOrEqual(31_000);

    gh.faults.rateLimitNext(/\/issues\/1$/, 12, { kind: "secondary" });
    expect(await caughtAppError(forge.getIssue(1))).toMatchObject({ code: ErrorCode.RateLimited, retryable: true, retryAfterMs: 12_000 });

    gh.faults.rateLimitNext(/\/issues\/1$/, 7, { kind: "429" });
    expect(await caughtAppError(forge.getIssue(1))).toMatchObject({ code: ErrorCode.RateLimited, retryAfterMs: 7_000 });

    gh.faults.failNext("GET", /\/issues\/1$/, { status: 403, body: { message: "Resource not accessible by integration" } });
    const forbidden = await caughtAppError(forge.getIssue(1));
    expect(forbidden).toMatchObject({ code: ErrorCode.GithubApi, retryable: false });
    expect(forbidden.message).toMatch(/permission/);

    gh.faults.networkErrorNext("GET", /\/issues\/1$/);
    expect(await caughtAppError(forge.getIssue(1))).toMatchObject({ code: ErrorCode.GithubApi, retryable: true });
  });

  it("lets the throttling plugin wait out a rate limit when throttling is on", async () => {
    const throttled = forgeFor(gh, { throttle: true });
    const gets = gh.requests("GET", /\/issues\/1$/);
    gh.faults.rateLimitNext(/\/issues\/1$/, 0);
    expect((await throttled.getIssue(1)).number).toBe(1);
    expect(gh.requests("GET", /\/issues\/1$/) - gets).toBe(2);
  });

  it("checks write access through the collaborator permission endpoint", async () => {
    gh.repo.setPermission("maria", "maintain");
    gh.repo.setPermission("wes", "write");
    gh.repo.setPermission("rick", "read");
    gh.repo.setPermission("tina", "triage");
    expect(await forge.hasWriteAccess("acme")).toBe(true); // the owner is admin
    expect(await forge.hasWriteAccess("maria")).toBe(true);
    expect(await forge.hasWriteAccess("wes")).toBe(true);
    expect(await forge.hasWriteAccess("rick")).toBe(false);
    expect(await forge.hasWriteAccess("tina")).toBe(false);
    expect(await forge.hasWriteAccess("nobody-knows-me")).toBe(false); // 404
  });

  it("authenticates as a GitHub App installation", async () => {
    const { gh: appGh, auth } = await startFakeGithubApp({ owner: OWNER, repo: REPO });
    try {
      await appGh.repo.seed({ files: { "README.md": "app\n" } });
      const appForge = forgeFor(appGh, { auth });
      const issue = await appForge.createIssue({ title: "From the app", body: "hi" });
      expect(issue.author).toBe("shopfloor[bot]");
      expect((await appForge.getRepository()).permissions.push).toBe(true);
      expect(appGh.requests("POST", /\/app\/installations\/77\/access_tokens$/)).toBe(1); // token cached

      const wrongApp = forgeFor(appGh, { auth: { ...auth, appId: "9999" } });
      expect(await caughtAppError(wrongApp.getRepository())).toMatchObject({ code: ErrorCode.GithubApi, retryable: false });
    } finally {
      await appGh.close();
    }
  });
});
