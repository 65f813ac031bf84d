import type { ForgeCheck } from "../../src/core/ports/forge-port.js";

export interface ChecksSummary {
  total: number;
  failing: string[];
  pending: string[];
}

const FAILED = new Set(["failure", "timed_out", "cancelled", "action_required", "startup_failure", "error"]);

/** Check runs and commit statuses of a commit, sorted into failing and still running. */
export function summariseChecks(checks: readonly ForgeCheck[]): ChecksSummary {
  return {
    total: checks.length,
    failing: checks.filter((c) => c.status === "completed" && FAILED.has(c.conclusion ?? "")).map((c) => c.name),
    pending: checks.filter((c) => c.status !== "completed").map((c) => c.name),
  };
}
