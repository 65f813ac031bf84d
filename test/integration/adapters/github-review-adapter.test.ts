import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecutors } from "../../../src/core/effects/create-executors.js";
import { ErrorCode } from "../../../src/core/errors.js";
import { githubMarker } from "../../../src/core/ids.js";
import type { ForgePort } from "../../../src/core/ports/forge-port.js";
import { startFakeGithub, type FakeGithub } from "../../../src/sandbox/fake-github/index.js";
import { FakeChat, FakeForge } from "../../fakes/fake-ports.js";
import { caughtAppError, expectSameAppError } from "../../support/caught.js";
import { forgeFor, startFakeGithubApp } from "../../support/fake-github.js";

const OWNER = "acme";
const REPO = "review-it";
const BOT = "shopfloor-bot";

/** Twenty numbered lines: a change to line 10 gives the hunk 7–13 (three lines of context). */
const CART = Array.from({ length: 20 }, (_, i) => `export const line${i + 1} = ${i + 1};`).join("\n") + "\n";
const LEGACY = "export const legacy = true;\nexport const kept = 'same content, new name';\n";

describe("Octokit forge adapter: pull request files, comparisons and reviews against the fake GitHub", () => {
  let gh: FakeGithub;
  let forge: ForgePort;

  beforeAll(async () => {
    gh = await startFakeGithub({ owner: OWNER, repo: REPO, token: "ghp_test" });
    await gh.repo.seed({ files: { "README.md": "# Shop\n", "src/cart.ts": CART, "src/old-name.ts": LEGACY } });
    forge = forgeFor(gh);
  });

  afterAll(async () => {
    await gh?.close();
  });

  /** alice's PR: line 10 of the cart changed, a new three-line file, a rename. */
  async function alicePullRequest(branch: string, author = "alice"): Promise<{ number: number; headSha: string }> {
    const headSha = await gh.repo.commitToBranch(
      branch,
      {
        "src/cart.ts": CART.replace("line10 = 10;", "line10 = 100;"),
        "src/coupons.ts": "export const a = 1;\nexport const b = 2;\nexport const c = 3;\n",
        "src/old-name.ts": null,
        "src/legacy.ts": LEGACY,
      },
      "Cart, coupons, rename",
      { author },
    );
    const pr = await gh.repo.openPullRequest({ head: branch, title: `PR from ${branch}`, author });
    return { number: pr.number, headSha };
  }

  /** A PR adding `count` one-line files gen/f<i>.txt. */
  async function manyFilesPullRequest(branch: string, count: number): Promise<{ number: number; headSha: string }> {
    const files: Record<string, string> = {};
    for (let i = 0; i < count; i++) files[`gen/f${i}.txt`] = `file ${i}\n`;
    const headSha = await gh.repo.commitToBranch(branch, files, "Many files", { author: "alice" });
    const pr = await gh.repo.openPullRequest({ head: branch, title: `Many files on ${branch}`, author: "alice" });
    return { number: pr.number, headSha };
  }

  it("lists every file of a pull request with its patch, renames with the old path", async () => {
    const pr = await alicePullRequest("feature/files");
    const files = await forge.listPullRequestFiles(pr.number);
    expect(files.map((f) => f.path).sort()).toEqual(["src/cart.ts", "src/coupons.ts", "src/legacy.ts"]);
    const cart = files.find((f) => f.path === "src/cart.ts")!;
    expect(cart).toMatchObject({ status: "modified", additions: 1, deletions: 1 });
    expect(cart.patch).toContain("@@ -7,7 +7,7 @@");
    expect(cart.patch).toContain("-export const line10 = 10;\n+export const line10 = 100;");
    expect(files.find((f) => f.path === "src/coupons.ts")).toEqual({
      path: "src/coupons.ts",
      status: "added",
      additions: 3,
      deletions: 0,
      patch: "@@ -0,0 +1,3 @@\n+export const a = 1;\n+export const b = 2;\n+export const c = 3;",
    });
    expect(files.find((f) => f.path === "src/legacy.ts")).toMatchObject({ status: "renamed", previousPath: "src/old-name.ts", additions: 0, deletions: 0 });
  });

  it("pages through more than 100 files", async () => {
    const pr = await manyFilesPullRequest("feature/many-files", 150);
    const before = gh.requests("GET", /\/pulls\/\d+\/files$/);
    const files = await forge.listPullRequestFiles(pr.number);
    expect(files).toHaveLength(150);
    expect(new Set(files.map((f) => f.path)).size).toBe(150);
    expect(files.find((f) => f.path === "gen/f149.txt")).toEqual({ path: "gen/f149.txt", status: "added", additions: 1, deletions: 0, patch: "@@ -0,0 +1 @@\n+file 149" });
    expect(gh.requests("GET", /\/pulls\/\d+\/files$/) - before).toBe(2);
  });

  it("compares commits: ahead with the incremental files, diverged, identical, and unknown", async () => {
    const first = await gh.repo.commitToBranch("feature/compare", { "src/a.ts": "a\n" }, "A", { author: "alice" });
    const second = await gh.repo.commitToBranch("feature/compare", { "src/b.ts": "b\n", "src/a.ts": "a2\n" }, "B", { author: "alice" });

    // What changed since the last reviewed head: only the second push.
    const incremental = await forge.compareCommits(first, second);
    expect(incremental.status).toBe("ahead");
    expect(incremental.aheadBy).toBe(1);
    expect(incremental.files.map((f) => [f.path, f.status]).sort()).toEqual([
      ["src/a.ts", "modified"],
      ["src/b.ts", "added"],
    ]);
    expect(incremental.files.find((f) => f.path === "src/a.ts")?.patch).toContain("-a\n+a2");

    expect(await forge.compareCommits("main", "feature/compare")).toMatchObject({ status: "ahead", aheadBy: 2 });
    expect(await forge.compareCommits(second, second)).toEqual({ status: "identical", aheadBy: 0, files: [] });

    // A force-push rewrote the branch: the old head is no ancestor of the new one.
    const rewritten = await gh.repo.commitToBranch("feature/rewritten", { "src/c.ts": "c\n" }, "C", { author: "alice" });
    const diverged = await forge.compareCommits(second, rewritten);
    expect(diverged.status).toBe("diverged");
    expect(diverged.aheadBy).toBe(1);
    expect(diverged.files.map((f) => f.path)).toEqual(["src/c.ts"]);

    expect(await caughtAppError(forge.compareCommits(first, "f".repeat(40)))).toMatchObject({ code: ErrorCode.NotFound, retryable: false });
  });

  it("reads a file at a ref, null for a path absent there, and refuses a ref that names no commit", async () => {
    const pr = await alicePullRequest("feature/read-at-ref");
    expect(await forge.getFileText("src/coupons.ts", pr.headSha)).toBe("export const a = 1;\nexport const b = 2;\nexport const c = 3;\n");
    expect(await forge.getFileText("src/cart.ts", "feature/read-at-ref")).toContain("line10 = 100;");
    expect(await forge.getFileText("src/cart.ts", "main")).toContain("line10 = 10;");
    expect(await forge.getFileText("src/cart.ts")).toContain("line10 = 10;");
    expect(await forge.getFileText("src/coupons.ts", "main")).toBeNull();
    expect(await forge.getFileText("src/old-name.ts", pr.headSha)).toBeNull();
    const unknown = await caughtAppError(forge.getFileText("src/cart.ts", "no-such-branch"));
    expect(unknown).toMatchObject({ code: ErrorCode.NotFound, retryable: false });
    expect(unknown.message).toContain("No commit found for the ref no-such-branch");
  });

  it("submits a review with inline comments, lists its threads, replies and resolves", async () => {
    const pr = await alicePullRequest("feature/review");
    const review = await forge.createReview({
      number: pr.number,
      commitId: pr.headSha,
      event: "REQUEST_CHANGES",
      body: "Two problems.",
      comments: [
        { path: "src/cart.ts", line: 10, body: "Why 100?" },
        { path: "src/coupons.ts", startLine: 1, line: 3, body: "These three are unused." },
        { path: "src/coupons.ts", startLine: 2, line: 2, body: "A one-line range." },
      ],
    });
    expect(review).toMatchObject({ author: BOT, state: "CHANGES_REQUESTED", commitId: pr.headSha, body: "Two problems." });
    expect(review.submittedAt).toEqual(expect.any(String));
    expect(await forge.listReviews(pr.number)).toEqual([review]);

    const threads = await forge.listReviewThreads(pr.number);
    expect(threads).toHaveLength(3);
    const cartThread = threads.find((t) => t.path === "src/cart.ts")!;
    expect(cartThread).toMatchObject({ isResolved: false, isOutdated: false, line: 10, originalLine: 10, startLine: null });
    expect(cartThread.comments).toEqual([{ id: expect.any(Number), author: BOT, body: "Why 100?" }]);
    expect(threads.find((t) => t.comments[0]!.body === "These three are unused.")).toMatchObject({ path: "src/coupons.ts", line: 3, startLine: 1 });
    expect(threads.find((t) => t.comments[0]!.body === "A one-line range.")).toMatchObject({ line: 2, startLine: null });

    const rootId = cartThread.comments[0]!.id;
    await gh.repo.pulls.reply(pr.number, rootId, "Because the spec says so.", "alice");
    const reply = await forge.replyToReviewComment(pr.number, rootId, "Then please cite it.");
    const afterReply = (await forge.listReviewThreads(pr.number)).find((t) => t.id === cartThread.id)!;
    expect(afterReply.comments.map((c) => [c.author, c.body])).toEqual([
      [BOT, "Why 100?"],
      ["alice", "Because the spec says so."],
      [BOT, "Then please cite it."],
    ]);
    expect(afterReply.comments[2]!.id).toBe(reply.id);

    await forge.resolveReviewThread(cartThread.id);
    await forge.resolveReviewThread(cartThread.id); // already resolved: still fine
    const resolved = await forge.listReviewThreads(pr.number);
    expect(resolved.map((t) => [t.path, t.isResolved])).toEqual(expect.arrayContaining([["src/cart.ts", true]]));
    expect(resolved.filter((t) => t.isResolved)).toHaveLength(1);

    // A later push changes the commented file: the thread is outdated and has no current line.
    await gh.repo.commitToBranch("feature/review", { "src/cart.ts": CART.replace("line10 = 10;", "line10 = 11;") }, "Address review", { author: "alice" });
    const outdated = (await forge.listReviewThreads(pr.number)).find((t) => t.id === cartThread.id)!;
    expect(outdated).toMatchObject({ isOutdated: true, line: null, originalLine: 10 });
  });

  it("pages through more than 100 review threads and more than 100 comments of one thread", async () => {
    const pr = await manyFilesPullRequest("feature/many-threads", 120);
    await forge.createReview({
      number: pr.number,
      commitId: pr.headSha,
      event: "COMMENT",
      body: "Many notes.",
      comments: Array.from({ length: 120 }, (_, i) => ({ path: `gen/f${i}.txt`, line: 1, body: `note ${i}` })),
    });
    const first = (await forge.listReviewThreads(pr.number)).find((t) => t.path === "gen/f0.txt")!;
    for (let i = 0; i < 104; i++) await gh.repo.pulls.reply(pr.number, first.comments[0]!.id, `reply ${i}`, "alice");

    const before = gh.requests("POST", /\/graphql$/);
    const threads = await forge.listReviewThreads(pr.number);
    expect(threads).toHaveLength(120);
    expect(new Set(threads.map((t) => t.path)).size).toBe(120);
    const long = threads.find((t) => t.id === first.id)!;
    expect(long.comments).toHaveLength(105);
    expect(long.comments.at(-1)).toMatchObject({ author: "alice", body: "reply 103" });
    // Two pages of threads, one more page of the long thread's comments.
    expect(gh.requests("POST", /\/graphql$/) - before).toBe(3);
  });

  it("dismisses an approval, and refuses to dismiss a comment review", async () => {
    const pr = await alicePullRequest("feature/dismiss");
    const approval = await forge.createReview({ number: pr.number, commitId: pr.headSha, event: "APPROVE", body: "", comments: [] });
    expect(approval.state).toBe("APPROVED");
    const dismissed = await forge.dismissReview(pr.number, approval.id, "The head moved after the approval.");
    expect(dismissed).toMatchObject({ id: approval.id, state: "DISMISSED" });
    expect((await forge.listReviews(pr.number)).map((r) => [r.id, r.state])).toEqual([[approval.id, "DISMISSED"]]);

    const comment = await forge.createReview({ number: pr.number, commitId: pr.headSha, event: "COMMENT", body: "fyi", comments: [] });
    const refused = await caughtAppError(forge.dismissReview(pr.number, comment.id, "no"));
    expect(refused).toMatchObject({ code: ErrorCode.GithubApi, retryable: false, details: { status: 422 } });
    expect(refused.message).toContain("Can not dismiss a commented pull request review");
    expect(await caughtAppError(forge.dismissReview(pr.number, 987_654, "gone"))).toMatchObject({ code: ErrorCode.NotFound });
  });

  it("refuses a review whose inline comment is off the diff, as a whole and with GitHub's reason", async () => {
    const pr = await alicePullRequest("feature/off-diff");
    const error = await caughtAppError(
      forge.createReview({
        number: pr.number,
        commitId: pr.headSha,
        event: "COMMENT",
        body: "Mixed",
        comments: [
          { path: "src/cart.ts", line: 10, body: "on the diff" },
          { path: "src/cart.ts", line: 1, body: "line 1 is not in the hunk 7-13" },
        ],
      }),
    );
    expect(error).toMatchObject({ code: ErrorCode.GithubApi, retryable: false, details: { status: 422, method: "POST" } });
    expect(error.message).toContain(`review #${pr.number}`);
    expect(error.message).toContain("Pull request review thread line must be part of the diff");
    expect(await forge.listReviews(pr.number)).toEqual([]);
    expect(await forge.listReviewThreads(pr.number)).toEqual([]);

    const range = await caughtAppError(
      forge.createReview({ number: pr.number, commitId: pr.headSha, event: "COMMENT", body: "x", comments: [{ path: "README.md", line: 1, body: "untouched file" }] }),
    );
    expect(range.message).toContain("path is invalid");
  });

  it("reports GitHub's refusal of a verdict on the token's own pull request", async () => {
    const own = await alicePullRequest("feature/own", BOT);
    for (const [event, reason] of [
      ["REQUEST_CHANGES", "Can not request changes on your own pull request"],
      ["APPROVE", "Can not approve your own pull request"],
    ] as const) {
      const error = await caughtAppError(forge.createReview({ number: own.number, commitId: own.headSha, event, body: "Verdict", comments: [] }));
      expect(error).toMatchObject({ code: ErrorCode.GithubApi, retryable: false, details: { status: 422 } });
      expect(error.message).toContain(reason);
    }
    expect(await forge.createReview({ number: own.number, commitId: own.headSha, event: "COMMENT", body: "Notes", comments: [] })).toMatchObject({ state: "COMMENTED" });
  });

  it("maps GraphQL NOT_FOUND, rate limits, and never re-POSTs a review after a 502", async () => {
    const missingPr = await caughtAppError(forge.listReviewThreads(424_242));
    expect(missingPr).toMatchObject({ code: ErrorCode.NotFound, retryable: false });
    expect(missingPr.message).toContain("Could not resolve to a PullRequest with the number of 424242");
    const missingThread = await caughtAppError(forge.resolveReviewThread("PRRT_doesnotexist"));
    expect(missingThread).toMatchObject({ code: ErrorCode.NotFound, retryable: false });
    expect(missingThread.message).toContain("PRRT_doesnotexist");

    gh.faults.rateLimitNext(/\/graphql$/, 20);
    expect(await caughtAppError(forge.listReviewThreads(1))).toMatchObject({ code: ErrorCode.RateLimited, retryable: true });
    gh.faults.rateLimitNext(/\/pulls\/\d+\/files$/, 20);
    expect(await caughtAppError(forge.listPullRequestFiles(1))).toMatchObject({ code: ErrorCode.RateLimited, retryable: true });
    expect(await caughtAppError(forge.listPullRequestFiles(424_242))).toMatchObject({ code: ErrorCode.NotFound });

    const pr = await alicePullRequest("feature/flaky");
    const retrying = forgeFor(gh, { retries: 3, retryAfterBaseMs: 5 });
    const posts = gh.requests("POST", /\/reviews$/);
    gh.faults.failNext("POST", /\/reviews$/, { status: 502, body: { message: "Server Error" } });
    const error = await caughtAppError(retrying.createReview({ number: pr.number, commitId: pr.headSha, event: "COMMENT", body: "once", comments: [] }));
    expect(error).toMatchObject({ code: ErrorCode.GithubApi, retryable: true });
    expect(gh.requests("POST", /\/reviews$/) - posts).toBe(1);
    expect(await forge.listReviews(pr.number)).toEqual([]);
  });

  it("FakeForge refuses what GitHub refuses, with the same AppError", async () => {
    const pr = await alicePullRequest("feature/parity");
    const own = await alicePullRequest("feature/parity-own", BOT);
    const fake = new FakeForge({ botLogin: BOT });
    const fakePr = fake.addPullRequest({ title: "alice's", headSha: pr.headSha, author: "alice" });
    const fakeOwn = fake.addPullRequest({ title: "ours", headSha: own.headSha });
    fake.pullFiles.set(fakePr.number, await forge.listPullRequestFiles(pr.number));
    const verdict = { event: "REQUEST_CHANGES" as const, body: "Verdict", comments: [] };
    await expectSameAppError(() => forge.createReview({ number: own.number, commitId: own.headSha, ...verdict }), () => fake.createReview({ number: fakeOwn.number, commitId: own.headSha, ...verdict }));
    const approve = { event: "APPROVE" as const, body: "", comments: [] };
    await expectSameAppError(() => forge.createReview({ number: own.number, commitId: own.headSha, ...approve }), () => fake.createReview({ number: fakeOwn.number, commitId: own.headSha, ...approve }));
    const offDiff = { event: "COMMENT" as const, body: "x", comments: [{ path: "src/cart.ts", line: 1, body: "off" }] };
    await expectSameAppError(() => forge.createReview({ number: pr.number, commitId: pr.headSha, ...offDiff }), () => fake.createReview({ number: fakePr.number, commitId: pr.headSha, ...offDiff }));
    const otherHunk = { event: "COMMENT" as const, body: "x", comments: [{ path: "src/cart.ts", startLine: 7, line: 13, body: "fine" }] };
    expect((await forge.createReview({ number: pr.number, commitId: pr.headSha, ...otherHunk })).state).toBe("COMMENTED");
    expect((await fake.createReview({ number: fakePr.number, commitId: pr.headSha, ...otherHunk })).state).toBe("COMMENTED");
    await expectSameAppError(() => forge.listReviewThreads(424_242), () => fake.listReviewThreads(424_242));
    await expectSameAppError(() => forge.resolveReviewThread("PRRT_nope"), () => fake.resolveReviewThread("PRRT_nope"));
  });

  it("names a GitHub App the same in review threads (GraphQL) as in reviews (REST)", async () => {
    const { gh: appGh, auth } = await startFakeGithubApp({ owner: OWNER, repo: REPO });
    try {
      await appGh.repo.seed({ files: { "a.txt": "a\n" } });
      const headSha = await appGh.repo.commitToBranch("fix", { "a.txt": "b\n" }, "b", { author: "alice" });
      const pr = await appGh.repo.openPullRequest({ head: "fix", title: "Fix", author: "alice" });
      const appForge = forgeFor(appGh, { auth });
      const review = await appForge.createReview({ number: pr.number, commitId: headSha, event: "COMMENT", body: "", comments: [{ path: "a.txt", line: 1, body: "b?" }] });
      expect(review.author).toBe("shopfloor[bot]");
      const [thread] = await appForge.listReviewThreads(pr.number);
      expect(thread!.comments.map((c) => c.author)).toEqual(["shopfloor[bot]"]);
    } finally {
      await appGh.close();
    }
  });

  describe("review executors through the real adapter", () => {
    it("posts a verdict on the token's own PR as a comment review, once", async () => {
      const own = await alicePullRequest("feature/exec-own", BOT);
      const executors = createExecutors({ chat: new FakeChat(), forge });
      const key = `gh:${OWNER}/${REPO}#${own.number}/review/verdict`;
      const input = {
        number: own.number,
        commitId: own.headSha,
        event: "REQUEST_CHANGES" as const,
        body: "The coupon list is unused.",
        comments: [{ path: "src/coupons.ts", line: 2, body: "Unused." }],
      };
      const review = await executors["github.review"](input, { key, priorAttempts: 0 });
      expect(review).toMatchObject({ state: "COMMENTED", author: BOT });
      expect(review.body).toBe(`The coupon list is unused.\n\n${githubMarker(key)}`);
      expect((await forge.listReviewThreads(own.number)).map((t) => [t.path, t.line, t.comments[0]!.body])).toEqual([["src/coupons.ts", 2, "Unused."]]);

      // The answer was lost and the effect runs again: the marker finds the review, nothing is posted.
      const posts = gh.requests("POST", /\/reviews$/);
      const again = await executors["github.review"](input, { key, priorAttempts: 1 });
      expect(again.id).toBe(review.id);
      expect(gh.requests("POST", /\/reviews$/) - posts).toBe(0);
      expect(await forge.listReviews(own.number)).toHaveLength(1);
    });

    it("keeps one summary comment per marker, edited in place", async () => {
      const pr = await alicePullRequest("feature/exec-upsert");
      gh.repo.createComment(pr.number, "LGTM from a human", "carol");
      const executors = createExecutors({ chat: new FakeChat(), forge });
      const marker = "<!-- shopfloor:review-summary -->";
      const created = await executors["github.upsert-comment"]({ number: pr.number, marker, body: "Review: 2 findings" }, { key: "k1", priorAttempts: 0 });
      const edited = await executors["github.upsert-comment"]({ number: pr.number, marker, body: "Review: all fixed" }, { key: "k2", priorAttempts: 0 });
      expect(edited.id).toBe(created.id);
      const comments = await forge.listComments(pr.number);
      expect(comments.map((c) => [c.author, c.body])).toEqual([
        ["carol", "LGTM from a human"],
        [BOT, `Review: all fixed\n\n${marker}`],
      ]);
    });
  });
});
