import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { decideOutcome } from "../decide-outcome.js";
import type { ReviewStateType } from "../review-state.js";

export function decide(deps: GraphDeps) {
  return async (state: ReviewStateType) => {
    const { outcome, reason } = decideOutcome({
      findings: state.findings ?? [],
      stillOpen: state.stillOpen ?? [],
      risk: state.risk!,
      coverage: state.coverage!,
      round: state.context!.round,
      maxRounds: deps.settings.review.maxRounds,
      autoApprove: deps.settings.risk.autoApprove,
    });
    return { outcome, outcomeReason: reason };
  };
}
