import type { GraphDefinition } from "../shared/graph-definition.js";
import { createIncidentGraph } from "./incident-graph.js";
import { incidentInput, type IncidentInput } from "./incident-state.js";

export const incidentGraph: GraphDefinition<IncidentInput> = {
  name: "incident",
  description: "Turns Sentry errors into prioritised bug issues (through triage), comments on spikes, logs small ones.",
  input: incidentInput,
  build: createIncidentGraph,
};
