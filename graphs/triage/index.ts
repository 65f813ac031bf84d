import type { GraphDefinition } from "../shared/graph-definition.js";
import { createTriageGraph } from "./triage-graph.js";
import { triageInput, type TriageInput } from "./triage-state.js";

export const triageGraph: GraphDefinition<TriageInput> = {
  name: "triage",
  description: "Turns bug reports (Slack, GitHub, Sentry, post-merge verification) into labelled, de-duplicated issues.",
  input: triageInput,
  build: createTriageGraph,
};
