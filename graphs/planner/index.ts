import type { GraphDefinition } from "../shared/graph-definition.js";
import { createPlannerGraph } from "./planner-graph.js";
import { PLANNER_GRAPH, plannerInput, type PlannerInput } from "./planner-input.js";

export const plannerGraph: GraphDefinition<PlannerInput> = {
  name: PLANNER_GRAPH,
  description: "Grades the repository against its product specification (planner.specPath) and proposes the largest gaps as issues, filed only on approval.",
  input: plannerInput,
  build: createPlannerGraph,
};
