import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { ProposalStateType } from "../proposal-state.js";

/** The run's last word in the logs: how the proposal ended (the ledger and the card say it to people). */
export function finish(deps: GraphDeps) {
  return async (state: ProposalStateType) => {
    const p = state.proposal;
    deps.logger.info({ proposalId: state.request.proposalId, status: p?.status ?? "missing", decidedBy: p?.decidedBy ?? null }, "proposal run finished");
    return {};
  };
}
