import type { GraphDefinition } from "../shared/graph-definition.js";
import { createReviewGraph } from "./review-graph.js";
import { reviewInput, type ReviewInput } from "./review-input.js";

export const reviewGraph: GraphDefinition<ReviewInput> = {
  name: "review",
  description: "Reviews pull requests on several dimensions, posts inline findings and one summary, scores risk, loops fixes.",
  input: reviewInput,
  build: createReviewGraph,
};
