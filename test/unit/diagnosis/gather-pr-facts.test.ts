import { describe, expect, it } from "vitest";
import { diagnose } from "../../../graphs/shared/diagnosis/diagnose.js";
import { gatherPrFacts } from "../../../graphs/shared/diagnosis/gather-pr-facts.js";
import type { PrReviewRecord } from "../../../src/core/ledgers/reviews.js";
import type { RunRecord } from "../../../src/core/ledgers/run-ledger.js";
import { FakeForge } from "../../fakes/fake-ports.js";
import { fakeGraphDeps } from "../../fakes/graph-deps.js";

const NOW = "2026-01-15T10:00:00.000Z";
const HEAD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const OLD_HEAD = "0ffee1234567890abcdef1234567890abcdef12";
const BOT = "shopfloor[bot]";
const before = (minutes: number) => new Date(Date.parse(NOW) - minutes * 60_000).toISOString();

let runSeq = 0;
function run(threadId: string, graph: string, status: RunRecord["status"], startedMinutesAgo: number, extra: Partial<RunRecord> = {}): RunRecord {
  runSeq++;
  return {
    id: `run-${runSeq}`,
    graph,
    threadId,
    jobId: null,
    kind: "start",
    status,
    errorCode: null,
    failureClass: null,
    errorMessage: null,
    startedAt: before(startedMinutesAgo),
    finishedAt: status === "running" || status === "waiting" ? null : before(startedMinutesAgo - 1),
    ...extra,
  };
}

const record = (overrides: Partial<PrReviewRecord>): PrReviewRecord => ({
  repository: "acme/shop",
  prNumber: 1,
  headSha: HEAD,
  baseSha: null,
  runKey: "push:d1",
  mode: "full",
  outcome: "clean",
  risk: "medium",
  riskReasons: [],
  round: 1,
  findings: [],
  resolved: [],
  coverage: {},
  promptTokens: 0,
  reviewId: null,
  createdAt: before(100),
  ...overrides,
});

describe("gatherPrFacts", () => {
  it("reads GitHub's facts of the head and Shopfloor's ledgers about this PR only", async () => {
    const forge = new FakeForge({ botLogin: BOT });
    const pr = forge.addPullRequest({ title: "Discount codes", headSha: HEAD, author: "alice", mergeableState: "behind", labels: ["factory:needs-human"] });
    forge.setChecks(HEAD, [{ name: "ci/test", status: "completed", conclusion: "failure", source: "check-run", id: 31, startedAt: before(40), completedAt: before(30) }]);
    forge.setChecks(OLD_HEAD, [{ name: "ci/test", status: "completed", conclusion: "success", source: "check-run", id: 30 }]);
    forge.reviews.set(pr.number, [{ id: 9, author: "dave", state: "CHANGES_REQUESTED", commitId: HEAD, body: "please fix", submittedAt: before(50) }]);
    forge.threads.set(pr.number, [
      { id: "T1", isResolved: true, isOutdated: false, path: "src/a.ts", line: 1, originalLine: 1, startLine: null, comments: [{ id: 1, author: "dave", body: "done?" }] },
      { id: "T2", isResolved: false, isOutdated: false, path: "src/b.ts", line: 2, originalLine: 2, startLine: null, comments: [{ id: 2, author: "dave", body: "why?" }] },
    ]);
    const { deps, runs, reviews } = fakeGraphDeps({ forge });
    await reviews.save(record({ headSha: OLD_HEAD, runKey: "push:d0", outcome: "changes-requested", round: 2, createdAt: before(400) }));
    await reviews.save(record({ headSha: OLD_HEAD, runKey: "push:d1", outcome: "needs-human", round: 3, createdAt: before(300) }));

    const thread = `gh-pr:acme/shop#${pr.number}`;
    runs.runs.push(
      // Recovered: a later review run got through.
      run(thread, "review", "failed", 300, { errorCode: "MODEL_TIMEOUT", errorMessage: "no answer in 60 s" }),
      run(thread, "review", "succeeded", 240),
      // Not recovered: two attempts of one job failed; the newest is what counts.
      run(thread, "review", "failed", 130, { kind: "start", errorCode: "GITHUB_API", errorMessage: "first attempt" }),
      run(thread, "review", "failed", 120, { kind: "continue", errorCode: "GITHUB_API", errorMessage: "GitHub list files of #1 failed on GitHub's side (502 Bad Gateway)" }),
      // The card of an older head still waits, but nobody can approve that commit any more.
      run(`${thread}:merge:${OLD_HEAD.slice(0, 12)}`, "merge", "waiting", 500),
      // The card of the current head: posted 3 h ago, snoozed an hour ago, waiting again.
      run(`${thread}:merge:${HEAD.slice(0, 12)}`, "merge", "waiting", 180),
      run(`${thread}:merge:${HEAD.slice(0, 12)}`, "merge", "waiting", 60, { kind: "resume" }),
      // PR 12's threads share the prefix "gh-pr:acme/shop#1": they are not this PR's.
      run("gh-pr:acme/shop#12", "review", "failed", 10, { errorCode: "INTERNAL", errorMessage: "PR 12 broke" }),
      run(`gh-pr:acme/shop#12:merge:${HEAD.slice(0, 12)}`, "merge", "waiting", 10),
    );

    const facts = await gatherPrFacts(deps, pr.number, { remediesTried: ["rerun-checks"] });

    expect(facts).toEqual({
      pr: await forge.getPullRequest(pr.number),
      checks: [{ name: "ci/test", status: "completed", conclusion: "failure", source: "check-run", id: 31, startedAt: before(40), completedAt: before(30) }],
      reviews: [{ id: 9, author: "dave", state: "CHANGES_REQUESTED", commitId: HEAD, body: "please fix", submittedAt: before(50) }],
      openThreads: [expect.objectContaining({ id: "T2", path: "src/b.ts" })],
      lastReview: expect.objectContaining({ outcome: "needs-human", round: 3, headSha: OLD_HEAD }),
      awaitingApproval: { since: before(180) },
      failedRuns: [{ graph: "review", errorCode: "GITHUB_API", errorMessage: "GitHub list files of #1 failed on GitHub's side (502 Bad Gateway)", at: before(119) }],
      needsHumanReason: "review: blocking findings still open after 3 rounds",
      remediesTried: ["rerun-checks"],
      now: NOW,
    });

    // What a person would be told about it.
    expect(diagnose(facts, { staleHours: 48, botLogin: BOT }).map((r) => `${r.code} → ${r.owner}: ${r.summary}`)).toEqual([
      "checks-failing → @alice: 1 check failing: ci/test",
      "changes-requested → @alice: changes requested by @dave",
      "unresolved-threads → @alice: 1 unresolved review thread (1 waits for @alice)",
      "behind → shopfloor: behind main",
      "needs-human → reviewers: labelled factory:needs-human",
      "automation-failed → shopfloor: the review automation failed",
      "awaiting-review → shopfloor: no Shopfloor review of the latest commit a1b2c3d",
      "awaiting-approval → approvers: waiting for an approver to merge",
    ]);
  });

  it("knows nothing Shopfloor did about a PR it never touched", async () => {
    const forge = new FakeForge({ botLogin: BOT });
    const pr = forge.addPullRequest({ title: "Typo", headSha: HEAD, author: "bob" });
    const { deps } = fakeGraphDeps({ forge });

    const facts = await gatherPrFacts(deps, pr.number);

    expect(facts).toMatchObject({ checks: [], reviews: [], openThreads: [], lastReview: null, awaitingApproval: null, failedRuns: [], needsHumanReason: null, remediesTried: [], now: NOW });
    expect(diagnose(facts, { staleHours: 48, botLogin: BOT })).toEqual([
      { code: "awaiting-review", summary: "no Shopfloor review yet", evidence: ["Shopfloor has never reviewed this PR"], next: "review the latest commit", owner: "shopfloor", remedy: "request-review" },
    ]);
  });

  it("stops at an unknown PR with GitHub's not-found error", async () => {
    const { deps } = fakeGraphDeps({ forge: new FakeForge() });
    await expect(gatherPrFacts(deps, 404)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
