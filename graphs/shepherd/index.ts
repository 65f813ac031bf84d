import type { GraphDefinition } from "../shared/graph-definition.js";
import { createShepherdGraph } from "./shepherd-graph.js";
import { shepherdInput, type ShepherdInput } from "./shepherd-state.js";

export const shepherdGraph: GraphDefinition<ShepherdInput> = {
  name: "shepherd",
  description: "Diagnoses stalled PRs every hour, applies safe remedies once per head SHA, escalates the rest to people.",
  input: shepherdInput,
  build: createShepherdGraph,
};
