import { REVERT_SLOT, type VerifyStateType } from "./verify-state.js";

/** Pure conditional edges of the verify graph. */

export function afterCheck(s: VerifyStateType): "report-failure" | "smoke-check" | "wait" {
  if (s.failure) return "report-failure";
  return s.checks?.outcome === "passed" ? "smoke-check" : "wait";
}

export function afterSmoke(s: VerifyStateType): "report-failure" | "report-success" {
  return s.failure ? "report-failure" : "report-success";
}

/** Without an alert there is no button to wait for. */
export function afterFailure(s: VerifyStateType): "await-revert" | "__end__" {
  return s.alert ? "await-revert" : "__end__";
}

export function afterRevertWait(s: VerifyStateType): "open-revert" | "expire-offer" | "await-revert" {
  const w = s.wakeup;
  if (w && "kind" in w && w.kind === "timeout") return "expire-offer";
  if (w && "choice" in w && w.choice === "revert" && w.slot === REVERT_SLOT) return "open-revert";
  return "await-revert";
}
