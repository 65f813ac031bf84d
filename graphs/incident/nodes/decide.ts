import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { assessByRules } from "../assess-by-rules.js";
import type { IncidentStateType } from "../incident-state.js";

/**
 * New, known, spiking or too small? One Sentry issue is one work item: a later delivery of the same issue
 * (by poll or by webhook) finds its record and either comments on the filed issue (a spike) or does nothing.
 */
export function decide(deps: GraphDeps) {
  return async (state: IncidentStateType) => {
    const issue = state.issue!;
    const known = await deps.incidents.get(issue.id);
    if (known?.decision === "filed") {
      const spiking = issue.count >= Math.max(known.eventCount, 1) * deps.settings.incidents.spikeFactor && issue.count >= deps.settings.incidents.minEvents;
      return { decision: spiking ? ("spike" as const) : ("known" as const) };
    }
    const rules = assessByRules(issue, deps.settings.incidents);
    if (rules.logOnly) return { decision: "log-only" as const, assessment: { severity: rules.severity, reason: rules.reason, method: rules.method } };
    return { decision: "file" as const, assessment: { severity: rules.severity, reason: rules.reason, method: rules.method } };
  };
}
