import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { afterAcknowledge, afterGather } from "./explain-routes.js";
import { ExplainState } from "./explain-state.js";
import { acknowledge } from "./nodes/acknowledge.js";
import { diagnose } from "./nodes/diagnose.js";
import { finish } from "./nodes/finish.js";
import { gatherRun } from "./nodes/gather-run.js";
import { gather } from "./nodes/gather.js";
import { replyRun } from "./nodes/reply-run.js";
import { reply } from "./nodes/reply.js";
import { writeParagraph } from "./nodes/write-paragraph.js";

/**
 * acknowledge → about a PR: gather → open PR: diagnose → write-paragraph → reply → finish
 *                                  → anything else (merged, closed, an issue, not found): reply → finish
 *             → about a failed run: gather-run → reply-run → finish
 */
export function createExplainGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(ExplainState)
    .addNode("acknowledge", acknowledge(deps))
    .addNode("gather", gather(deps))
    .addNode("diagnose", diagnose(deps))
    .addNode("write-paragraph", writeParagraph(deps))
    .addNode("reply", reply(deps))
    .addNode("gather-run", gatherRun(deps))
    .addNode("reply-run", replyRun(deps))
    .addNode("finish", finish(deps))
    .addEdge(START, "acknowledge")
    .addConditionalEdges("acknowledge", afterAcknowledge, ["gather-run", "gather"])
    .addConditionalEdges("gather", afterGather, ["diagnose", "reply"])
    .addEdge("diagnose", "write-paragraph")
    .addEdge("write-paragraph", "reply")
    .addEdge("reply", "finish")
    .addEdge("gather-run", "reply-run")
    .addEdge("reply-run", "finish")
    .addEdge("finish", END)
    .compile({ checkpointer, name: "explain" }) as unknown as RunnableGraph;
}
