import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { HelpState } from "./help-state.js";
import { postHelp } from "./nodes/post-help.js";

/** post-help */
export function createHelpGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(HelpState)
    .addNode("post-help", postHelp(deps))
    .addEdge(START, "post-help")
    .addEdge("post-help", END)
    .compile({ checkpointer, name: "help" }) as unknown as RunnableGraph;
}
