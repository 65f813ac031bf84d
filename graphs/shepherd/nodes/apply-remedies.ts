import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { isFailing } from "../../../src/core/check-outcome.js";
import { hash, threadIds } from "../../../src/core/ids.js";
import { act } from "../../shared/act.js";
import type { Remedy } from "../../shared/diagnosis/pr-facts.js";
import type { ShepherdStateType } from "../shepherd-state.js";

/**
 * The safe remedies policy allows, each at most once per head SHA (the intent carries the SHA): update the branch,
 * re-run failed checks once, ask for a review of an unreviewed head, take factory:needs-human off when its reason
 * is gone (saying why on the PR). Anything else is for people, and the next node escalates it.
 */
export function applyRemedies(deps: GraphDeps) {
  return async (state: ShepherdStateType, config: LangGraphRunnableConfig) => {
    const facts = state.facts!;
    const pr = facts.pr;
    const sha = pr.headSha;
    const allowed = deps.settings.shepherd.remedies;
    const policy: Record<Remedy, boolean> = {
      "update-branch": allowed.updateBranch,
      "rerun-checks": allowed.rerunChecks,
      "request-review": allowed.requestReview,
      "remove-needs-human": allowed.removeNeedsHuman,
    };
    const tried = new Set(facts.remediesTried);
    const applied: string[] = [];
    for (const reason of state.reasons) {
      const remedy = reason.remedy;
      if (!remedy || !policy[remedy] || tried.has(remedy)) continue;
      tried.add(remedy);
      const intent = `${remedy}@${sha}`;
      switch (remedy) {
        case "update-branch":
          await act(deps.effects, config, "apply-remedies", intent, "github.update-branch", { number: pr.number, expectedHeadSha: sha });
          applied.push("merged the base branch into it (Update branch)");
          break;
        case "rerun-checks":
          for (const check of facts.checks.filter((c) => c.id !== undefined && isFailing(c))) {
            await act(deps.effects, config, "apply-remedies", `${intent}/${check.id}`, "github.rerun-check", { checkRunId: check.id! });
          }
          applied.push("re-ran the failed checks once");
          break;
        case "request-review": {
          const threadId = threadIds.pullRequest(deps.settings.repository ?? "", pr.number);
          await act(deps.effects, config, "apply-remedies", intent, "shopfloor.start-run", {
            graph: "review",
            threadId,
            jobId: `run-review-${hash(threadId)}-shepherd-${sha.slice(0, 12)}`,
            input: { pr: pr.number, trigger: { kind: "shepherd", id: `shepherd-${sha}` } },
          });
          applied.push("asked the review automation to review the current head");
          break;
        }
        case "remove-needs-human":
          await act(deps.effects, config, "apply-remedies", intent, "github.remove-label", { number: pr.number, label: deps.settings.labels.needsHuman });
          await act(deps.effects, config, "apply-remedies", `${intent}/why`, "github.comment", {
            number: pr.number,
            body: `Shopfloor took \`${deps.settings.labels.needsHuman}\` off: ${reason.evidence.join("; ") || reason.summary}. ${reason.next}`,
          });
          applied.push(`removed ${deps.settings.labels.needsHuman} (${reason.summary})`);
          break;
      }
    }
    if (applied.length) deps.logger.info({ pr: pr.number, sha, applied }, "shepherd applied remedies");
    return { applied, tried: { ...state.tried, [sha]: [...tried] } };
  };
}
