import type { ProposalStateType } from "./proposal-state.js";

/** Pure conditional edges of the proposal graph. */

/** A proposal that is gone or decided already ends quietly: a repeated start draws no second card. */
export const afterLoad = (s: ProposalStateType): "post-card" | "finish" => (s.proposal?.status === "open" ? "post-card" : "finish");

export function afterDecide(s: ProposalStateType): "apply" | "update-card" | "await-decision" {
  if (s.verdict === "apply") return "apply";
  if (s.verdict === "draw") return "update-card";
  return "await-decision";
}
