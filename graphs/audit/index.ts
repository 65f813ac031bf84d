import type { GraphDefinition } from "../shared/graph-definition.js";
import { createAuditGraph } from "./audit-graph.js";
import { AUDIT_GRAPH, auditInput, type AuditInput } from "./audit-input.js";

export const auditGraph: GraphDefinition<AuditInput> = {
  name: AUDIT_GRAPH,
  description:
    "Weekly self-audit: failure hot spots, hand-offs, noisy review dimensions, cost, slow steps, duplicate work and repairs; proposes prompt and config changes for approval.",
  input: auditInput,
  build: createAuditGraph,
};
