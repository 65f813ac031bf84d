import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecutors } from "../../../src/core/effects/create-executors.js";
import { ErrorCode } from "../../../src/core/errors.js";
import { githubMarker } from "../../../src/core/ids.js";
import type { ForgePort } from "../../../src/core/ports/forge-port.js";
import { startFakeGithub, type FakeGithub, type RepoEvent } from "../../../src/sandbox/fake-github/index.js";
import { FakeChat } from "../../fakes/fake-ports.js";
import { caughtAppError } from "../../support/caught.js";
import { forgeFor } from "../../support/fake-github.js";

const OWNER = "acme";
const REPO = "merge-it";
const BOT = "shopfloor-bot";

describe("Octokit forge adapter: deleting branches and reverting merged pull requests against the fake GitHub", () => {
  let gh: FakeGithub;
  let forge: ForgePort;
  const events: RepoEvent[] = [];

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_test", login: BOT });
    await gh.repo.seed({ files: { "README.md": "# Shop\n", "src/price.ts": "export const price = 10;\n", "src/tax.ts": "export const tax = 0.2;\n" } });
    gh.repo.onEvent((e) => events.push(e));
    forge = forgeFor(gh);
  });

  afterAll(async () => {
    await gh?.close();
  });

  /** alice's PR with one commit per entry of `commits`, merged through the adapter as a person would approve it. */
  async function mergedPullRequest(branch: string, commits: Record<string, string>[], method: "merge" | "squash" | "rebase" = "merge") {
    let headSha = "";
    for (const [i, files] of commits.entries()) headSha = await gh.repo.commitToBranch(branch, files, `Change ${i + 1} on ${branch}`, { author: "alice" });
    const pr = await gh.repo.openPullRequest({ head: branch, title: `Work on ${branch}`, author: "alice" });
    const merge = await forge.mergePullRequest({ number: pr.number, sha: headSha, method });
    expect(merge.merged).toBe(true);
    return { number: pr.number, headSha, mergeSha: merge.sha };
  }

  it("opens a revert PR whose diff undoes the merge, and merging it restores the file", async () => {
    const pr = await mergedPullRequest("feature/discount", [{ "src/price.ts": "export const price = 8;\n" }]);
    expect(await forge.getFileText("src/price.ts")).toBe("export const price = 8;\n");
    await gh.repo.eventsSettled();
    events.length = 0;

    const revert = await forge.createRevertPullRequest(pr.number, { title: "Revert the discount", body: "Checkout totals were wrong after #" + pr.number });

    expect(revert).toMatchObject({
      title: "Revert the discount",
      body: `Checkout totals were wrong after #${pr.number}`,
      state: "open",
      merged: false,
      draft: false,
      headRef: `revert-${pr.number}-feature/discount`,
      baseRef: "main",
      author: BOT,
      mergeable: true,
      changedFiles: 1,
    });
    expect(revert.number).toBeGreaterThan(pr.number);
    const files = await forge.listPullRequestFiles(revert.number);
    expect(files).toEqual([
      { path: "src/price.ts", status: "modified", additions: 1, deletions: 1, patch: "@@ -1 +1 @@\n-export const price = 8;\n+export const price = 10;" },
    ]);
    // The reverted PR is untouched.
    expect(await forge.getPullRequest(pr.number)).toMatchObject({ merged: true, state: "closed", mergeCommitSha: pr.mergeSha });

    // Webhooks as for any PR: the new branch is pushed, then the PR is opened.
    await gh.repo.eventsSettled();
    expect(events.map((e) => [e.name, e.action ?? null])).toEqual([
      ["push", null],
      ["pull_request", "opened"],
    ]);
    expect(events[0]!.payload).toMatchObject({ ref: `refs/heads/revert-${pr.number}-feature/discount`, after: revert.headSha });
    expect(events[1]!.payload).toMatchObject({ number: revert.number, pull_request: { head: { ref: revert.headRef } } });

    const merged = await forge.mergePullRequest({ number: revert.number, sha: revert.headSha, method: "squash" });
    expect(merged.merged).toBe(true);
    expect(await forge.getFileText("src/price.ts")).toBe("export const price = 10;\n");
  });

  it("reverts every commit of a rebase-merged PR, not only the last one", async () => {
    const pr = await mergedPullRequest("feature/tax-and-readme", [{ "src/tax.ts": "export const tax = 0.25;\n" }, { "README.md": "# Shop\n\nNow with tax.\n" }], "rebase");
    expect(await forge.getFileText("src/tax.ts")).toBe("export const tax = 0.25;\n");

    const revert = await forge.createRevertPullRequest(pr.number, { title: "Revert tax", body: "Tax is decided elsewhere." });
    expect((await forge.listPullRequestFiles(revert.number)).map((f) => f.path).sort()).toEqual(["README.md", "src/tax.ts"]);

    await forge.mergePullRequest({ number: revert.number, sha: revert.headSha, method: "merge" });
    expect(await forge.getFileText("src/tax.ts")).toBe("export const tax = 0.2;\n");
    expect(await forge.getFileText("README.md")).toBe("# Shop\n");
  });

  it("refuses to revert a PR that is not merged, opening nothing", async () => {
    const headSha = await gh.repo.commitToBranch("feature/open", { "src/open.ts": "export const open = true;\n" }, "Open work", { author: "alice" });
    const open = await gh.repo.openPullRequest({ head: "feature/open", title: "Still open", author: "alice" });
    const before = await forge.listPullRequests({ state: "all" });

    const error = await caughtAppError(forge.createRevertPullRequest(open.number, { title: "Revert", body: "x" }));
    expect(error).toMatchObject({ code: ErrorCode.GithubApi, retryable: false });
    expect(error.message).toContain(`revert #${open.number}`);
    expect(error.message).toContain("must be merged");
    expect(await forge.listPullRequests({ state: "all" })).toHaveLength(before.length);
    expect((await gh.repo.git.branches()).map((b) => b.name).filter((n) => n.startsWith(`revert-${open.number}-`))).toEqual([]);
    expect((await forge.getPullRequest(open.number)).headSha).toBe(headSha);
  });

  it("refuses a revert that conflicts with later changes on the base branch", async () => {
    const pr = await mergedPullRequest("feature/price-12", [{ "src/price.ts": "export const price = 12;\n" }]);
    // Someone changed the same line after the merge: undoing the PR no longer applies cleanly.
    await gh.repo.commitToBranch("main", { "src/price.ts": "export const price = 15;\n" }, "Price 15", { author: "carol" });

    const error = await caughtAppError(forge.createRevertPullRequest(pr.number, { title: "Revert price", body: "x" }));
    expect(error.code).toBe(ErrorCode.GithubApi);
    expect(error.message).toContain("couldn’t be reverted automatically");
    expect((await gh.repo.git.branches()).map((b) => b.name)).not.toContain(`revert-${pr.number}-feature/price-12`);
    expect(await forge.getFileText("src/price.ts")).toBe("export const price = 15;\n");
  });

  it("answers NotFound for a PR that does not exist", async () => {
    const error = await caughtAppError(forge.createRevertPullRequest(9999, { title: "Revert", body: "x" }));
    expect(error.code).toBe(ErrorCode.NotFound);
  });

  it("deletes a merged PR's branch, and deleting it again succeeds", async () => {
    await mergedPullRequest("feature/cleanup", [{ "src/cleanup.ts": "export const cleanup = 1;\n" }]);
    expect(await gh.repo.git.branchSha("feature/cleanup")).not.toBeNull();
    const deletes = gh.requests("DELETE", /\/git\/refs\/heads/);

    await forge.deleteBranch("feature/cleanup");
    expect(await gh.repo.git.branchSha("feature/cleanup")).toBeNull();
    await forge.deleteBranch("feature/cleanup");

    expect(gh.requests("DELETE", /\/git\/refs\/heads/) - deletes).toBe(2);
    // GitHub's answer to the second DELETE, which the adapter counts as done.
    expect(gh.requestLog.filter((r) => r.method === "DELETE").slice(-2).map((r) => r.status)).toEqual([204, 422]);
  });

  it("closes an open PR whose head branch it deletes, as GitHub does", async () => {
    await gh.repo.commitToBranch("feature/abandoned", { "src/abandoned.ts": "x\n" }, "Abandoned", { author: "alice" });
    const open = await gh.repo.openPullRequest({ head: "feature/abandoned", title: "Abandoned", author: "alice" });
    await forge.deleteBranch("feature/abandoned");
    expect(await forge.getPullRequest(open.number)).toMatchObject({ state: "closed", merged: false });
  });

  it("still fails on any other refusal to delete", async () => {
    await gh.repo.createBranch("release/1.0");
    gh.faults.failNext("DELETE", /\/git\/refs\/heads(\/|%2F)release/, { status: 422, body: { message: "Reference update failed" } });
    const error = await caughtAppError(forge.deleteBranch("release/1.0"));
    expect(error.message).toContain("Reference update failed");
    expect(await gh.repo.git.branchSha("release/1.0")).not.toBeNull();
  });

  describe("merge executors through the real adapter", () => {
    it("opens one revert PR carrying the marker, and finds it when the answer was lost", async () => {
      const pr = await mergedPullRequest("feature/exec-revert", [{ "src/exec.ts": "export const exec = 1;\n" }]);
      const executors = createExecutors({ chat: new FakeChat(), forge });
      const key = `verify:${OWNER}/${REPO}#${pr.number}/revert`;
      const input = { number: pr.number, title: `Revert #${pr.number}`, body: "The smoke check failed after the merge." };

      const revert = await executors["github.revert-pr"](input, { key, priorAttempts: 0 });
      expect(revert.body).toBe(`The smoke check failed after the merge.\n\n${githubMarker(key)}`);
      expect((await forge.getPullRequest(revert.number)).body).toBe(revert.body);

      const mutations = gh.requests("POST", /^\/graphql$/);
      const again = await executors["github.revert-pr"](input, { key, priorAttempts: 1 });
      expect(again.number).toBe(revert.number);
      expect(gh.requests("POST", /^\/graphql$/) - mutations).toBe(0);
      expect((await forge.listPullRequests({ state: "open" })).filter((p) => p.headRef.startsWith(`revert-${pr.number}-`))).toHaveLength(1);
    });

    it("deletes a branch through the executor, twice without error", async () => {
      await mergedPullRequest("feature/exec-delete", [{ "src/exec-delete.ts": "x\n" }]);
      const executors = createExecutors({ chat: new FakeChat(), forge });
      expect(await executors["github.delete-branch"]({ branch: "feature/exec-delete" }, { key: "d1", priorAttempts: 0 })).toEqual({ ok: true });
      expect(await executors["github.delete-branch"]({ branch: "feature/exec-delete" }, { key: "d1", priorAttempts: 1 })).toEqual({ ok: true });
      expect(await gh.repo.git.branchSha("feature/exec-delete")).toBeNull();
    });
  });
});
