import type { IncidentStateType } from "./incident-state.js";

/** Pure conditional edges of the incident graph. */
export function afterDecide(s: IncidentStateType): "assess" | "comment-spike" | "record" | "__end__" {
  switch (s.decision) {
    case "file":
      return "assess";
    case "spike":
      return "comment-spike";
    case "log-only":
      return "record";
    default:
      return "__end__";
  }
}
