import type { GraphDeps } from "../../../src/core/graph-deps.js";
import type { AuditLogStateType } from "../audit-log-state.js";

/** How many entries one answer shows; Slack's 50-block limit is the ceiling. */
export const AUDIT_LOG_LIMIT = 20;

/** Newest first: the question is almost always "who just did what". */
export function readEntries(deps: GraphDeps) {
  return async (state: AuditLogStateType) => {
    const { pr } = state.request;
    const entries = pr ? (await deps.audit.forSubject(`pr#${pr}`)).reverse().slice(0, AUDIT_LOG_LIMIT) : await deps.audit.recent(AUDIT_LOG_LIMIT);
    return { entries };
  };
}
