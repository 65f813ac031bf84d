import type { GraphDefinition } from "../shared/graph-definition.js";
import { createBuildGraph } from "./build-graph.js";
import { buildInput, type BuildInput } from "./build-input.js";

export const buildGraph: GraphDefinition<BuildInput> = {
  name: "build",
  description: "Builds ready issues into pull requests with a sandboxed coding agent; in fix mode, addresses a PR's open review threads.",
  input: buildInput,
  build: createBuildGraph,
};
