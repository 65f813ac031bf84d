import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { hash } from "../../../src/core/ids.js";
import { act, threadIdOf } from "../../shared/act.js";
import type { ReviewStateType } from "../review-state.js";

/**
 * A PR that passed review goes to the merge automation: its card asks an approver to merge exactly the reviewed
 * commit. One merge run per reviewed commit, so a second review of the same head finds the card already waiting.
 */
export function handOff(deps: GraphDeps) {
  return async (state: ReviewStateType, config: LangGraphRunnableConfig) => {
    if (state.outcome !== "clean" && state.outcome !== "approved") return {};
    const pr = state.pr!;
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
