import type { GraphDefinition } from "../shared/graph-definition.js";
import { createHelpGraph } from "./help-graph.js";
import { helpInput, type HelpInput } from "./help-state.js";

export const helpGraph: GraphDefinition<HelpInput> = {
  name: "help",
  description: "Answers a mention with what Shopfloor can do.",
  input: helpInput,
  build: createHelpGraph,
};
