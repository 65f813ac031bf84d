import type { GraphDefinition } from "../shared/graph-definition.js";
import { createStatusGraph } from "./status-graph.js";
import { statusInput, type StatusInput } from "./status-state.js";

export const statusGraph: GraphDefinition<StatusInput> = {
  name: "status",
  description: "Answers /shopfloor status and @Shopfloor status with queues, runs, paused automations and versions.",
  input: statusInput,
  build: createStatusGraph,
};
