import type { ReviewStateType } from "./review-state.js";

/** Pure conditional edge of the review graph: a PR that is not to be reviewed ends after saying why. */
export function afterGate(s: ReviewStateType): "gather-context" | "report-skip" {
  return s.skip ? "report-skip" : "gather-context";
}
