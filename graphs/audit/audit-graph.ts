import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { afterFind, afterReport } from "./audit-routes.js";
import { AuditState } from "./audit-state.js";
import { acknowledge } from "./nodes/acknowledge.js";
import { find } from "./nodes/find.js";
import { finish } from "./nodes/finish.js";
import { gather } from "./nodes/gather.js";
import { postReport } from "./nodes/post-report.js";
import { proposePrompts } from "./nodes/propose-prompts.js";
import { startProposals } from "./nodes/start-proposals.js";

/**
 * acknowledge → gather → find → (a prompt to edit: propose-prompts) → post-report → (proposals: start-proposals) → finish
 */
export function createAuditGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(AuditState)
    .addNode("acknowledge", acknowledge(deps))
    .addNode("gather", gather(deps))
    .addNode("find", find(deps))
    .addNode("propose-prompts", proposePrompts(deps))
    .addNode("post-report", postReport(deps))
    .addNode("start-proposals", startProposals(deps))
    .addNode("finish", finish(deps))
    .addEdge(START, "acknowledge")
    .addEdge("acknowledge", "gather")
    .addEdge("gather", "find")
    .addConditionalEdges("find", afterFind(deps), ["propose-prompts", "post-report"])
    .addEdge("propose-prompts", "post-report")
    .addConditionalEdges("post-report", afterReport, ["start-proposals", "finish"])
    .addEdge("start-proposals", "finish")
    .addEdge("finish", END)
    .compile({ checkpointer, name: "audit" }) as unknown as RunnableGraph;
}
