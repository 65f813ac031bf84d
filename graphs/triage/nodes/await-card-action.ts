import { interrupt } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { TriageStateType, Wakeup } from "../triage-state.js";
import { cardSlot } from "./post-result.js";

/**
 * Keeps the card's buttons working for `triage.cardActionDays`: waits (in PostgreSQL, not in a job) for a
 * click from the current card. A click from an older card carries an older slot and changes nothing.
 */
export function awaitCardAction(deps: GraphDeps) {
  return async (state: TriageStateType) => {
    const slot = cardSlot(state);
    const since = Number(state.slack!.progressTs!.split(".")[0]) * 1000 || deps.clock.now().getTime();
    const expiresAt = new Date(since + deps.settings.triage.cardActionDays * 86_400_000).toISOString();
    const wakeup = interrupt<{ kind: "card"; slot: string; expiresAt: string }, Wakeup>({ kind: "card", slot, expiresAt });
    return { wakeup };
  };
}
