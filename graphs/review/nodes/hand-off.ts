import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { hash, threadIds } from "../../../src/core/ids.js";
import { act, threadIdOf } from "../../shared/act.js";
import { fixModeApplies } from "../../shared/fix-mode.js";
import type { ReviewStateType } from "../review-state.js";

/**
 * A PR whose review requested changes on a Shopfloor branch goes to the build automation's fix mode.
 * A PR that passed review goes to the merge automation: its card asks an approver to merge exactly the reviewed
 * commit. One merge run per reviewed commit, so a second review of the same head finds the card already waiting.
 */
export function handOff(deps: GraphDeps) {
  return async (state: ReviewStateType, config: LangGraphRunnableConfig) => {
    const pr = state.pr!;
    if (state.outcome === "changes-requested" && fixModeApplies(deps.settings, pr.headRef)) {
      // One fix run per reviewed commit: the fix's push starts the next review, which may ask for the next fix.
      const threadId = threadIds.fix(deps.settings.repository ?? "", pr.number);
      await act(deps.effects, config, "hand-off", `fix-${pr.headSha}`, "shopfloor.start-run", {
        graph: "build",
        threadId,
        jobId: `run-fix-${hash(`${threadId}/${pr.headSha}`)}`,
        input: {
          mode: "fix",
          pr: pr.number,
          trigger: { kind: "review", id: pr.headSha },
          ...(state.context?.slack ? { slack: state.context.slack } : {}),
        },
      });
      return {};
    }
    if (state.outcome !== "clean" && state.outcome !== "approved") return {};
    const threadId = `${threadIdOf(config)}:merge:${pr.headSha.slice(0, 12)}`;
    const b = state.bottomLine;
    const bottomLine = b ? [b.whatChanged, b.affects && `Affects: ${b.affects}`, b.keyDecisions.length ? `Decisions: ${b.keyDecisions.join("; ")}` : ""].filter(Boolean).join("\n") : "";
    await act(deps.effects, config, "hand-off", pr.headSha, "shopfloor.start-run", {
      graph: "merge",
      threadId,
      jobId: `run-merge-${hash(threadId)}`,
      input: {
        pr: pr.number,
        reviewedSha: pr.headSha,
        risk: state.risk!.level,
        riskReasons: state.risk!.reasons,
        bottomLine,
        approvedByPolicy: state.outcome === "approved",
      },
    });
    return {};
  };
}
