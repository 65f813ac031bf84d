import type { GraphDefinition } from "./shared/graph-definition.js";
import { auditGraph } from "./audit/index.js";
import { auditLogGraph } from "./audit-log/index.js";
import { automationControlGraph } from "./automation-control/index.js";
import { buildGraph } from "./build/index.js";
import { explainGraph } from "./explain/index.js";
import { helpGraph } from "./help/index.js";
import { homeGraph } from "./home/index.js";
import { incidentGraph } from "./incident/index.js";
import { mergeGraph } from "./merge/index.js";
import { recapGraph } from "./recap/index.js";
import { plannerGraph } from "./planner/index.js";
import { promptsGraph } from "./prompts/index.js";
import { proposalGraph } from "./proposal/index.js";
import { reviewGraph } from "./review/index.js";
import { shepherdGraph } from "./shepherd/index.js";
import { statusGraph } from "./status/index.js";
import { triageGraph } from "./triage/index.js";
import { verifyGraph } from "./verify/index.js";

/** The one list of automations. A graph not listed here cannot be started. */
export const graphRegistry: readonly GraphDefinition<unknown>[] = [
  statusGraph as GraphDefinition<unknown>,
  helpGraph as GraphDefinition<unknown>,
  triageGraph as GraphDefinition<unknown>,
  incidentGraph as GraphDefinition<unknown>,
  reviewGraph as GraphDefinition<unknown>,
  buildGraph as GraphDefinition<unknown>,
  verifyGraph as GraphDefinition<unknown>,
  mergeGraph as GraphDefinition<unknown>,
  auditLogGraph as GraphDefinition<unknown>,
  explainGraph as GraphDefinition<unknown>,
  shepherdGraph as GraphDefinition<unknown>,
  homeGraph as GraphDefinition<unknown>,
  automationControlGraph as GraphDefinition<unknown>,
  recapGraph as GraphDefinition<unknown>,
  promptsGraph as GraphDefinition<unknown>,
  auditGraph as GraphDefinition<unknown>,
  proposalGraph as GraphDefinition<unknown>,
  plannerGraph as GraphDefinition<unknown>,
];

export function findGraph(name: string): GraphDefinition<unknown> | undefined {
  return graphRegistry.find((g) => g.name === name);
}
