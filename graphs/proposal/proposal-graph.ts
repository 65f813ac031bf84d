import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { apply } from "./nodes/apply.js";
import { awaitDecision } from "./nodes/await-decision.js";
import { decide } from "./nodes/decide.js";
import { finish } from "./nodes/finish.js";
import { load } from "./nodes/load.js";
import { postCard } from "./nodes/post-card.js";
import { updateCard } from "./nodes/update-card.js";
import { PROPOSAL_GRAPH } from "./proposal-input.js";
import { afterDecide, afterLoad } from "./proposal-routes.js";
import { ProposalState } from "./proposal-state.js";

/**
 * load → (gone or decided: finish) post-card → await-decision ⟲ decide
 *   refused click, older card, unknown choice: await-decision
 *   reject, expiry:                            update-card → finish
 *   approve:                                   apply → update-card → finish
 */
export function createProposalGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(ProposalState)
    .addNode("load", load(deps))
    .addNode("post-card", postCard(deps))
    .addNode("await-decision", awaitDecision())
    .addNode("decide", decide(deps))
    .addNode("apply", apply(deps))
    .addNode("update-card", updateCard(deps))
    .addNode("finish", finish(deps))
    .addEdge(START, "load")
    .addConditionalEdges("load", afterLoad, ["post-card", "finish"])
    .addEdge("post-card", "await-decision")
    .addEdge("await-decision", "decide")
    .addConditionalEdges("decide", afterDecide, ["apply", "update-card", "await-decision"])
    .addEdge("apply", "update-card")
    .addEdge("update-card", "finish")
    .addEdge("finish", END)
    .compile({ checkpointer, name: PROPOSAL_GRAPH }) as unknown as RunnableGraph;
}
