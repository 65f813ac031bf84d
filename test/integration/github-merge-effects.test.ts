import { afterAll, describe, expect, it } from "vitest";
import { createPostgresEffectsLedger } from "../../src/adapters/postgres/postgres-effects-ledger.js";
import { createExecutors } from "../../src/core/effects/create-executors.js";
import { AppError, ErrorCode } from "../../src/core/errors.js";
import { effectKey, githubMarker } from "../../src/core/ids.js";
import { FakeChat, FakeForge } from "../fakes/fake-ports.js";
import { testPool, uniqueId } from "../support/db.js";

const pool = testPool();
afterAll(() => pool.end());

async function setup() {
  const forge = new FakeForge();
  const effects = createPostgresEffectsLedger({ pool, executors: createExecutors({ chat: new FakeChat(), forge }), dryRun: false });
  const merged = forge.addPullRequest({ title: "Coupons", headSha: "c".repeat(40), headRef: "feature/coupons", author: "alice", additions: 12, deletions: 3, changedFiles: 2 });
  await forge.mergePullRequest({ number: merged.number, sha: merged.headSha, method: "squash" });
  return { forge, effects, merged };
}

function revertRequest(threadId: string, number: number) {
  return {
    threadId,
    node: "revert",
    intent: "revert",
    kind: "github.revert-pr" as const,
    input: { number, title: `Revert #${number}`, body: "The smoke check of https://shop.example.com failed after the merge." },
  };
}

/** GitHub opens the revert PR, then the answer is lost (a 502 or a dead worker) — once. */
function loseRevertAnswerOnce(forge: FakeForge): void {
  const real = forge.createRevertPullRequest.bind(forge);
  let lost = false;
  forge.createRevertPullRequest = async (...args) => {
    const result = await real(...args);
    if (lost) return result;
    lost = true;
    throw new AppError(ErrorCode.GithubApi, "GitHub answered 502 after the write", { retryable: true });
  };
}

describe("merge and verify effects on GitHub", () => {
  it("opens a revert PR whose body carries the effect's marker, and replays it without opening another", async () => {
    const { forge, effects, merged } = await setup();
    const threadId = uniqueId("verify");
    const revert = await effects.apply(revertRequest(threadId, merged.number));
    expect(revert).toMatchObject({ title: `Revert #${merged.number}`, state: "open", headRef: `revert-${merged.number}-feature/coupons`, baseRef: "main" });
    expect(revert.body).toBe(`The smoke check of https://shop.example.com failed after the merge.\n\n${githubMarker(effectKey(threadId, "revert", "revert"))}`);

    expect(await effects.apply(revertRequest(threadId, merged.number))).toEqual(revert);
    expect([...forge.pulls.values()].filter((p) => p.headRef.startsWith("revert-"))).toHaveLength(1);
  });

  it("finds the revert PR whose answer was lost by its marker instead of opening a second one", async () => {
    const { forge, effects, merged } = await setup();
    // Another revert PR of the same change, opened by someone else, must not be taken for ours.
    forge.addPullRequest({ title: "Manual revert", body: "Reverting by hand", headSha: "d".repeat(40), headRef: "revert-by-hand" });
    const threadId = uniqueId("verify");
    loseRevertAnswerOnce(forge);

    await expect(effects.apply(revertRequest(threadId, merged.number))).rejects.toMatchObject({ retryable: true });
    const revert = await effects.apply(revertRequest(threadId, merged.number));

    const reverts = [...forge.pulls.values()].filter((p) => p.headRef.startsWith(`revert-${merged.number}-`));
    expect(reverts.map((p) => p.number)).toEqual([revert.number]);
    expect(revert.body).toContain(githubMarker(effectKey(threadId, "revert", "revert")));
    const [record] = await effects.list(threadId);
    expect(record).toMatchObject({ status: "applied", attempts: 2 });
  });

  it("fails the revert of a PR that was never merged, opening nothing", async () => {
    const { forge, effects } = await setup();
    const open = forge.addPullRequest({ title: "Still open", headSha: "e".repeat(40) });
    const threadId = uniqueId("verify");
    const before = forge.pulls.size;

    const error = await effects.apply(revertRequest(threadId, open.number)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.GithubApi, retryable: false });
    expect((error as Error).message).toContain("must be merged");
    expect(forge.pulls.size).toBe(before);
    const [record] = await effects.list(threadId);
    expect(record?.status).toBe("failed");
  });

  it("deletes the merged branch once, and a branch already gone counts as deleted", async () => {
    const { forge, effects } = await setup();
    const threadId = uniqueId("merge");
    const request = { threadId, node: "cleanup", intent: "delete-branch", kind: "github.delete-branch" as const, input: { branch: "feature/coupons" } };

    expect(await effects.apply(request)).toEqual({ ok: true });
    expect(await effects.apply(request)).toEqual({ ok: true });
    expect(forge.deletedBranches).toEqual(["feature/coupons"]);

    // A later run (another thread) deleting the same branch: gone already, still done.
    expect(await effects.apply({ ...request, threadId: uniqueId("merge") })).toEqual({ ok: true });
    expect(forge.deletedBranches).toEqual(["feature/coupons"]);
  });

  it("records a failed branch deletion as failed, with GitHub's error", async () => {
    const { forge, effects } = await setup();
    forge.faults.fail("deleteBranch", new AppError(ErrorCode.Forbidden, "GitHub delete branch feature/coupons was refused (403)"), { times: 1 });
    const threadId = uniqueId("merge");
    const error = await effects
      .apply({ threadId, node: "cleanup", intent: "delete-branch", kind: "github.delete-branch", input: { branch: "feature/coupons" } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.Forbidden });
    expect(forge.deletedBranches).toEqual([]);
    const [record] = await effects.list(threadId);
    expect(record?.status).toBe("failed");
  });
});
