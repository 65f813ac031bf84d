import type { GraphDefinition } from "../shared/graph-definition.js";
import { createHomeGraph } from "./home-graph.js";
import { homeInput, type HomeInput } from "./home-state.js";

export const homeGraph: GraphDefinition<HomeInput> = {
  name: "home",
  description: "Draws a person's App Home tab: health, every automation with Pause/Resume for approvers, queues, runs, approvals, escalations.",
  input: homeInput,
  build: createHomeGraph,
};
