import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { ForgePullRequest } from "../../../src/core/ports/forge-port.js";
import type { ReviewStateType } from "../review-state.js";

/**
 * Decides on fresh facts whether this PR is reviewed now: the webhook may be minutes old. Asked-for reviews
 * (a command, a comment) pass the author and draft rules but never the do-not-automate label, and a comment's
 * author must have write access — anyone else is ignored and the refusal goes to the audit log.
 */
export function gate(deps: GraphDeps) {
  return async (state: ReviewStateType) => {
    const { trigger } = state.request;
    const pr = await deps.forge.getPullRequest(state.request.pr);
    const skip = await reasonToSkip(deps, state, pr);
    if (skip) deps.logger.info({ pr: pr.number, trigger: trigger.kind, skip }, "review skipped");
    return { pr, skip };
  };
}

async function reasonToSkip(deps: GraphDeps, state: ReviewStateType, pr: ForgePullRequest): Promise<string | null> {
  const { trigger } = state.request;
  const asked = trigger.kind === "command" || trigger.kind === "comment";
  const { review, labels } = deps.settings;
  if (trigger.kind === "comment") {
    const login = trigger.by ?? "";
    if (!(await deps.forge.hasWriteAccess(login))) {
      await deps.audit.append({
        actor: `github:${login}`,
        actorGithub: login,
        action: "review.request",
        subject: `pr#${pr.number}`,
        outcome: "refused",
        detail: { reason: "no write access", trigger: trigger.id },
      });
      return `@${login} has no write access to the repository, so their review request was ignored`;
    }
  }
  if (pr.state !== "open") return `#${pr.number} is ${pr.merged ? "merged" : "closed"}`;
  if (pr.labels.includes(labels.doNotAutomate)) return `#${pr.number} is labelled ${labels.doNotAutomate}`;
  if (!asked && pr.draft && !review.reviewDrafts) return `#${pr.number} is a draft`;
  if (!asked && review.excludeAuthors.some((a) => a.toLowerCase() === pr.author.toLowerCase())) return `PRs by ${pr.author} are excluded from automatic review`;
  if (!asked && !state.request.full) {
    const [last] = await deps.reviews.list(deps.settings.repository ?? "", pr.number, 1);
    if (last?.headSha === pr.headSha) return `${pr.headSha.slice(0, 7)} was reviewed already`;
  }
  return null;
}
