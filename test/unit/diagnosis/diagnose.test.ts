import { describe, expect, it } from "vitest";
import { ago } from "../../../src/core/ago.js";
import { diagnose } from "../../../graphs/shared/diagnosis/diagnose.js";
import type { DiagnoseOptions, PrFacts } from "../../../graphs/shared/diagnosis/pr-facts.js";
import type { PrReviewRecord } from "../../../src/core/ledgers/reviews.js";
import type { ForgeCheck, ForgePullRequest, ForgeReview, ForgeReviewThread } from "../../../src/core/ports/forge-port.js";

const NOW = "2026-01-15T10:00:00.000Z";
const HEAD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
const OLD_HEAD = "0ffee1234567890abcdef1234567890abcdef12";
const BOT = "shopfloor[bot]";
const opts: DiagnoseOptions = { staleHours: 48, botLogin: BOT };

/** An ISO time this long before NOW. */
const before = (minutes: number) => new Date(Date.parse(NOW) - minutes * 60_000).toISOString();

function shopfloorReview(overrides: Partial<PrReviewRecord> = {}): PrReviewRecord {
  return {
    repository: "acme/shop",
    prNumber: 7,
    headSha: HEAD,
    baseSha: null,
    runKey: "push:d1",
    mode: "full",
    outcome: "clean",
    risk: "low",
    riskReasons: [],
    round: 1,
    findings: [],
    resolved: [],
    coverage: {},
    promptTokens: 0,
    reviewId: null,
    createdAt: before(90),
    ...overrides,
  };
}

/** A PR nothing is in the way of: open, mergeable, green, reviewed at its head, touched an hour ago. */
function facts(overrides: Omit<Partial<PrFacts>, "pr"> & { pr?: Partial<ForgePullRequest> } = {}): PrFacts {
  const { pr, ...rest } = overrides;
  return {
    pr: {
      number: 7,
      title: "Discount codes",
      body: "",
      state: "open",
      merged: false,
      mergeCommitSha: null,
      draft: false,
      mergeable: true,
      mergeableState: "clean",
      headSha: HEAD,
      headRef: "feature/discounts",
      baseRef: "main",
      author: "alice",
      labels: [],
      url: "https://github.com/acme/shop/pull/7",
      additions: 10,
      deletions: 2,
      changedFiles: 1,
      createdAt: before(600),
      updatedAt: before(60),
      ...pr,
    },
    checks: [{ name: "build", status: "completed", conclusion: "success", source: "check-run", id: 1, startedAt: before(80), completedAt: before(70) }],
    reviews: [],
    openThreads: [],
    lastReview: shopfloorReview(),
    awaitingApproval: null,
    failedRuns: [],
    needsHumanReason: null,
    remediesTried: [],
    now: NOW,
    ...rest,
  };
}

const review = (author: string, state: ForgeReview["state"], minutesAgo: number, commitId: string | null = HEAD, id = minutesAgo): ForgeReview => ({
  id,
  author,
  state,
  commitId,
  body: "",
  submittedAt: before(minutesAgo),
});

const check = (name: string, c: Partial<ForgeCheck>): ForgeCheck => ({ name, status: "completed", conclusion: "success", source: "check-run", ...c });

let threadSeq = 0;
/** A thread whose comments were written by `authors`, in order. */
function thread(path: string, line: number | null, authors: string[], extra: Partial<ForgeReviewThread> = {}): ForgeReviewThread {
  threadSeq++;
  return {
    id: `PRRT_${threadSeq}`,
    isResolved: false,
    isOutdated: false,
    path,
    line,
    originalLine: line,
    startLine: null,
    comments: authors.map((author, i) => ({ id: threadSeq * 100 + i, author, body: `comment ${i}` })),
    ...extra,
  };
}

describe("ago", () => {
  it("says how long ago in the unit a person would use, rounded down", () => {
    expect(ago(before(0.5), NOW)).toBe("just now");
    expect(ago(before(12), NOW)).toBe("12 min");
    expect(ago(before(59.9), NOW)).toBe("59 min");
    expect(ago(before(3 * 60 + 50), NOW)).toBe("3 h");
    expect(ago(before(30 * 60), NOW)).toBe("1 day");
    expect(ago(before(50 * 60), NOW)).toBe("2 days");
  });

  it("calls a time in the future, or one it cannot read, just now", () => {
    expect(ago("2026-01-15T10:05:00.000Z", NOW)).toBe("just now");
    expect(ago("not a time", NOW)).toBe("just now");
  });
});

describe("diagnose: one reason at a time", () => {
  it("finds nothing in the way of a green, reviewed, mergeable PR", () => {
    expect(diagnose(facts(), opts)).toEqual([]);
  });

  it("says nothing about a closed or merged PR: it is not stuck", () => {
    expect(diagnose(facts({ pr: { state: "closed", draft: true, mergeable: false } }), opts)).toEqual([]);
    expect(diagnose(facts({ pr: { state: "closed", merged: true }, lastReview: null }), opts)).toEqual([]);
  });

  it("draft: the author owes the next move, and no review is asked for", () => {
    expect(diagnose(facts({ pr: { draft: true }, lastReview: null }), opts)).toEqual([
      { code: "draft", summary: "the PR is a draft", evidence: ["#7 is marked as a draft"], next: "mark it ready for review when the work is done", owner: "@alice" },
    ]);
  });

  it("conflicts: from mergeable false or GitHub's dirty state, the author merges the base", () => {
    const expected = [
      {
        code: "conflicts",
        summary: "merge conflicts with main",
        evidence: ["GitHub cannot merge main into the branch without conflicts"],
        next: "merge the base branch and resolve the conflicts",
        owner: "@alice",
      },
    ];
    expect(diagnose(facts({ pr: { mergeable: false, mergeableState: "unknown" } }), opts)).toEqual(expected);
    expect(diagnose(facts({ pr: { mergeable: null, mergeableState: "dirty" } }), opts)).toEqual(expected);
  });

  it("behind: Shopfloor updates the branch, once per head", () => {
    expect(diagnose(facts({ pr: { mergeableState: "behind" } }), opts)).toEqual([
      { code: "behind", summary: "behind main", evidence: ["the branch lacks the latest commits of main"], next: "update the branch with main", owner: "shopfloor", remedy: "update-branch" },
    ]);
    expect(diagnose(facts({ pr: { mergeableState: "behind" }, remediesTried: ["update-branch"] }), opts)).toEqual([
      {
        code: "behind",
        summary: "behind main",
        evidence: ["the branch lacks the latest commits of main"],
        next: "merge main into the branch by hand: updating it from Shopfloor did not work",
        owner: "@alice",
      },
    ]);
  });

  it("checks failing: names each failure with its age, and Shopfloor re-runs the check runs once", () => {
    const checks = [
      check("ci/test", { conclusion: "failure", id: 11, completedAt: before(185) }),
      check("lint", { conclusion: "timed_out", id: 12, completedAt: before(20) }),
      check("build", { conclusion: "success", id: 13, completedAt: before(20) }),
      check("docs", { conclusion: "skipped", id: 14, completedAt: before(20) }),
    ];
    expect(diagnose(facts({ checks }), opts)).toEqual([
      {
        code: "checks-failing",
        summary: "2 checks failing: ci/test, lint",
        evidence: ["ci/test failed 3 h ago", "lint timed out 20 min ago"],
        next: "re-run ci/test, lint once: a flaky failure often passes",
        owner: "shopfloor",
        remedy: "rerun-checks",
      },
    ]);
  });

  it("checks failing after a re-run at this head: the author fixes it, and the evidence counts the re-runs", () => {
    const checks = [check("ci/test", { conclusion: "failure", id: 11, completedAt: before(5) })];
    expect(diagnose(facts({ checks, remediesTried: ["rerun-checks"] }), opts)).toEqual([
      {
        code: "checks-failing",
        summary: "1 check failing: ci/test",
        evidence: ["ci/test failed 5 min ago, re-run once already"],
        next: "fix the failure; re-run did not help",
        owner: "@alice",
      },
    ]);
    expect(diagnose(facts({ checks, remediesTried: ["rerun-checks", "update-branch", "rerun-checks"] }), opts)[0]!.evidence).toEqual(["ci/test failed 5 min ago, re-run 2 times already"]);
  });

  it("checks failing only as commit statuses: nothing Shopfloor can re-run, so the author owes the fix", () => {
    const checks = [check("ci/legacy", { source: "status", conclusion: "error", completedAt: before(0.2) }), check("deploy", { source: "status", conclusion: "failure" })];
    expect(diagnose(facts({ checks }), opts)).toEqual([
      {
        code: "checks-failing",
        summary: "2 checks failing: ci/legacy, deploy",
        evidence: ["ci/legacy errored just now", "deploy failed"],
        next: "fix the failure (these checks cannot be re-run from Shopfloor)",
        owner: "@alice",
      },
    ]);
  });

  it("checks pending: how long each has been running, and CI owes the move", () => {
    const checks = [
      check("build", { status: "in_progress", conclusion: null, startedAt: before(12) }),
      check("e2e", { status: "queued", conclusion: null, startedAt: null }),
      check("ci/legacy", { status: "pending", conclusion: null, source: "status", startedAt: before(125) }),
      check("lint", { status: "in_progress", conclusion: null, startedAt: before(0.1) }),
    ];
    expect(diagnose(facts({ checks }), opts)).toEqual([
      {
        code: "checks-pending",
        summary: "4 checks pending: build, e2e, ci/legacy, lint",
        evidence: ["build running for 12 min", "e2e queued", "ci/legacy pending for 2 h", "lint running, started just now"],
        next: "wait for the checks to finish",
        owner: "ci",
      },
    ]);
  });

  it("changes requested: a later comment does not undo a request, a later approval does", () => {
    const reviews = [
      review("dave", "CHANGES_REQUESTED", 130),
      review("erin", "CHANGES_REQUESTED", 125),
      review("dave", "COMMENTED", 60),
      review("erin", "APPROVED", 50),
      // frank approved, then his change request was dismissed: his approval stands.
      review("frank", "APPROVED", 40),
      review("frank", "DISMISSED", 30),
      review("gina", "PENDING", 10),
    ];
    expect(diagnose(facts({ reviews }), opts)).toEqual([
      { code: "changes-requested", summary: "changes requested by @dave", evidence: ["@dave requested changes 2 h ago"], next: "address the requested changes and push", owner: "@alice" },
    ]);
  });

  it("changes requested on an older commit: the author asks the reviewer to look again", () => {
    const reviews = [review("dave", "CHANGES_REQUESTED", 300, OLD_HEAD), review("erin", "CHANGES_REQUESTED", 20, HEAD)];
    expect(diagnose(facts({ reviews: [reviews[0]!] }), opts)).toEqual([
      {
        code: "changes-requested",
        summary: "changes requested by @dave",
        evidence: ["@dave requested changes 5 h ago on 0ffee12, before the latest push"],
        next: "ask @dave to re-review: commits were pushed since the request",
        owner: "@alice",
      },
    ]);
    expect(diagnose(facts({ reviews }), opts)[0]).toMatchObject({
      summary: "changes requested by @dave, @erin",
      next: "address the requested changes and push, then ask @dave to re-review",
      owner: "@alice",
    });
  });

  it("unresolved threads: counts who each thread waits for, the reviewer once the author answered last", () => {
    const openThreads = [
      thread("src/cart.ts", 12, ["dave", "alice"]),
      thread("src/cart.ts", 40, ["erin", "alice"]),
      thread("src/price.ts", null, ["dave", "alice", "dave", "alice"], { isOutdated: true, originalLine: 3 }),
    ];
    expect(diagnose(facts({ openThreads }), opts)).toEqual([
      {
        code: "unresolved-threads",
        summary: "3 unresolved review threads (2 wait for @dave, 1 for @erin)",
        evidence: [
          "src/cart.ts:12 waits for @dave, last comment by @alice",
          "src/cart.ts:40 waits for @erin, last comment by @alice",
          "src/price.ts:3 (outdated) waits for @dave, last comment by @alice",
        ],
        next: "read the author's replies and resolve the threads that are settled",
        owner: "@dave",
      },
    ]);
  });

  it("unresolved threads: the author owes Shopfloor's unanswered findings; Shopfloor owes the answered ones", () => {
    const openThreads = [thread("src/a.ts", 1, [BOT]), thread("src/b.ts", 2, [BOT, "dave"]), thread("src/c.ts", 3, [BOT, "alice"])];
    expect(diagnose(facts({ openThreads }), opts)).toEqual([
      {
        code: "unresolved-threads",
        summary: "3 unresolved review threads (2 wait for @alice, 1 for shopfloor)",
        evidence: ["src/a.ts:1 waits for @alice, last comment by shopfloor", "src/b.ts:2 waits for @alice, last comment by @dave", "src/c.ts:3 waits for shopfloor, last comment by @alice"],
        next: "reply to or fix each open thread, then resolve it",
        owner: "@alice",
      },
    ]);
    expect(diagnose(facts({ openThreads: [thread("src/a.ts", 1, [BOT])] }), opts)[0]!.summary).toBe("1 unresolved review thread (1 waits for @alice)");
  });

  it("awaiting review: Shopfloor reviews a head it has not seen, once", () => {
    expect(diagnose(facts({ lastReview: null }), opts)).toEqual([
      { code: "awaiting-review", summary: "no Shopfloor review yet", evidence: ["Shopfloor has never reviewed this PR"], next: "review the latest commit", owner: "shopfloor", remedy: "request-review" },
    ]);
    const older = shopfloorReview({ headSha: OLD_HEAD, createdAt: before(26 * 60) });
    expect(diagnose(facts({ lastReview: older }), opts)).toEqual([
      {
        code: "awaiting-review",
        summary: "no Shopfloor review of the latest commit a1b2c3d",
        evidence: ["the last review was of 0ffee12 1 day ago; the head is now a1b2c3d"],
        next: "review the latest commit",
        owner: "shopfloor",
        remedy: "request-review",
      },
    ]);
    expect(diagnose(facts({ lastReview: older, remediesTried: ["request-review"] }), opts)).toEqual([
      {
        code: "awaiting-review",
        summary: "no Shopfloor review of the latest commit a1b2c3d",
        evidence: ["the last review was of 0ffee12 1 day ago; the head is now a1b2c3d"],
        next: "wait for the review requested for this commit",
        owner: "shopfloor",
      },
    ]);
  });

  it("awaiting approval: the merge card's approvers owe the click", () => {
    expect(diagnose(facts({ awaitingApproval: { since: before(190) } }), opts)).toEqual([
      {
        code: "awaiting-approval",
        summary: "waiting for an approver to merge",
        evidence: ["merge card waiting for 3 h"],
        next: "an approver approves the merge card (or requests changes)",
        owner: "approvers",
      },
    ]);
  });

  it("needs-human: says why when Shopfloor knows, and a person owes the move", () => {
    const reason = "review: blocking findings still open after 3 rounds";
    const openThreads = [thread("src/a.ts", 1, [BOT])];
    const labelled = { pr: { labels: ["risk:high", "factory:needs-human"] }, lastReview: shopfloorReview({ outcome: "needs-human", round: 3 }) };
    expect(diagnose(facts({ ...labelled, openThreads, needsHumanReason: reason }), opts).find((r) => r.code === "needs-human")).toEqual({
      code: "needs-human",
      summary: "labelled factory:needs-human",
      evidence: [reason],
      next: "a person looks at the PR and removes factory:needs-human when it can go on",
      owner: "reviewers",
    });
    // Put on by a person: nothing recorded, and never removed by Shopfloor.
    expect(diagnose(facts({ pr: { labels: ["factory:needs-human"] } }), opts)).toEqual([
      {
        code: "needs-human",
        summary: "labelled factory:needs-human",
        evidence: ["no reason recorded"],
        next: "a person looks at the PR and removes factory:needs-human when it can go on",
        owner: "reviewers",
      },
    ]);
  });

  it("needs-human: Shopfloor removes its own label once no thread is open and no person asks for changes", () => {
    const base = {
      pr: { labels: ["factory:needs-human"] },
      lastReview: shopfloorReview({ outcome: "needs-human", round: 3 }),
      needsHumanReason: "review: blocking findings still open after 3 rounds",
      // The verdict's own change request stays until Shopfloor reviews again; it does not keep the label on.
      reviews: [review(BOT, "CHANGES_REQUESTED", 120)],
    };
    expect(diagnose(facts(base), opts).find((r) => r.code === "needs-human")).toEqual({
      code: "needs-human",
      summary: "labelled factory:needs-human",
      evidence: ["review: blocking findings still open after 3 rounds"],
      next: "remove factory:needs-human: no review thread is open and no one asks for changes any more",
      owner: "shopfloor",
      remedy: "remove-needs-human",
    });
    const remedyOf = (f: PrFacts, o: DiagnoseOptions = opts) => diagnose(f, o).find((r) => r.code === "needs-human")?.remedy;
    expect(remedyOf(facts({ ...base, openThreads: [thread("src/a.ts", 1, [BOT, "alice"])] }))).toBeUndefined();
    expect(remedyOf(facts({ ...base, reviews: [...base.reviews, review("dave", "CHANGES_REQUESTED", 30)] }))).toBeUndefined();
    expect(remedyOf(facts({ ...base, remediesTried: ["remove-needs-human"] }))).toBeUndefined();
    expect(remedyOf(facts({ ...base, lastReview: shopfloorReview({ outcome: "changes-requested" }) }))).toBeUndefined();
    // Without its own login Shopfloor cannot tell its verdict from a person's request: it leaves the label.
    expect(remedyOf(facts(base), { staleHours: 48 })).toBeUndefined();
  });

  it("needs-human: reads the configured label name", () => {
    const f = facts({ pr: { labels: ["factory:needs-human", "humans-please"] } });
    expect(diagnose(f, { ...opts, needsHumanLabel: "humans-please" }).map((r) => r.summary)).toEqual(["labelled humans-please"]);
    expect(diagnose(facts({ pr: { labels: ["humans-please"] } }), opts)).toEqual([]);
  });

  it("automation failed: each failed automation with its age and error, for Shopfloor to look at", () => {
    const failedRuns = [
      { graph: "review", errorCode: "GITHUB_API", errorMessage: "GitHub list files of #7 failed on GitHub's side (502 Bad Gateway)", at: before(125) },
      { graph: "merge", errorCode: null, errorMessage: null, at: before(3) },
    ];
    expect(diagnose(facts({ failedRuns }), opts)).toEqual([
      {
        code: "automation-failed",
        summary: "2 automations failed: review, merge",
        evidence: ["review failed 2 h ago: GITHUB_API GitHub list files of #7 failed on GitHub's side (502 Bad Gateway)", "merge failed 3 min ago"],
        next: "look at the failed run and start it again",
        owner: "shopfloor",
      },
    ]);
    const long = diagnose(facts({ failedRuns: [{ graph: "review", errorCode: "INTERNAL", errorMessage: "x".repeat(500), at: before(60) }] }), opts)[0]!;
    expect(long.summary).toBe("the review automation failed");
    expect(long.evidence[0]).toHaveLength(160);
    expect(long.evidence[0]!.startsWith("review failed 1 h ago: INTERNAL xxx")).toBe(true);
    expect(long.evidence[0]!.endsWith("…")).toBe(true);
  });

  it("protection blocked: when checks and reviews explain nothing, the approvers owe what protection wants", () => {
    expect(diagnose(facts({ pr: { mergeableState: "blocked" } }), opts)).toEqual([
      {
        code: "protection-blocked",
        summary: "branch protection requires something not yet there (a required review or check)",
        evidence: ["GitHub reports the merge into main as blocked", "no approving review yet"],
        next: "approve it, or find the required check that has not reported",
        owner: "approvers",
      },
    ]);
    expect(diagnose(facts({ pr: { mergeableState: "blocked" }, reviews: [review("erin", "APPROVED", 10)] }), opts)[0]!.evidence).toEqual([
      "GitHub reports the merge into main as blocked",
      "approved by @erin",
    ]);
    // A failing check or a change request is what blocks it: they are reported, not protection.
    const failing = [check("ci/test", { conclusion: "failure", id: 1 })];
    expect(diagnose(facts({ pr: { mergeableState: "blocked" }, checks: failing }), opts).map((r) => r.code)).toEqual(["checks-failing"]);
    expect(diagnose(facts({ pr: { mergeableState: "blocked" }, reviews: [review("dave", "CHANGES_REQUESTED", 10)] }), opts).map((r) => r.code)).toEqual(["changes-requested"]);
  });

  it("inactive: no activity for longer than staleHours; the author owes it when nothing else is in the way", () => {
    expect(diagnose(facts({ pr: { updatedAt: before(47 * 60) } }), opts)).toEqual([]);
    expect(diagnose(facts({ pr: { updatedAt: before(3 * 24 * 60 + 5) } }), opts)).toEqual([
      { code: "inactive", summary: "no activity for 3 days", evidence: ["last updated 3 days ago"], next: "make the next move, or close the PR if it is abandoned", owner: "@alice" },
    ]);
  });

  it("inactive: whoever owes the first other reason owes the silence too", () => {
    const reasons = diagnose(facts({ pr: { updatedAt: before(50 * 60) }, awaitingApproval: { since: before(50 * 60) } }), opts);
    expect(reasons.map((r) => [r.code, r.owner])).toEqual([
      ["awaiting-approval", "approvers"],
      ["inactive", "approvers"],
    ]);
  });
});

describe("diagnose: several reasons at once", () => {
  it("a conflicting PR with failing checks and open threads: conflicts first, each with its owner", () => {
    const reasons = diagnose(
      facts({
        pr: { mergeable: false, mergeableState: "dirty", updatedAt: before(4 * 24 * 60) },
        checks: [check("ci/test", { conclusion: "failure", id: 21, completedAt: before(4 * 24 * 60) }), check("lint", { status: "in_progress", conclusion: null, startedAt: before(30) })],
        openThreads: [thread("src/cart.ts", 12, ["dave"]), thread("src/cart.ts", 30, ["dave", "alice"])],
        lastReview: shopfloorReview({ headSha: OLD_HEAD }),
        failedRuns: [{ graph: "review", errorCode: "MODEL_TIMEOUT", errorMessage: "the model did not answer in 60 s", at: before(90) }],
      }),
      opts,
    );
    expect(reasons.map((r) => ({ code: r.code, owner: r.owner, remedy: r.remedy }))).toEqual([
      { code: "conflicts", owner: "@alice", remedy: undefined },
      { code: "checks-failing", owner: "shopfloor", remedy: "rerun-checks" },
      { code: "unresolved-threads", owner: "@alice", remedy: undefined },
      { code: "checks-pending", owner: "ci", remedy: undefined },
      { code: "automation-failed", owner: "shopfloor", remedy: undefined },
      { code: "awaiting-review", owner: "shopfloor", remedy: "request-review" },
      { code: "inactive", owner: "@alice", remedy: undefined },
    ]);
    expect(reasons.find((r) => r.code === "unresolved-threads")!.summary).toBe("2 unresolved review threads (1 waits for @alice, 1 for @dave)");
    expect(reasons.find((r) => r.code === "checks-failing")!.evidence).toEqual(["ci/test failed 4 days ago"]);
  });

  it("a draft that is also behind, with changes requested: draft, changes, behind — and no review asked of a draft", () => {
    const reasons = diagnose(
      facts({ pr: { draft: true, mergeableState: "behind" }, reviews: [review("dave", "CHANGES_REQUESTED", 15)], lastReview: null, needsHumanReason: null }),
      opts,
    );
    expect(reasons.map((r) => [r.code, r.owner])).toEqual([
      ["draft", "@alice"],
      ["changes-requested", "@alice"],
      ["behind", "shopfloor"],
    ]);
  });

  it("is deterministic: the same facts give the same reasons", () => {
    const f = facts({ pr: { mergeableState: "behind", labels: ["factory:needs-human"] }, lastReview: null, awaitingApproval: { since: before(5) } });
    expect(diagnose(f, opts)).toEqual(diagnose(structuredClone(f), opts));
  });
});
