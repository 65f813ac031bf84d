import type { GraphDefinition } from "../shared/graph-definition.js";
import { createExplainGraph } from "./explain-graph.js";
import { explainInput, type ExplainInput } from "./explain-input.js";

export const explainGraph: GraphDefinition<ExplainInput> = {
  name: "explain",
  description:
    "Answers /shopfloor why <n> and @Shopfloor why is #n stuck?: what holds a PR up, the evidence, and who moves next; and @Shopfloor why did the review of #n fail?: that run's timeline and errors from the run ledger.",
  input: explainInput,
  build: createExplainGraph,
};
