import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { summariseChecks } from "../checks.js";
import type { CardStatus, MergeStateType } from "../merge-state.js";

/**
 * Everything again, at click time, on fresh facts: the PR is open, its head is the reviewed commit, it merges
 * cleanly, its checks are green and branch protection lets it in. Anything else is written on the card and
 * nothing is merged. New commits end this card: the review automation reviews them and posts a new one.
 */
export function recheck(deps: GraphDeps) {
  return async (state: MergeStateType) => {
    const pr = await deps.forge.getPullRequest(state.request.pr);
    const reviewed = state.request.reviewedSha;
    const sha7 = reviewed.slice(0, 7);
    if (pr.merged) return { pr, status: { kind: "superseded", why: `already merged (${(pr.mergeCommitSha ?? "").slice(0, 7)})` } satisfies CardStatus };
    if (pr.state !== "open") return { pr, status: { kind: "superseded", why: "the pull request was closed" } satisfies CardStatus };
    if (pr.headSha !== reviewed) {
      const ahead = await deps.forge.compareCommits(reviewed, pr.headSha).then((c) => (c.status === "ahead" ? c.aheadBy : null), () => null);
      const what = ahead ? `${ahead} new commit${ahead === 1 ? "" : "s"} since review` : `the branch changed since review (${sha7} → ${pr.headSha.slice(0, 7)})`;
      return { pr, status: { kind: "superseded", why: `${what} — reviewing again` } satisfies CardStatus };
    }
    const checks = await deps.forge.listChecks(pr.headSha);
    const { failing, pending } = summariseChecks(checks);
    const problems = [
      ...(pr.mergeable === false ? ["it conflicts with the base branch"] : []),
      ...(pr.mergeable === null ? ["GitHub is still working out whether it merges cleanly; try again in a minute"] : []),
      ...(failing.length ? [`failing checks: ${failing.join(", ")}`] : []),
      ...(pending.length ? [`checks still running: ${pending.join(", ")}`] : []),
      ...(pr.mergeableState === "blocked" && !failing.length && !pending.length ? ["branch protection does not allow the merge yet (a required review or check is missing)"] : []),
      ...(pr.mergeableState === "behind" ? ["it is behind the base branch, and branch protection wants it up to date"] : []),
    ];
    return { pr, checks, status: (problems.length ? { kind: "blocked", problems } : { kind: "waiting" }) satisfies CardStatus };
  };
}
