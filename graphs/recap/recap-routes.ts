import type { GraphDeps } from "../../src/core/graph-deps.js";
import { updateSlot, type RecapStateType } from "./recap-state.js";

/** Pure conditional edges of the recap graph. */

export function afterRecap(s: RecapStateType): "post-chart" | "finish" {
  return s.request.period === "weekly" ? "post-chart" : "finish";
}

/** Only the schedule's weekly recap drafts a public update: one a week, never one per person who asks. */
export const afterChart =
  (deps: Pick<GraphDeps, "settings">) =>
  (s: RecapStateType): "draft-update" | "finish" =>
    s.request.via === "schedule" && s.request.period === "weekly" && deps.settings.recap.publicUpdate.enabled ? "draft-update" : "finish";

export function afterDraft(s: RecapStateType): "post-draft" | "finish" {
  return s.update ? "post-draft" : "finish";
}

export function afterCard(s: RecapStateType): "await-update" | "finish" {
  return s.update?.status.kind === "waiting" && s.update.card ? "await-update" : "finish";
}

/** The deadline, or a signal from the card as drawn now; a click on an older drawing waits again. */
export function afterWait(s: RecapStateType): "apply-update" | "await-update" {
  const w = s.updateWakeup;
  if (!w || !s.update) return "await-update";
  if ("kind" in w) return w.kind === "timeout" ? "apply-update" : "await-update";
  return w.slot === updateSlot(s.update) ? "apply-update" : "await-update";
}

export function afterApply(s: RecapStateType): "post-draft" | "await-update" {
  return s.updateChanged ? "post-draft" : "await-update";
}
