import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import { runTag, type ReviewStateType } from "../review-state.js";

/** `risk:<level>` replaces any other risk label; a review that gives up adds `factory:needs-human`. */
export function label(deps: GraphDeps) {
  return async (state: ReviewStateType, config: LangGraphRunnableConfig) => {
    const pr = state.pr!;
    const { riskPrefix, needsHuman } = deps.settings.labels;
    const riskLabel = `${riskPrefix}${state.risk!.level}`;
    const tag = runTag(state);
    for (const stale of pr.labels.filter((l) => l.startsWith(riskPrefix) && l !== riskLabel)) {
      await act(deps.effects, config, "label", `${tag}/remove/${stale}`, "github.remove-label", { number: pr.number, label: stale });
    }
    const add = [...(pr.labels.includes(riskLabel) ? [] : [riskLabel]), ...(state.outcome === "needs-human" && !pr.labels.includes(needsHuman) ? [needsHuman] : [])];
    if (add.length) await act(deps.effects, config, "label", `${tag}/add`, "github.add-labels", { number: pr.number, labels: add });
    return {};
  };
}
