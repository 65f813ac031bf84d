import type { ForgeCheck, ForgeReview, ForgeReviewThread } from "../../../src/core/ports/forge-port.js";
import { ago, agoPhrase } from "../../../src/core/ago.js";
import { isFailing, isPending } from "../../../src/core/check-outcome.js";
import type { DiagnoseOptions, PrFacts, Reason } from "./pr-facts.js";
import { plural, shorten } from "../../../src/core/text.js";

const HOUR = 3_600_000;
const DEFAULT_NEEDS_HUMAN_LABEL = "factory:needs-human";
/** Error messages from the run ledger can be pages long; a reason is read on one screen. */
const ERROR_TEXT_MAX = 160;

/** How a person says each failing conclusion (which ones fail: src/core/check-outcome.ts). */
const FAILED: ReadonlyMap<string, string> = new Map([
  ["failure", "failed"],
  ["timed_out", "timed out"],
  ["cancelled", "was cancelled"],
  ["action_required", "needs action"],
  ["error", "errored"],
  ["startup_failure", "failed to start"],
]);

interface Context {
  facts: PrFacts;
  author: string;
  needsHumanLabel: string;
  /** How a login is written in a reason: "@dave", or "shopfloor" for Shopfloor's own identity. */
  handle: (login: string) => string;
  /** Whether Shopfloor's own login is known, so its reviews and threads can be told from people's. */
  botKnown: boolean;
  failing: ForgeCheck[];
  pending: ForgeCheck[];
  /** Reviewers whose latest decision requests changes, in the order they first reviewed. */
  requesters: string[];
  approvers: string[];
}

/**
 * Why an open pull request is not merged yet: every reason that holds, most blocking first (draft, conflicts,
 * failing checks, changes requested, unresolved threads, behind, pending checks, branch protection, needs-human,
 * failed automation, awaiting review, awaiting approval, inactive). Pure: the same facts give the same reasons,
 * so the shepherd and explain never disagree. An empty list means nothing is in the way; a closed or merged PR
 * is not stuck, so it has no reasons either.
 */
export function diagnose(facts: PrFacts, opts: DiagnoseOptions): Reason[] {
  const { pr } = facts;
  if (pr.state !== "open" || pr.merged) return [];
  const bot = opts.botLogin?.toLowerCase();
  const decisions = latestDecisions(facts.reviews);
  const ctx: Context = {
    facts,
    author: `@${pr.author}`,
    needsHumanLabel: opts.needsHumanLabel ?? DEFAULT_NEEDS_HUMAN_LABEL,
    handle: (login) => (bot !== undefined && login.toLowerCase() === bot ? "shopfloor" : `@${login}`),
    botKnown: bot !== undefined,
    failing: facts.checks.filter(isFailing),
    pending: facts.checks.filter(isPending),
    requesters: [...decisions].filter(([, state]) => state === "CHANGES_REQUESTED").map(([login]) => login),
    approvers: [...decisions].filter(([, state]) => state === "APPROVED").map(([login]) => login),
  };
  const reasons = [
    draft(ctx),
    conflicts(ctx),
    checksFailing(ctx),
    changesRequested(ctx),
    unresolvedThreads(ctx),
    behind(ctx),
    checksPending(ctx),
    protectionBlocked(ctx),
    needsHuman(ctx),
    automationFailed(ctx),
    awaitingReview(ctx),
    awaitingApproval(ctx),
  ].filter((r): r is Reason => r !== null);
  const stale = inactive(ctx, opts.staleHours, reasons[0]?.owner);
  return stale ? [...reasons, stale] : reasons;
}

/**
 * Each reviewer's standing decision, as GitHub counts it: a comment, or a dismissal of an older review, does not
 * undo an approval or a change request the same reviewer gave; pending (unsubmitted) reviews do not count.
 */
export function latestDecisions(reviews: readonly ForgeReview[]): Map<string, ForgeReview["state"]> {
  const out = new Map<string, ForgeReview["state"]>();
  for (const r of reviews) {
    if (r.state === "PENDING") continue;
    const before = out.get(r.author);
    if ((r.state === "COMMENTED" || r.state === "DISMISSED") && (before === "APPROVED" || before === "CHANGES_REQUESTED")) continue;
    out.set(r.author, r.state);
  }
  return out;
}

const short = (sha: string) => sha.slice(0, 7);

function draft({ facts, author }: Context): Reason | null {
  if (!facts.pr.draft) return null;
  return { code: "draft", summary: "the PR is a draft", evidence: [`#${facts.pr.number} is marked as a draft`], next: "mark it ready for review when the work is done", owner: author };
}

function isConflicting(ctx: Context): boolean {
  return ctx.facts.pr.mergeable === false || ctx.facts.pr.mergeableState === "dirty";
}

function conflicts(ctx: Context): Reason | null {
  if (!isConflicting(ctx)) return null;
  const base = ctx.facts.pr.baseRef;
  return {
    code: "conflicts",
    summary: `merge conflicts with ${base}`,
    evidence: [`GitHub cannot merge ${base} into the branch without conflicts`],
    next: "merge the base branch and resolve the conflicts",
    owner: ctx.author,
  };
}

function timesRerun(facts: PrFacts): number {
  return facts.remediesTried.filter((r) => r === "rerun-checks").length;
}

function checksFailing(ctx: Context): Reason | null {
  const { facts, failing } = ctx;
  if (failing.length === 0) return null;
  const tries = timesRerun(facts);
  const rerunNote = tries === 0 ? "" : tries === 1 ? ", re-run once already" : `, re-run ${tries} times already`;
  const evidence = failing.map((c) => `${c.name} ${FAILED.get(c.conclusion ?? "")}${c.completedAt ? ` ${agoPhrase(c.completedAt, facts.now)}` : ""}${rerunNote}`);
  const summary = `${plural(failing.length, "check")} failing: ${failing.map((c) => c.name).join(", ")}`;
  // Only check runs can be re-run through GitHub; a commit status belongs to a CI Shopfloor cannot drive.
  const rerunnable = failing.filter((c) => c.source === "check-run" && c.id !== undefined);
  if (tries === 0 && rerunnable.length > 0) {
    return { code: "checks-failing", summary, evidence, next: `re-run ${rerunnable.map((c) => c.name).join(", ")} once: a flaky failure often passes`, owner: "shopfloor", remedy: "rerun-checks" };
  }
  const next = tries > 0 ? "fix the failure; re-run did not help" : "fix the failure (these checks cannot be re-run from Shopfloor)";
  return { code: "checks-failing", summary, evidence, next, owner: ctx.author };
}

function changesRequested(ctx: Context): Reason | null {
  const { facts, requesters, handle } = ctx;
  if (requesters.length === 0) return null;
  const head = facts.pr.headSha;
  const fresh: string[] = [];
  const stale: string[] = [];
  const evidence = requesters.map((login) => {
    const review = facts.reviews.filter((r) => r.author === login && r.state === "CHANGES_REQUESTED").at(-1);
    const commit = review?.commitId ?? null;
    const older = commit !== null && commit !== head ? commit : null;
    (older ? stale : fresh).push(handle(login));
    const when = review?.submittedAt ? ` ${agoPhrase(review.submittedAt, facts.now)}` : "";
    return `${handle(login)} requested changes${when}${older ? ` on ${short(older)}, before the latest push` : ""}`;
  });
  const next =
    fresh.length === 0
      ? `ask ${stale.join(", ")} to re-review: commits were pushed since the request`
      : `address the requested changes and push${stale.length ? `, then ask ${stale.join(", ")} to re-review` : ""}`;
  return { code: "changes-requested", summary: `changes requested by ${requesters.map(handle).join(", ")}`, evidence, next, owner: ctx.author };
}

/**
 * Who owes the next move in a thread: the PR's author while someone else spoke last; once the author answered,
 * whoever opened the thread (the reviewer) has to read the answer and resolve or reply.
 */
function waiterOf(thread: ForgeReviewThread, author: string): string {
  const last = thread.comments.at(-1);
  if (!last || last.author !== author) return author;
  return thread.comments[0]!.author;
}

function unresolvedThreads(ctx: Context): Reason | null {
  const { facts, handle } = ctx;
  const threads = facts.openThreads;
  if (threads.length === 0) return null;
  const author = facts.pr.author;
  const counts = new Map<string, number>();
  const evidence = threads.map((t) => {
    const waiter = handle(waiterOf(t, author));
    counts.set(waiter, (counts.get(waiter) ?? 0) + 1);
    const line = t.line ?? t.originalLine;
    const place = `${t.path}${line !== null ? `:${line}` : ""}${t.isOutdated ? " (outdated)" : ""}`;
    const last = t.comments.at(-1);
    return `${place} waits for ${waiter}${last ? `, last comment by ${handle(last.author)}` : ""}`;
  });
  // Stable sort: the waiter with most threads first, ties in the order the threads came.
  const groups = [...counts].sort((a, b) => b[1] - a[1]);
  const [owner] = groups[0]!;
  const detail = groups.map(([who, n], i) => (i === 0 ? `${n} ${n === 1 ? "waits" : "wait"} for ${who}` : `${n} for ${who}`)).join(", ");
  return {
    code: "unresolved-threads",
    summary: `${plural(threads.length, "unresolved review thread")} (${detail})`,
    evidence,
    next: owner === ctx.author ? "reply to or fix each open thread, then resolve it" : "read the author's replies and resolve the threads that are settled",
    owner,
  };
}

function behind(ctx: Context): Reason | null {
  const { pr, remediesTried } = ctx.facts;
  if (pr.mergeableState !== "behind" || isConflicting(ctx)) return null;
  const base = pr.baseRef;
  const reason = { code: "behind" as const, summary: `behind ${base}`, evidence: [`the branch lacks the latest commits of ${base}`] };
  if (remediesTried.includes("update-branch")) return { ...reason, next: `merge ${base} into the branch by hand: updating it from Shopfloor did not work`, owner: ctx.author };
  return { ...reason, next: `update the branch with ${base}`, owner: "shopfloor", remedy: "update-branch" };
}

function checksPending(ctx: Context): Reason | null {
  const { facts, pending } = ctx;
  if (pending.length === 0) return null;
  const evidence = pending.map((c) => {
    const state = c.status === "queued" ? "queued" : c.source === "status" ? "pending" : "running";
    if (!c.startedAt) return `${c.name} ${state}`;
    const span = ago(c.startedAt, facts.now);
    return span === "just now" ? `${c.name} ${state}, started just now` : `${c.name} ${state} for ${span}`;
  });
  return {
    code: "checks-pending",
    summary: `${plural(pending.length, "check")} pending: ${pending.map((c) => c.name).join(", ")}`,
    evidence,
    next: "wait for the checks to finish",
    owner: "ci",
  };
}

/** GitHub says "blocked" for any protection rule; only when checks and reviews explain nothing is it the rule itself. */
function protectionBlocked(ctx: Context): Reason | null {
  if (ctx.facts.pr.mergeableState !== "blocked" || ctx.failing.length || ctx.pending.length || ctx.requesters.length) return null;
  return {
    code: "protection-blocked",
    summary: "branch protection requires something not yet there (a required review or check)",
    evidence: [
      `GitHub reports the merge into ${ctx.facts.pr.baseRef} as blocked`,
      ctx.approvers.length ? `approved by ${ctx.approvers.map(ctx.handle).join(", ")}` : "no approving review yet",
    ],
    next: "approve it, or find the required check that has not reported",
    owner: "approvers",
  };
}

/**
 * The label's recorded reason is Shopfloor's own review giving up after its rounds. It no longer holds once no
 * review thread is open and no one else asks for changes: whatever the findings were, they were fixed or settled
 * by a person. Shopfloor's own change request is left out, as it is the verdict that put the label on. Without the
 * bot's login that request cannot be told apart, so nothing is removed. A label someone else put on (no
 * needs-human verdict on record) is never removed, whatever the PR looks like.
 */
function needsHumanNoLongerHolds(ctx: Context): boolean {
  const { facts } = ctx;
  if (facts.lastReview?.outcome !== "needs-human" || facts.remediesTried.includes("remove-needs-human")) return false;
  if (facts.openThreads.length > 0 || !ctx.botKnown) return false;
  return ctx.requesters.every((login) => ctx.handle(login) === "shopfloor");
}

function needsHuman(ctx: Context): Reason | null {
  const { facts, needsHumanLabel: label } = ctx;
  if (!facts.pr.labels.includes(label)) return null;
  const reason = { code: "needs-human" as const, summary: `labelled ${label}`, evidence: [facts.needsHumanReason ?? "no reason recorded"] };
  if (needsHumanNoLongerHolds(ctx)) {
    return { ...reason, next: `remove ${label}: no review thread is open and no one asks for changes any more`, owner: "shopfloor", remedy: "remove-needs-human" };
  }
  return { ...reason, next: `a person looks at the PR and removes ${label} when it can go on`, owner: "reviewers" };
}

function automationFailed({ facts }: Context): Reason | null {
  const failed = facts.failedRuns;
  if (failed.length === 0) return null;
  const graphs = [...new Set(failed.map((f) => f.graph))];
  const evidence = failed.map((f) => {
    const error = [f.errorCode, f.errorMessage].filter(Boolean).join(" ");
    const line = `${f.graph} failed ${agoPhrase(f.at, facts.now)}${error ? `: ${error}` : ""}`;
    return shorten(line, ERROR_TEXT_MAX);
  });
  return {
    code: "automation-failed",
    summary: graphs.length === 1 ? `the ${graphs[0]} automation failed` : `${graphs.length} automations failed: ${graphs.join(", ")}`,
    evidence,
    next: "look at the failed run and start it again",
    owner: "shopfloor",
  };
}

function awaitingReview({ facts }: Context): Reason | null {
  const { pr, lastReview } = facts;
  if (pr.draft || lastReview?.headSha === pr.headSha) return null;
  const evidence = lastReview
    ? [`the last review was of ${short(lastReview.headSha)}${lastReview.createdAt ? ` ${agoPhrase(lastReview.createdAt, facts.now)}` : ""}; the head is now ${short(pr.headSha)}`]
    : ["Shopfloor has never reviewed this PR"];
  const summary = lastReview ? `no Shopfloor review of the latest commit ${short(pr.headSha)}` : "no Shopfloor review yet";
  if (facts.remediesTried.includes("request-review")) return { code: "awaiting-review", summary, evidence, next: "wait for the review requested for this commit", owner: "shopfloor" };
  return { code: "awaiting-review", summary, evidence, next: "review the latest commit", owner: "shopfloor", remedy: "request-review" };
}

function awaitingApproval({ facts }: Context): Reason | null {
  if (!facts.awaitingApproval) return null;
  return {
    code: "awaiting-approval",
    summary: "waiting for an approver to merge",
    evidence: [`merge card waiting for ${ago(facts.awaitingApproval.since, facts.now)}`],
    next: "an approver approves the merge card (or requests changes)",
    owner: "approvers",
  };
}

function inactive(ctx: Context, staleHours: number, firstOwner: string | undefined): Reason | null {
  const { pr, now } = ctx.facts;
  if (Date.parse(now) - Date.parse(pr.updatedAt) < staleHours * HOUR) return null;
  return {
    code: "inactive",
    summary: `no activity for ${ago(pr.updatedAt, now)}`,
    evidence: [`last updated ${agoPhrase(pr.updatedAt, now)}`],
    next: "make the next move, or close the PR if it is abandoned",
    owner: firstOwner ?? ctx.author,
  };
}
