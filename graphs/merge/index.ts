import type { GraphDefinition } from "../shared/graph-definition.js";
import { createMergeGraph } from "./merge-graph.js";
import { mergeInput, type MergeInput } from "./merge-input.js";

export const mergeGraph: GraphDefinition<MergeInput> = {
  name: "merge",
  description: "Asks an approver in Slack to merge a reviewed PR, re-checks everything at click time, merges at the reviewed SHA.",
  input: mergeInput,
  build: createMergeGraph,
};
