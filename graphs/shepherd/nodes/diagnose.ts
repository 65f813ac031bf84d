import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { diagnose as diagnosePr } from "../../shared/diagnosis/diagnose.js";
import { diagnoseOptions } from "../../shared/diagnosis/pr-facts.js";
import type { ShepherdStateType } from "../shepherd-state.js";

export function diagnose(deps: GraphDeps) {
  return async (state: ShepherdStateType) => {
    const facts = state.facts!;
    // A merged or closed PR has nothing in the way; its escalation, if any, is closed next.
    if (facts.pr.state !== "open") return { reasons: [] };
    return { reasons: diagnosePr(facts, diagnoseOptions(deps.settings)) };
  };
}
