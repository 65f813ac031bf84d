import type { GraphDefinition } from "../shared/graph-definition.js";
import { createAuditLogGraph } from "./audit-log-graph.js";
import { auditLogInput, type AuditLogInput } from "./audit-log-state.js";

export const auditLogGraph: GraphDefinition<AuditLogInput> = {
  name: "audit-log",
  description: "Shows the audit log (merges, approvals, refusals), newest first, for one PR or for everything.",
  input: auditLogInput,
  build: createAuditLogGraph,
};
