import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { readChecks } from "../read-checks.js";
import { checksFailure, pendingFailure } from "../verify-text.js";
import type { VerifyStateType } from "../verify-state.js";

/**
 * One look at the merge commit's check runs and commit statuses. The deadline is fixed at the first look, so
 * looking again never moves it. A commit without any check gets one poll interval for CI to register its runs
 * (they appear seconds after the push) before it counts as passed.
 */
export function checkSignals(deps: GraphDeps) {
  return async (state: VerifyStateType) => {
    const { timeoutMinutes } = deps.settings.verify;
    const now = deps.clock.now();
    const deadline = state.deadline ?? new Date(now.getTime() + timeoutMinutes * 60_000).toISOString();
    const looks = state.looks + 1;
    const at = { deadline, checkedAt: now.toISOString(), looks };
    // Signals read: check runs and commit statuses. Deployment statuses and a command in the sandbox are not read yet.
    const reading = readChecks(await deps.forge.listChecks(state.request.mergeSha));
    if (reading.outcome === "failed") return { ...at, checks: reading, failure: checksFailure(reading) };
    if (reading.outcome === "passed") return { ...at, checks: reading };
    if (reading.passed.length === 0 && reading.pending.length === 0 && looks > 1) {
      return { ...at, checks: { ...reading, outcome: "passed" as const, summary: "no checks or statuses were reported on the merge commit" } };
    }
    if (now.getTime() >= Date.parse(deadline)) return { ...at, checks: reading, failure: pendingFailure(reading, timeoutMinutes) };
    return { ...at, checks: reading };
  };
}
