import type { ForgeCheck } from "./ports/forge-port.js";

/**
 * Conclusions that mean a check failed, for check runs and commit statuses alike: `error` is the status API's word
 * for it, `startup_failure` a workflow that never ran. `neutral`, `skipped` and `stale` block nothing, as on
 * GitHub's own merge box. Review, merge, verify and the shepherd all read checks through this.
 */
export const FAILING_CONCLUSIONS: ReadonlySet<string> = new Set(["failure", "timed_out", "cancelled", "action_required", "error", "startup_failure"]);

export const isFailing = (c: ForgeCheck): boolean => c.status === "completed" && FAILING_CONCLUSIONS.has(c.conclusion ?? "");
export const isPending = (c: ForgeCheck): boolean => c.status !== "completed";
