import { interrupt } from "@langchain/langgraph";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import { decisionSlot, type DecisionWakeup, type ProposalStateType } from "../proposal-state.js";

/**
 * Waits — in PostgreSQL, not in a job — for a click on the card (a signal carrying the card's slot) or for the
 * deadline set when the card was posted; a refused click waits again with the same deadline.
 */
export function awaitDecision() {
  return async (state: ProposalStateType) => {
    const { proposal, expiresAt } = state;
    if (!proposal || !expiresAt) throw new AppError(ErrorCode.Internal, "await-decision ran before post-card");
    const wakeup = interrupt<{ kind: "card"; slot: string; expiresAt: string }, DecisionWakeup>({ kind: "card", slot: decisionSlot(proposal.id), expiresAt });
    return { wakeup };
  };
}
