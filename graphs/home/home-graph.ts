import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { HomeState } from "./home-state.js";
import { gather } from "./nodes/gather.js";
import { publish } from "./nodes/publish.js";

/** gather → publish */
export function createHomeGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(HomeState)
    .addNode("gather", gather(deps))
    .addNode("publish", publish(deps))
    .addEdge(START, "gather")
    .addEdge("gather", "publish")
    .addEdge("publish", END)
    .compile({ checkpointer, name: "home" }) as unknown as RunnableGraph;
}
