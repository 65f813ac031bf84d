import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { acknowledge } from "./nodes/acknowledge.js";
import { finish } from "./nodes/finish.js";
import { gatherStatus } from "./nodes/gather-status.js";
import { postStatus } from "./nodes/post-status.js";
import { StatusState } from "./status-state.js";

/** acknowledge → gather-status → post-status → finish */
export function createStatusGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(StatusState)
    .addNode("acknowledge", acknowledge(deps))
    .addNode("gather-status", gatherStatus(deps))
    .addNode("post-status", postStatus(deps))
    .addNode("finish", finish(deps))
    .addEdge(START, "acknowledge")
    .addEdge("acknowledge", "gather-status")
    .addEdge("gather-status", "post-status")
    .addEdge("post-status", "finish")
    .addEdge("finish", END)
    .compile({ checkpointer, name: "status" }) as unknown as RunnableGraph;
}
