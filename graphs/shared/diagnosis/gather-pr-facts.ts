import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { threadIds } from "../../../src/core/ids.js";
import type { RunRecord } from "../../../src/core/ledgers/run-ledger.js";
import type { PrFacts } from "./pr-facts.js";

/** How many runs of a PR's other threads (merge cards, one per reviewed commit) are looked at. */
const SUB_THREAD_RUNS = 50;

/**
 * Reads everything diagnose needs about one PR: GitHub's facts (the PR, the checks of its head, reviews, open
 * threads) and Shopfloor's ledgers (its last review, the runs of its automations on this PR).
 */
export async function gatherPrFacts(deps: GraphDeps, prNumber: number, opts: { remediesTried?: string[] } = {}): Promise<PrFacts> {
  const repo = deps.settings.repository ?? "";
  const pr = await deps.forge.getPullRequest(prNumber);
  const thread = threadIds.pullRequest(repo, prNumber);
  const [checks, reviews, threads, [lastReview], ownRuns, subRuns] = await Promise.all([
    deps.forge.listChecks(pr.headSha),
    deps.forge.listReviews(prNumber),
    deps.forge.listReviewThreads(prNumber),
    deps.reviews.list(repo, prNumber, 1),
    // The PR's own thread and its sub-threads (`…#12:merge:<sha>`) are read apart: the bare prefix `…#1` would
    // also match PR 12's threads, and those could crowd this PR's out of the limit.
    deps.runs.runsForThread(thread),
    deps.runs.runsForThreadPrefix(`${thread}:`, SUB_THREAD_RUNS),
  ]);
  const runs = newestFirst([...ownRuns, ...subRuns]);
  return {
    pr,
    checks,
    reviews,
    openThreads: threads.filter((t) => !t.isResolved),
    lastReview: lastReview ?? null,
    awaitingApproval: awaitingApproval(runs, pr.headSha),
    failedRuns: unrecoveredFailures(runs),
    needsHumanReason: lastReview?.outcome === "needs-human" ? `review: blocking findings still open after ${lastReview.round} rounds` : null,
    remediesTried: [...(opts.remediesTried ?? [])],
    now: deps.clock.now().toISOString(),
  };
}

function newestFirst(runs: RunRecord[]): RunRecord[] {
  return [...runs].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
}

/**
 * The merge card of the current head waiting for a click: the review hands off one merge thread per reviewed
 * commit, named after the first 12 characters of its SHA (graphs/review/nodes/hand-off.ts). A card of an older
 * head is not an approval anyone can give any more. The wait began with the thread's first run; a snooze or a
 * refused click resumes and waits again on the same card, which does not restart it.
 */
function awaitingApproval(runs: RunRecord[], headSha: string): { since: string } | null {
  const card = runs.filter((r) => r.graph === "merge" && r.threadId.endsWith(`:merge:${headSha.slice(0, 12)}`));
  if (card[0]?.status !== "waiting") return null;
  return { since: card.at(-1)!.startedAt };
}

/**
 * Per automation, its newest failure when nothing of the same automation got through since: a later run that
 * succeeded, or reached a wait for a person, shows the failure was recovered (a retry, the next push). Retries
 * of one job leave several failed runs; the newest says the same, so one per automation is kept.
 */
function unrecoveredFailures(runs: RunRecord[]): PrFacts["failedRuns"] {
  const settled = new Set<string>();
  const out: PrFacts["failedRuns"] = [];
  for (const run of runs) {
    if (settled.has(run.graph)) continue;
    if (run.status === "succeeded" || run.status === "waiting") settled.add(run.graph);
    else if (run.status === "failed") {
      settled.add(run.graph);
      out.push({ graph: run.graph, errorCode: run.errorCode, errorMessage: run.errorMessage, at: run.finishedAt ?? run.startedAt });
    }
  }
  return out;
}
