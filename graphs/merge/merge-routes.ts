import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { MergeStateType } from "./merge-state.js";

/** Pure conditional edges of the merge graph. */

/** A PR the review approved by policy merges without a card click only when the operator turned that on. */
export const afterPrepare =
  (deps: Pick<GraphDeps, "settings">) =>
  (s: MergeStateType): "recheck" | "post-card" =>
    s.request.approvedByPolicy && s.request.risk === "low" && !deps.settings.risk.requireHumanMerge ? "recheck" : "post-card";

export function afterCard(s: MergeStateType): "await-click" | "__end__" {
  const open = s.status.kind === "waiting" || s.status.kind === "snoozed" || s.status.kind === "blocked";
  return open && s.target ? "await-click" : "__end__";
}

export function afterClick(s: MergeStateType): "recheck" | "request-changes" | "post-card" | "remind" | "await-click" {
  switch (s.decision) {
    case "approve":
      return "recheck";
    case "request-changes":
      return "request-changes";
    case "snooze":
    case "expire":
      return "post-card";
    case "remind":
      return "remind";
    default:
      return "await-click";
  }
}

export function afterRecheck(s: MergeStateType): "merge-pr" | "post-card" {
  return s.status.kind === "waiting" ? "merge-pr" : "post-card";
}
