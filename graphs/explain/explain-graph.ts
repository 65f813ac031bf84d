import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { ExplainState, type ExplainStateType } from "./explain-state.js";
import { acknowledge } from "./nodes/acknowledge.js";
import { diagnose } from "./nodes/diagnose.js";
import { finish } from "./nodes/finish.js";
import { gather } from "./nodes/gather.js";
import { reply } from "./nodes/reply.js";
import { writeParagraph } from "./nodes/write-paragraph.js";

/**
 * acknowledge → gather → open PR: diagnose → write-paragraph → reply → finish
 *                      → anything else (merged, closed, an issue, not found): reply → finish
 */
export function createExplainGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(ExplainState)
    .addNode("acknowledge", acknowledge(deps))
    .addNode("gather", gather(deps))
    .addNode("diagnose", diagnose(deps))
    .addNode("write-paragraph", writeParagraph(deps))
    .addNode("reply", reply(deps))
    .addNode("finish", finish(deps))
    .addEdge(START, "acknowledge")
    .addEdge("acknowledge", "gather")
    .addConditionalEdges("gather", (s: ExplainStateType) => (s.facts ? "diagnose" : "reply"), ["diagnose", "reply"])
    .addEdge("diagnose", "write-paragraph")
    .addEdge("write-paragraph", "reply")
    .addEdge("reply", "finish")
    .addEdge("finish", END)
    .compile({ checkpointer, name: "explain" }) as unknown as RunnableGraph;
}
