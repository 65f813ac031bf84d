import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { ProposalStateType } from "../proposal-state.js";

/** Reads the proposal. One that is gone or already decided needs no card: the run ends without a word. */
export function load(deps: GraphDeps) {
  return async (state: ProposalStateType) => {
    const { proposalId } = state.request;
    const proposal = await deps.proposals.get(proposalId);
    if (!proposal || proposal.status !== "open") {
      deps.logger.info({ proposalId, status: proposal?.status ?? "missing" }, "proposal needs no card");
      return { proposal: proposal ?? undefined };
    }
    return { proposal };
  };
}
