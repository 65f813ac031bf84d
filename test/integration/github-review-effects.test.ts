import { afterAll, describe, expect, it } from "vitest";
import { createPostgresEffectsLedger } from "../../src/adapters/postgres/postgres-effects-ledger.js";
import { createExecutors } from "../../src/core/effects/create-executors.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import { effectKey, githubMarker } from "../../src/core/ids.js";
import type { CreateReviewInput } from "../../src/core/ports/index.js";
import { FakeChat, FakeForge } from "../fakes/fake-ports.js";
import { testPool, uniqueId } from "../support/db.js";

const pool = testPool();
afterAll(() => pool.end());

/** New-side lines 1–4 are in the diff (2 and 3 added); anything else is not. */
const PATCH = "@@ -1,3 +1,4 @@\n export const a = 1;\n-export const b = 2;\n+export const b = 3;\n+export const c = 4;\n export const d = 5;";

function setup() {
  const chat = new FakeChat();
  const forge = new FakeForge();
  const effects = createPostgresEffectsLedger({ pool, executors: createExecutors({ chat, forge }), dryRun: false });
  const own = forge.addPullRequest({ title: "Factory PR", headSha: "a".repeat(40) }); // opened by the bot
  const theirs = forge.addPullRequest({ title: "alice's PR", headSha: "b".repeat(40), author: "alice" });
  for (const pr of [own, theirs]) forge.pullFiles.set(pr.number, [{ path: "src/coupons.ts", status: "modified", additions: 2, deletions: 1, patch: PATCH }]);
  return { forge, effects, own, theirs };
}

/** The write reaches GitHub, then the answer is lost (a 502 or a dead worker) — once. */
function loseAnswerOnce(forge: FakeForge, method: "createReview" | "replyToReviewComment" | "dismissReview"): void {
  const target = forge as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const real = target[method]!.bind(forge);
  let lost = false;
  target[method] = async (...args: unknown[]) => {
    const result = await real(...args);
    if (lost) return result;
    lost = true;
    throw new AppError(ErrorCode.GithubApi, "GitHub answered 502 after the write", { retryable: true });
  };
}

function reviewRequest(threadId: string, input: CreateReviewInput) {
  return { threadId, node: "post-review", intent: "review", kind: "github.review" as const, input };
}

describe("GitHub review effects", () => {
  it("posts a verdict on the bot's own PR as a comment review, with its inline comments, once", async () => {
    const { forge, effects, own } = setup();
    const threadId = uniqueId("review");
    const request = reviewRequest(threadId, {
      number: own.number,
      commitId: own.headSha,
      event: "REQUEST_CHANGES",
      body: "Coupons are applied twice.",
      comments: [{ path: "src/coupons.ts", startLine: 2, line: 3, body: "Both lines add the discount." }],
    });
    const review = await effects.apply(request);
    expect(review).toMatchObject({ state: "COMMENTED", author: "shopfloor[bot]", commitId: own.headSha });
    expect(review.body).toBe(`Coupons are applied twice.\n\n${githubMarker(effectKey(threadId, "post-review", "review"))}`);
    expect(forge.threads.get(own.number)).toEqual([
      expect.objectContaining({ path: "src/coupons.ts", line: 3, startLine: 2, isResolved: false, comments: [expect.objectContaining({ body: "Both lines add the discount.", author: "shopfloor[bot]" })] }),
    ]);
    expect(await effects.apply(request)).toEqual(review);
    expect(forge.reviews.get(own.number)).toHaveLength(1);
  });

  it("submits a verdict on someone else's PR as asked", async () => {
    const { forge, effects, theirs } = setup();
    const review = await effects.apply(reviewRequest(uniqueId("review"), { number: theirs.number, commitId: theirs.headSha, event: "REQUEST_CHANGES", body: "Please fix.", comments: [] }));
    expect(review.state).toBe("CHANGES_REQUESTED");
    expect(forge.reviews.get(theirs.number)?.map((r) => r.state)).toEqual(["CHANGES_REQUESTED"]);
  });

  it("finds a review whose answer was lost by its marker instead of posting it twice", async () => {
    const { forge, effects, theirs } = setup();
    const threadId = uniqueId("review");
    const request = reviewRequest(threadId, { number: theirs.number, commitId: theirs.headSha, event: "APPROVE", body: "Looks right.", comments: [{ path: "src/coupons.ts", line: 2, body: "Nice." }] });
    loseAnswerOnce(forge, "createReview");
    await expect(effects.apply(request)).rejects.toMatchObject({ retryable: true });
    const review = await effects.apply(request);
    expect(forge.reviews.get(theirs.number)).toEqual([review]);
    expect(forge.threads.get(theirs.number)).toHaveLength(1);
    const [record] = await effects.list(threadId);
    expect(record).toMatchObject({ status: "applied", attempts: 2 });
  });

  it("fails a review with an inline comment off the diff without posting anything", async () => {
    const { forge, effects, theirs } = setup();
    const threadId = uniqueId("review");
    const error = await effects
      .apply(reviewRequest(threadId, { number: theirs.number, commitId: theirs.headSha, event: "COMMENT", body: "Notes", comments: [{ path: "src/coupons.ts", line: 2, body: "ok" }, { path: "src/coupons.ts", line: 40, body: "off the diff" }] }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.GithubApi, retryable: false, details: { status: 422 } });
    expect((error as Error).message).toContain("Pull request review thread line must be part of the diff");
    expect(forge.reviews.get(theirs.number) ?? []).toEqual([]);
    expect(forge.threads.get(theirs.number) ?? []).toEqual([]);
    const [record] = await effects.list(threadId);
    expect(record?.status).toBe("failed");
  });

  it("replies in a thread once even when the answer was lost, and resolves the thread", async () => {
    const { forge, effects, theirs } = setup();
    const threadId = uniqueId("review");
    await effects.apply(reviewRequest(threadId, { number: theirs.number, commitId: theirs.headSha, event: "COMMENT", body: "Notes", comments: [{ path: "src/coupons.ts", line: 3, body: "Why 4?" }] }));
    const [thread] = forge.threads.get(theirs.number)!;
    const root = thread!.comments[0]!;

    const reply = { threadId, node: "answer-thread", intent: "reply", kind: "github.reply-review-comment" as const, input: { number: theirs.number, commentId: root.id, body: "Fixed in the last push." } };
    loseAnswerOnce(forge, "replyToReviewComment");
    await expect(effects.apply(reply)).rejects.toMatchObject({ retryable: true });
    const { id } = await effects.apply(reply);
    const comments = forge.threads.get(theirs.number)![0]!.comments;
    expect(comments.map((c) => c.id)).toEqual([root.id, id]);
    expect(comments[1]!.body).toBe(`Fixed in the last push.\n\n${githubMarker(effectKey(threadId, "answer-thread", "reply"))}`);

    expect(await effects.apply({ threadId, node: "answer-thread", intent: "resolve", kind: "github.resolve-thread", input: { threadId: thread!.id } })).toEqual({ ok: true });
    expect(forge.threads.get(theirs.number)![0]!.isResolved).toBe(true);
  });

  it("dismisses a review once even when the answer was lost", async () => {
    const { forge, effects, theirs } = setup();
    const threadId = uniqueId("review");
    const approval = await effects.apply(reviewRequest(threadId, { number: theirs.number, commitId: theirs.headSha, event: "APPROVE", body: "ok", comments: [] }));
    const dismiss = { threadId, node: "head-moved", intent: "dismiss", kind: "github.dismiss-review" as const, input: { number: theirs.number, reviewId: approval.id, message: "New commits since the approval." } };
    loseAnswerOnce(forge, "dismissReview");
    await expect(effects.apply(dismiss)).rejects.toMatchObject({ retryable: true });
    expect(await effects.apply(dismiss)).toMatchObject({ id: approval.id, state: "DISMISSED" });
    expect(forge.reviews.get(theirs.number)?.map((r) => r.state)).toEqual(["DISMISSED"]);
  });

  it("keeps one comment per marker: created by the first run, edited by the next, left alone when unchanged", async () => {
    const { forge, effects, theirs } = setup();
    await forge.createComment(theirs.number, "a human comment");
    const marker = "<!-- shopfloor:review-summary -->";
    const upsert = (threadId: string, body: string) => ({ threadId, node: "summarise", intent: "summary", kind: "github.upsert-comment" as const, input: { number: theirs.number, marker, body } });

    const created = await effects.apply(upsert(uniqueId("run"), "2 findings"));
    const edited = await effects.apply(upsert(uniqueId("run"), "All findings addressed"));
    expect(edited.id).toBe(created.id);
    expect(forge.comments.get(theirs.number)!.map((c) => c.body)).toEqual(["a human comment", `All findings addressed\n\n${marker}`]);

    forge.faults.fail("updateComment", new Error("an unchanged comment must not be edited"));
    expect((await effects.apply(upsert(uniqueId("run"), "All findings addressed"))).id).toBe(created.id);

    await expect(effects.apply({ ...upsert(uniqueId("run"), "x"), input: { number: theirs.number, marker: " ", body: "x" } })).rejects.toMatchObject({ code: ErrorCode.Internal });
    expect(forge.comments.get(theirs.number)).toHaveLength(2);
  });
});
