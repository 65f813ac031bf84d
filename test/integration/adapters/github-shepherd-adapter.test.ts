import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecutors } from "../../../src/core/effects/create-executors.js";
import { ErrorCode } from "../../../src/core/errors.js";
import type { ForgePort } from "../../../src/core/ports/forge-port.js";
import { startFakeGithub, type FakeGithub } from "../../../src/sandbox/fake-github/index.js";
import { FakeChat, FakeForge } from "../../fakes/fake-ports.js";
import { caughtAppError, expectSameAppError } from "../../support/caught.js";
import { forgeFor } from "../../support/fake-github.js";

const exec = promisify(execFile);
const OWNER = "acme";
const REPO = "shepherd-it";
const BOT = "shopfloor-bot";

describe("Octokit forge adapter: what the shepherd does to a stuck PR, against the fake GitHub", () => {
  let gh: FakeGithub;
  let forge: ForgePort;
  let branchSeq = 0;

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_test", login: BOT });
    await gh.repo.seed({ files: { "README.md": "# Shop\n", "src/price.ts": "export const price = 10;\n" } });
    // GitHub reports "behind" only when branch protection wants branches up to date.
    gh.repo.protection.requireUpToDate = true;
    forge = forgeFor(gh);
  });

  afterAll(async () => {
    await gh?.close();
  });

  /** alice's PR on a new branch, then a commit on main the branch does not have. */
  async function behindPullRequest() {
    const branch = `feature/behind-${++branchSeq}`;
    const head = await gh.repo.commitToBranch(branch, { [`src/feature-${branchSeq}.ts`]: "export const on = true;\n" }, "Add the feature", { author: "alice" });
    const opened = await gh.repo.openPullRequest({ head: branch, title: `Feature ${branchSeq}`, author: "alice" });
    const mainSha = await gh.repo.commitToBranch("main", { [`docs/note-${branchSeq}.md`]: "note\n" }, "Document", { author: "carol" });
    return { number: opened.number, head, mainSha, branch };
  }

  it("updates a branch that is behind its base: the new head merges the base in, and the PR is no longer behind", async () => {
    const pr = await behindPullRequest();
    expect(await forge.getPullRequest(pr.number)).toMatchObject({ headSha: pr.head, mergeableState: "behind" });

    await forge.updateBranch(pr.number, pr.head);

    const after = await forge.getPullRequest(pr.number);
    expect(after.headSha).not.toBe(pr.head);
    expect(after.mergeableState).toBe("clean");
    const parents = (await exec("git", ["--git-dir", gh.gitDir, "rev-list", "--parents", "-n", "1", after.headSha])).stdout.trim().split(" ").slice(1);
    expect(parents).toEqual([pr.head, pr.mainSha]);
    expect(await forge.getFileText(`docs/note-${branchSeq}.md`, after.headSha)).toBe("note\n");
  });

  it("refuses to update when the head moved since it was looked at, and leaves the branch alone", async () => {
    const pr = await behindPullRequest();
    const pushed = await gh.repo.commitToBranch(pr.branch, { "src/late.ts": "export const late = 1;\n" }, "Late push", { author: "alice" });

    const error = await caughtAppError(forge.updateBranch(pr.number, pr.head));

    expect(error).toMatchObject({ code: ErrorCode.Conflict, retryable: false });
    expect(error.message).toBe(`GitHub update branch of #${pr.number} was refused: the head is no longer ${pr.head.slice(0, 12)} (someone pushed since)`);
    expect(await forge.getPullRequest(pr.number)).toMatchObject({ headSha: pushed, mergeableState: "behind" });
  });

  it("counts a branch that is already up to date as updated", async () => {
    const pr = await behindPullRequest();
    await forge.updateBranch(pr.number, pr.head);
    const updated = (await forge.getPullRequest(pr.number)).headSha;

    await forge.updateBranch(pr.number, updated);

    expect((await forge.getPullRequest(pr.number)).headSha).toBe(updated);
  });

  it("the update-branch effect, repeated after a lost answer, finds the branch updated instead of being refused", async () => {
    const pr = await behindPullRequest();
    const executors = createExecutors({ chat: new FakeChat(), forge });
    const ctx = { key: `gh-pr:${OWNER}/${REPO}#${pr.number}/shepherd/update-branch`, priorAttempts: 0 };
    expect(await executors["github.update-branch"]({ number: pr.number, expectedHeadSha: pr.head }, ctx)).toEqual({ ok: true });
    const updated = (await forge.getPullRequest(pr.number)).headSha;
    const puts = gh.requests("PUT", /\/update-branch$/);

    expect(await executors["github.update-branch"]({ number: pr.number, expectedHeadSha: pr.head }, { ...ctx, priorAttempts: 1 })).toEqual({ ok: true });

    expect(gh.requests("PUT", /\/update-branch$/)).toBe(puts);
    expect((await forge.getPullRequest(pr.number)).headSha).toBe(updated);
  });

  it("re-runs a failed check run: a new attempt of the same check is queued on the head", async () => {
    const head = await gh.repo.commitToBranch("feature/flaky", { "src/flaky.ts": "export const flaky = true;\n" }, "Flaky", { author: "alice" });
    await gh.repo.setCheck(head, "ci/test", "failure");
    const [failed] = await forge.listChecks(head);
    expect(failed).toMatchObject({ name: "ci/test", status: "completed", conclusion: "failure", source: "check-run" });

    await forge.rerequestCheckRun(failed!.id!);

    const [again] = await forge.listChecks(head);
    expect(again).toMatchObject({ name: "ci/test", status: "queued", conclusion: null, completedAt: null });
    expect(again!.id).not.toBe(failed!.id);
    const rerequested = await caughtAppError(forge.rerequestCheckRun(987_654_321));
    expect(rerequested.code).toBe(ErrorCode.NotFound);
  });
});

describe("FakeForge plays GitHub's part in shepherd tests", () => {
  let gh: FakeGithub;
  let forge: ForgePort;

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_test", login: BOT });
    await gh.repo.seed({ files: { "src/price.ts": "export const price = 10;\n" } });
    forge = forgeFor(gh);
  });

  afterAll(async () => {
    await gh?.close();
  });

  it("refuses what GitHub refuses, with the same AppError", async () => {
    const head = await gh.repo.commitToBranch("feature/clash", { "src/price.ts": "export const price = 8;\n" }, "Cheaper", { author: "alice" });
    const clash = await gh.repo.openPullRequest({ head: "feature/clash", title: "Cheaper", author: "alice" });
    await gh.repo.commitToBranch("main", { "src/price.ts": "export const price = 12;\n" }, "Dearer", { author: "carol" });
    const running = await gh.repo.setCheck(head, "ci/test", null);
    const fake = new FakeForge({ botLogin: BOT });
    const fakeClash = fake.addPullRequest({ title: "Cheaper", headSha: head, author: "alice", mergeable: false, mergeableState: "dirty" });
    fake.setChecks(head, [{ name: "ci/test", status: "in_progress", conclusion: null, source: "check-run", id: running.id }]);
    const [moved, fakeMoved] = await expectSameAppError(() => forge.updateBranch(clash.number, "f".repeat(40)), () => fake.updateBranch(fakeClash.number, "f".repeat(40)));
    expect(fakeMoved.message).toBe(moved.message.replace(`#${clash.number}`, `#${fakeClash.number}`));
    await expectSameAppError(() => forge.updateBranch(clash.number, head), () => fake.updateBranch(fakeClash.number, head));
    await expectSameAppError(() => forge.rerequestCheckRun(running.id), () => fake.rerequestCheckRun(running.id));
    await expectSameAppError(() => forge.rerequestCheckRun(4_242_424), () => fake.rerequestCheckRun(4_242_424));
    await expectSameAppError(() => forge.listTimeline(9_999), () => fake.listTimeline(9_999));
    expect(fake.branchUpdates).toEqual([]);
    expect(fake.rerequested).toEqual([]);
  });

  it("records branch updates and re-runs, and serves seeded timelines", async () => {
    const fake = new FakeForge({ botLogin: BOT });
    const pr = fake.addPullRequest({ title: "Behind", headSha: "a".repeat(40), author: "alice", mergeableState: "behind" });
    const upToDate = fake.addPullRequest({ title: "Fine", headSha: "b".repeat(40), author: "alice" });
    fake.setChecks(pr.headSha, [
      { name: "ci/test", status: "completed", conclusion: "failure", source: "check-run", id: 71, startedAt: "2026-01-15T08:00:00.000Z", completedAt: "2026-01-15T08:10:00.000Z" },
      { name: "lint", status: "completed", conclusion: "success", source: "check-run", id: 72 },
    ]);

    await fake.updateBranch(pr.number, pr.headSha);
    await fake.updateBranch(upToDate.number, upToDate.headSha);
    await fake.rerequestCheckRun(71);

    expect(fake.branchUpdates).toEqual([{ number: pr.number, expectedHeadSha: pr.headSha }]);
    const updated = await fake.getPullRequest(pr.number);
    expect(updated.headSha).not.toBe(pr.headSha);
    expect(updated.mergeableState).toBe("clean");
    expect((await fake.getPullRequest(upToDate.number)).headSha).toBe(upToDate.headSha);
    expect(fake.rerequested).toEqual([71]);
    expect(await fake.listChecks(pr.headSha)).toEqual([
      { name: "ci/test", status: "queued", conclusion: null, source: "check-run", id: 71, startedAt: "2026-01-15T10:00:00.000Z", completedAt: null },
      { name: "lint", status: "completed", conclusion: "success", source: "check-run", id: 72 },
    ]);

    const events = ["committed", "reviewed", "labeled"].map((event, i) => ({ event, actor: "alice", at: `2026-01-15T0${i}:00:00Z`, detail: event }));
    fake.timelines.set(pr.number, events);
    expect(await fake.listTimeline(pr.number)).toEqual(events);
    expect(await fake.listTimeline(pr.number, 2)).toEqual(events.slice(1));
    expect(await fake.listTimeline(upToDate.number)).toEqual([]);
  });
});

describe("Octokit forge adapter: check times, against a fake GitHub with a settable clock", () => {
  let gh: FakeGithub;
  let forge: ForgePort;
  let now = new Date("2026-01-15T09:00:00Z");

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_test", login: BOT, clock: () => now });
    await gh.repo.seed({ files: { "README.md": "# Shop\n" } });
    forge = forgeFor(gh);
  });

  afterAll(async () => {
    await gh?.close();
  });

  it("gives check runs their id and times, and a status the time its pending run began and the time of its verdict", async () => {
    const head = await gh.repo.commitToBranch("feature/times", { "src/t.ts": "export const t = 1;\n" }, "Times", { author: "alice" });
    const build = await gh.repo.setCheck(head, "build", null);
    await gh.repo.setStatus(head, "ci/legacy", "failure");
    now = new Date("2026-01-15T09:05:00Z");
    await gh.repo.setStatus(head, "ci/legacy", "pending");
    now = new Date("2026-01-15T09:07:00Z");
    await gh.repo.setStatus(head, "ci/legacy", "pending");
    await gh.repo.setStatus(head, "deploy/preview", "pending");
    now = new Date("2026-01-15T09:20:00Z");
    await gh.repo.setStatus(head, "ci/legacy", "success");
    await gh.repo.setCheck(head, "build", "failure");

    const checks = await forge.listChecks(head);

    expect(checks).toEqual([
      { name: "build", status: "completed", conclusion: "failure", source: "check-run", url: expect.any(String), id: build.id, startedAt: "2026-01-15T09:00:00Z", completedAt: "2026-01-15T09:20:00Z" },
      { name: "ci/legacy", status: "completed", conclusion: "success", source: "status", startedAt: "2026-01-15T09:05:00Z", completedAt: "2026-01-15T09:20:00Z" },
      { name: "deploy/preview", status: "pending", conclusion: null, source: "status", startedAt: "2026-01-15T09:07:00Z", completedAt: null },
    ]);
  });
});

describe("Octokit forge adapter: a PR's timeline, against the fake GitHub", () => {
  let gh: FakeGithub;
  let forge: ForgePort;

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_test", login: BOT });
    await gh.repo.seed({ files: { "README.md": "# Shop\n", "src/price.ts": "export const price = 10;\n" } });
    forge = forgeFor(gh);
  });

  afterAll(async () => {
    await gh?.close();
  });

  it("lists a commit, a review, a label and a comment in order, each reduced to what a person reads", async () => {
    const sha = await gh.repo.commitToBranch("feature/codes", { "src/price.ts": "export const price = 8;\n" }, "Add discount codes\n\nTen percent off with SAVE10.", { author: "alice" });
    const pr = await gh.repo.openPullRequest({ head: "feature/codes", title: "Discount codes", author: "alice" });
    const review = await gh.repo.pulls.createReview(pr.number, { event: "REQUEST_CHANGES", body: "Codes must expire." }, "dave");
    await forge.addLabels(pr.number, ["risk:low"]);
    const longText = "Could we also log which code was used? Finance asks for it every month and today they grep the access logs by hand.";
    const comment = gh.repo.createComment(pr.number, longText, "erin");
    const labelEvent = gh.repo.issueEvents.find((e) => e.issueNumber === pr.number && e.event === "labeled")!;

    const timeline = await forge.listTimeline(pr.number);

    expect(timeline).toEqual([
      { event: "committed", actor: "alice", at: expect.any(String), detail: `${sha.slice(0, 7)} Add discount codes` },
      { event: "reviewed", actor: "dave", at: review.submittedAt, detail: "changes requested" },
      { event: "labeled", actor: BOT, at: labelEvent.createdAt, detail: "risk:low" },
      { event: "commented", actor: "erin", at: comment.createdAt, detail: longText.slice(0, 80) },
    ]);
    expect(Number.isNaN(Date.parse(timeline[0]!.at!))).toBe(false);
    expect(longText.length).toBeGreaterThan(80);
  });

  it("keeps the most recent events when there are more than asked for, reading from the last page back", async () => {
    await gh.repo.commitToBranch("feature/busy", { "src/busy.ts": "export const busy = true;\n" }, "Busy", { author: "alice" });
    const pr = await gh.repo.openPullRequest({ head: "feature/busy", title: "Busy", author: "alice" });
    for (let i = 0; i < 130; i++) gh.repo.addLabels(pr.number, [`round-${i}`], "carol");
    await forge.removeLabel(pr.number, "round-0");
    const pages = gh.requests("GET", /\/timeline$/);

    const recent = await forge.listTimeline(pr.number);

    // 1 commit + 130 labels + 1 unlabel = 132 events on two pages of 100: page 1 (to find the last), then page 2.
    expect(gh.requests("GET", /\/timeline$/) - pages).toBe(2);
    expect(recent).toHaveLength(100);
    expect(recent.at(-1)).toMatchObject({ event: "unlabeled", actor: BOT, detail: "round-0" });
    expect(recent[0]).toMatchObject({ event: "labeled", actor: "carol", detail: "round-31" });
    expect(recent.slice(0, -1).map((e) => e.detail)).toEqual(Array.from({ length: 99 }, (_, i) => `round-${i + 31}`));

    const all = await forge.listTimeline(pr.number, 500);
    expect(all).toHaveLength(132);
    expect(all[0]).toMatchObject({ event: "committed", actor: "alice" });
    expect((await forge.listTimeline(pr.number, 3)).map((e) => e.detail)).toEqual(["round-128", "round-129", "round-0"]);
    expect(await forge.listTimeline(pr.number, 0)).toEqual([]);
  });

  it("records merges and closing on the timeline", async () => {
    const head = await gh.repo.commitToBranch("feature/merge-me", { "src/merge.ts": "export const m = 1;\n" }, "Merge me", { author: "alice" });
    const pr = await gh.repo.openPullRequest({ head: "feature/merge-me", title: "Merge me", author: "alice" });
    await forge.mergePullRequest({ number: pr.number, sha: head, method: "merge" });

    expect((await forge.listTimeline(pr.number)).map((e) => [e.event, e.actor, e.detail])).toEqual([
      ["committed", "alice", `${head.slice(0, 7)} Merge me`],
      ["merged", BOT, "merged"],
      ["closed", BOT, "closed"],
    ]);
  });

  it("reports an unknown issue as not found", async () => {
    const error = await caughtAppError(forge.listTimeline(9_999));
    expect(error.code).toBe(ErrorCode.NotFound);
  });
});
