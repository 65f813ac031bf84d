import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { acknowledge } from "./nodes/acknowledge.js";
import { finish } from "./nodes/finish.js";
import { gather } from "./nodes/gather.js";
import { postChart } from "./nodes/post-chart.js";
import { postRecap } from "./nodes/post-recap.js";
import { RecapState, type RecapStateType } from "./recap-state.js";

/** acknowledge → gather → post-recap → (weekly: post-chart) → finish */
export function createRecapGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(RecapState)
    .addNode("acknowledge", acknowledge(deps))
    .addNode("gather", gather(deps))
    .addNode("post-recap", postRecap(deps))
    .addNode("post-chart", postChart(deps))
    .addNode("finish", finish(deps))
    .addEdge(START, "acknowledge")
    .addEdge("acknowledge", "gather")
    .addEdge("gather", "post-recap")
    .addConditionalEdges("post-recap", (s: RecapStateType) => (s.request.period === "weekly" ? "post-chart" : "finish"), ["post-chart", "finish"])
    .addEdge("post-chart", "finish")
    .addEdge("finish", END)
    .compile({ checkpointer, name: "recap" }) as unknown as RunnableGraph;
}
