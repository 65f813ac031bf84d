import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { acknowledge } from "./nodes/acknowledge.js";
import { applyUpdate } from "./nodes/apply-update.js";
import { awaitUpdate } from "./nodes/await-update.js";
import { draftUpdate } from "./nodes/draft-update.js";
import { finish } from "./nodes/finish.js";
import { gather } from "./nodes/gather.js";
import { postChart } from "./nodes/post-chart.js";
import { postDraft } from "./nodes/post-draft.js";
import { postRecap } from "./nodes/post-recap.js";
import { afterApply, afterCard, afterChart, afterDraft, afterRecap, afterWait } from "./recap-routes.js";
import { RecapState } from "./recap-state.js";

/**
 * acknowledge → gather → post-recap → (weekly: post-chart) → finish
 *   scheduled weekly, public update on: post-chart → draft-update → post-draft ⟲ await-update → apply-update → post-draft
 *     (approved, discarded or expired: post-draft → finish · not an approver, older card: await-update)
 */
export function createRecapGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(RecapState)
    .addNode("acknowledge", acknowledge(deps))
    .addNode("gather", gather(deps))
    .addNode("post-recap", postRecap(deps))
    .addNode("post-chart", postChart(deps))
    .addNode("draft-update", draftUpdate(deps))
    .addNode("post-draft", postDraft(deps))
    .addNode("await-update", awaitUpdate())
    .addNode("apply-update", applyUpdate(deps))
    .addNode("finish", finish(deps))
    .addEdge(START, "acknowledge")
    .addEdge("acknowledge", "gather")
    .addEdge("gather", "post-recap")
    .addConditionalEdges("post-recap", afterRecap, ["post-chart", "finish"])
    .addConditionalEdges("post-chart", afterChart(deps), ["draft-update", "finish"])
    .addConditionalEdges("draft-update", afterDraft, ["post-draft", "finish"])
    .addConditionalEdges("post-draft", afterCard, ["await-update", "finish"])
    .addConditionalEdges("await-update", afterWait, ["apply-update", "await-update"])
    .addConditionalEdges("apply-update", afterApply, ["post-draft", "await-update"])
    .addEdge("finish", END)
    .compile({ checkpointer, name: "recap" }) as unknown as RunnableGraph;
}
