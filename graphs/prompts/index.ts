import type { GraphDefinition } from "../shared/graph-definition.js";
import { createPromptsGraph } from "./prompts-graph.js";
import { PROMPTS_GRAPH, promptsInput, type PromptsInput } from "./prompts-input.js";

export const promptsGraph: GraphDefinition<PromptsInput> = {
  name: PROMPTS_GRAPH,
  description: "Lists the prompts in use, shows a prompt's approved versions, and rolls one back for an approver (/shopfloor prompts).",
  input: promptsInput,
  build: createPromptsGraph,
};
