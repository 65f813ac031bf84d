import { interrupt } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { cardSlot, type MergeStateType, type Wakeup } from "../merge-state.js";

/** A card's buttons work this long; after that it says so and the next clean review posts a fresh one. */
const CARD_DAYS = 14;

/**
 * Waits for a click on the card — in PostgreSQL, not in a job or in memory. A snooze sets the wait's end; the
 * runtime resumes the wait with a timeout when it passes.
 */
export function awaitClick(deps: GraphDeps) {
  return async (state: MergeStateType) => {
    const expiresAt = state.expiresAt ?? new Date(deps.clock.now().getTime() + CARD_DAYS * 86_400_000).toISOString();
    const wakeup = interrupt<{ kind: "card"; slot: string; expiresAt: string }, Wakeup>({ kind: "card", slot: cardSlot(state), expiresAt });
    return { wakeup, expiresAt };
  };
}
