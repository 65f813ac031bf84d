import { interrupt } from "@langchain/langgraph";
import { AppError, ErrorCode } from "../../../src/core/errors.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { cardSlot, type MergeStateType, type Wakeup } from "../merge-state.js";

/**
 * Waits for a click on the card — in PostgreSQL, not in a job or in memory. A snooze sets the wait's end; the
 * runtime resumes the wait with a timeout when it passes.
 */
export function awaitClick(_deps: GraphDeps) {
  return async (state: MergeStateType) => {
    const expiresAt = state.expiresAt;
    if (!expiresAt) throw new AppError(ErrorCode.Internal, "await-click ran before post-card set the card's deadline");
    const wakeup = interrupt<{ kind: "card"; slot: string; expiresAt: string }, Wakeup>({ kind: "card", slot: cardSlot(state), expiresAt });
    return { wakeup };
  };
}
