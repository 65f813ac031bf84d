import { interrupt } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { REVERT_SLOT, type RevertWakeup, type VerifyStateType } from "../verify-state.js";

/** How long the Open revert PR button works: after a few days a revert is a decision for a person on GitHub. */
export const REVERT_OFFER_DAYS = 3;

/**
 * Waits (in PostgreSQL, not in a job) for a click on the alert's Open revert PR button, which arrives as a signal
 * carrying the alert's slot. Measured from the alert's own timestamp (replayed by the ledger), so waiting again
 * keeps the deadline.
 */
export function awaitRevert(deps: GraphDeps) {
  return async (state: VerifyStateType) => {
    const since = Number(state.alert!.ts.split(".")[0]) * 1000 || deps.clock.now().getTime();
    const expiresAt = new Date(since + REVERT_OFFER_DAYS * 86_400_000).toISOString();
    const wakeup = interrupt<{ kind: "revert-offer"; slot: string; expiresAt: string }, RevertWakeup>({ kind: "revert-offer", slot: REVERT_SLOT, expiresAt });
    return { wakeup };
  };
}
