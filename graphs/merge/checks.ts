import { isFailing, isPending } from "../../src/core/check-outcome.js";
import type { ForgeCheck } from "../../src/core/ports/forge-port.js";

export interface ChecksSummary {
  total: number;
  failing: string[];
  pending: string[];
}


/** Check runs and commit statuses of a commit, sorted into failing and still running. */
export function summariseChecks(checks: readonly ForgeCheck[]): ChecksSummary {
  return {
    total: checks.length,
    failing: checks.filter(isFailing).map((c) => c.name),
    pending: checks.filter(isPending).map((c) => c.name),
  };
}
