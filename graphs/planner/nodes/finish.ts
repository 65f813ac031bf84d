import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { PlannerStateType } from "../planner-state.js";

/** The run's last word in the logs (the report said it to people). */
export function finish(deps: GraphDeps) {
  return async (state: PlannerStateType) => {
    deps.logger.info(
      { via: state.request.via, gaps: state.graded?.gaps.length ?? 0, proposals: state.proposed.map((p) => p.id), skipped: state.skipped.length, problem: state.problem?.text ?? null },
      "planner finished",
    );
    return {};
  };
}
