import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { diagnose as diagnosePr } from "../../shared/diagnosis/diagnose.js";
import { diagnoseOptions } from "../../shared/diagnosis/pr-facts.js";
import type { ExplainStateType } from "../explain-state.js";

/**
 * The reasons come from rules over the facts, never from the model, and with the shepherd's settings: what a person
 * is told is what the shepherd acts on.
 */
export function diagnose(deps: GraphDeps) {
  return async (state: ExplainStateType, _config: LangGraphRunnableConfig) => {
    if (!state.facts) return { reasons: [] };
    return { reasons: diagnosePr(state.facts, diagnoseOptions(deps.settings)) };
  };
}
