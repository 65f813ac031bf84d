import type { ExplainStateType } from "./explain-state.js";

/** Pure conditional edges of the explain graph. */

/** A question about a failed run is answered from the run ledger; anything else is about the PR itself. */
export function afterAcknowledge(s: ExplainStateType): "gather-run" | "gather" {
  return s.request.about === "run" ? "gather-run" : "gather";
}

/** Only an open PR has something in the way to diagnose. */
export function afterGather(s: ExplainStateType): "diagnose" | "reply" {
  return s.facts ? "diagnose" : "reply";
}
