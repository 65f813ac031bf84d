import type { GraphDefinition } from "../shared/graph-definition.js";
import { createRecapGraph } from "./recap-graph.js";
import { recapInput, type RecapInput } from "./recap-input.js";

export const recapGraph: GraphDefinition<RecapInput> = {
  name: "recap",
  description: "Daily and weekly recaps: what shipped, lead times, automation rate, hand-offs, cost; the weekly one with a chart.",
  input: recapInput,
  build: createRecapGraph,
};
