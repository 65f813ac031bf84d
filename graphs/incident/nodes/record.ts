import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { IncidentStateType } from "../incident-state.js";

/** The incident ledger: what was decided on which counts. Log-only errors end here, recorded and visible. */
export function record(deps: GraphDeps) {
  return async (state: IncidentStateType) => {
    const issue = state.issue!;
    const known = await deps.incidents.get(issue.id);
    const spiked = state.decision === "spike" && state.issueNumber !== undefined;
    await deps.incidents.save({
      sentryIssueId: issue.id,
      shortId: issue.shortId,
      title: issue.title,
      level: issue.level,
      decision: state.decision === "log-only" ? "log-only" : "filed",
      severity: state.assessment?.severity ?? known?.severity ?? null,
      reason: state.assessment?.reason ?? known?.reason ?? "",
      eventCount: issue.count,
      userCount: issue.userCount,
      firstSeen: issue.firstSeen || null,
      lastSeen: issue.lastSeen || null,
      spikes: (known?.spikes ?? 0) + (spiked ? 1 : 0),
    });
    return {};
  };
}
