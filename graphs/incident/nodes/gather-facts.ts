import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { IncidentStateType } from "../incident-state.js";

/**
 * Fresh counts and the latest event's stack from Sentry. Webhook and poll copies may be minutes old; the
 * decision is made on what Sentry says now. Without Sentry's API, the delivered copy is all there is.
 */
export function gatherFacts(deps: GraphDeps) {
  return async (state: IncidentStateType) => {
    const delivered = state.request.issue;
    if (!deps.errorTracker) return { issue: delivered, event: null };
    const [issue, event] = await Promise.all([deps.errorTracker.getIssue(delivered.id), deps.errorTracker.getLatestEvent(delivered.id)]);
    return { issue, event };
  };
}
