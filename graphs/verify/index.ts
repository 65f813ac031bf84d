import type { GraphDefinition } from "../shared/graph-definition.js";
import { createVerifyGraph } from "./verify-graph.js";
import { verifyInput, type VerifyInput } from "./verify-input.js";

export const verifyGraph: GraphDefinition<VerifyInput> = {
  name: "verify",
  description: "After a merge: waits for the merge commit's checks and runs the smoke check; files a bug and offers a revert when they fail.",
  input: verifyInput,
  build: createVerifyGraph,
};
