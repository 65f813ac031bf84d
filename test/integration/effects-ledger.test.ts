import { afterAll, describe, expect, it } from "vitest";
import { createPostgresEffectsLedger } from "../../src/adapters/postgres/postgres-effects-ledger.js";
import { createExecutors } from "../../src/core/effects/create-executors.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import { FakeChat, FakeForge } from "../fakes/fake-ports.js";
import { testPool, uniqueId } from "../support/db.js";

const pool = testPool();
afterAll(() => pool.end());

function ledger(opts: { dryRun?: boolean } = {}) {
  const chat = new FakeChat();
  const forge = new FakeForge();
  return { chat, forge, effects: createPostgresEffectsLedger({ pool, executors: createExecutors({ chat, forge }), dryRun: opts.dryRun ?? false }) };
}

describe("PostgreSQL effects ledger", () => {
  it("applies an effect once and hands the stored result back when the node runs again", async () => {
    const { chat, effects } = ledger();
    const threadId = uniqueId("thread");
    const req = { threadId, node: "post-status", intent: "reply", kind: "slack.post" as const, input: { channel: "C1", text: "hello" } };
    const first = await effects.apply(req);
    const second = await effects.apply(req);
    expect(second).toEqual(first);
    expect(chat.botMessages("C1")).toHaveLength(1);
    const [record] = await effects.list(threadId);
    expect(record).toMatchObject({ status: "applied", attempts: 1, kind: "slack.post" });
  });

  it("looks a message up by its marker before posting again after an attempt that left no result", async () => {
    const { chat, effects } = ledger();
    const threadId = uniqueId("thread");
    const req = { threadId, node: "post-status", intent: "reply", kind: "slack.post" as const, input: { channel: "C1", text: "hello" } };
    // Slack accepted the first post, but the worker died before the ledger stored the result.
    chat.faults.fail("postMessage", new AppError(ErrorCode.SlackApi, "connection reset after write", { retryable: true }));
    const original = chat.postMessage.bind(chat);
    chat.postMessage = async (input) => {
      try {
        return await original(input);
      } catch (e) {
        chat.faults.clear();
        await original(input); // the write landed before the failure surfaced
        throw e;
      }
    };
    await expect(effects.apply(req)).rejects.toMatchObject({ code: ErrorCode.SlackApi, retryable: true });
    expect(chat.botMessages("C1")).toHaveLength(1);
    await effects.apply(req);
    expect(chat.botMessages("C1")).toHaveLength(1);
    const [record] = await effects.list(threadId);
    expect(record).toMatchObject({ status: "applied", attempts: 2 });
  });

  it("creates a GitHub issue once even when the first create's answer was lost", async () => {
    const { forge, effects } = ledger();
    const threadId = uniqueId("thread");
    const req = { threadId, node: "create-issue", intent: "issue", kind: "github.create-issue" as const, input: { title: "Checkout fails", body: "Steps…", labels: ["type:bug"] } };
    const realCreate = forge.createIssue.bind(forge);
    forge.createIssue = async (input) => {
      await realCreate(input);
      throw new AppError(ErrorCode.GithubApi, "502 after create", { retryable: true });
    };
    await expect(effects.apply(req)).rejects.toMatchObject({ retryable: true });
    forge.createIssue = realCreate;
    const issue = await effects.apply(req);
    expect([...forge.issues.values()].filter((i) => i.title === "Checkout fails")).toHaveLength(1);
    expect(issue.body).toContain("<!-- shopfloor:key=");
  });

  it("marks a non-retryable failure failed and keeps the error", async () => {
    const { chat, effects } = ledger();
    const threadId = uniqueId("thread");
    chat.faults.fail("postMessage", new AppError(ErrorCode.SlackApi, "channel_not_found"));
    await expect(
      effects.apply({ threadId, node: "n", intent: "i", kind: "slack.post", input: { channel: "C404", text: "x" } }),
    ).rejects.toMatchObject({ code: ErrorCode.SlackApi, retryable: false });
    const [record] = await effects.list(threadId);
    expect(record).toMatchObject({ status: "failed" });
    expect(record!.error).toContain("channel_not_found");
  });

  it("records planned effects and performs none in dry-run mode", async () => {
    const { chat, forge, effects } = ledger({ dryRun: true });
    const threadId = uniqueId("thread");
    await effects.apply({ threadId, node: "n", intent: "post", kind: "slack.post", input: { channel: "C1", text: "x" } });
    await effects.apply({ threadId, node: "n", intent: "merge", kind: "github.merge", input: { number: 1, sha: "abc", method: "squash" } });
    expect(chat.messages).toHaveLength(0);
    expect(forge.merges).toHaveLength(0);
    const records = await effects.list(threadId);
    expect(records.map((r) => [r.kind, r.status, r.dryRun])).toEqual([
      ["slack.post", "planned", true],
      ["github.merge", "planned", true],
    ]);
  });

  it("hands a dry run's nodes results of the shape they read: a PR, a review, a started run", async () => {
    const { forge, effects } = ledger({ dryRun: true });
    const threadId = uniqueId("thread");
    const pr = await effects.apply({ threadId, node: "n", intent: "pr", kind: "github.create-pr", input: { title: "Fix", body: "Fixes #1", head: "shopfloor/1-fix", base: "main" } });
    expect(pr).toMatchObject({ number: 0, title: "Fix", headRef: "shopfloor/1-fix", baseRef: "main", state: "open" });
    const review = await effects.apply({ threadId, node: "n", intent: "review", kind: "github.review", input: { number: 1, commitId: "abc", event: "REQUEST_CHANGES", body: "b", comments: [] } });
    expect(review).toMatchObject({ id: 0, state: "CHANGES_REQUESTED", commitId: "abc" });
    const run = await effects.apply({ threadId, node: "n", intent: "run", kind: "shopfloor.start-run", input: { graph: "verify", threadId: "t", input: {}, jobId: "run-verify-1" } });
    expect(run).toEqual({ jobId: "run-verify-1" });
    expect(forge.pulls.size).toBe(0);
  });
});
