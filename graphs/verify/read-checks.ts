import { isFailing, isPending } from "../../src/core/check-outcome.js";
import type { ForgeCheck } from "../../src/core/ports/forge-port.js";
import type { ChecksReading } from "./verify-state.js";

export function readChecks(checks: readonly ForgeCheck[]): ChecksReading {
  const failing = checks.filter(isFailing);
  const pending = checks.filter(isPending);
  const passed = checks.filter((c) => !isFailing(c) && !isPending(c));
  if (failing.length) return { outcome: "failed", summary: `${failing.length} of ${checks.length} check(s) failed: ${names(failing)}`, passed, failing, pending };
  if (pending.length || checks.length === 0) {
    return { outcome: "pending", summary: checks.length ? `${pending.length} of ${checks.length} check(s) still running: ${names(pending)}` : "no checks reported yet", passed, failing, pending };
  }
  return { outcome: "passed", summary: `${passed.length} check(s) passed`, passed, failing, pending };
}

/** Check names for a sentence or a title: the first few, then how many more. */
export function names(checks: readonly ForgeCheck[], max = 3): string {
  const shown = checks.slice(0, max).map((c) => c.name);
  return checks.length > max ? `${shown.join(", ")} and ${checks.length - max} more` : shown.join(", ");
}
