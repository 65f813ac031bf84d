import { START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { afterCard, afterClick, afterPrepare, afterRecheck } from "./merge-routes.js";
import { MergeState } from "./merge-state.js";
import { awaitClick } from "./nodes/await-click.js";
import { handleClick } from "./nodes/handle-click.js";
import { mergePr } from "./nodes/merge-pr.js";
import { postCard } from "./nodes/post-card.js";
import { prepare } from "./nodes/prepare.js";
import { recheck } from "./nodes/recheck.js";
import { remind } from "./nodes/remind.js";
import { requestChanges } from "./nodes/request-changes.js";

/**
 * prepare → post-card ⟲ await-click → handle-click →
 *   approve:          recheck → merge-pr → post-card (merged) → END   (or the card says what changed)
 *   request changes:  request-changes → post-card → END
 *   snooze / expiry:  post-card (→ await-click) · snooze over: remind → post-card
 *   not an approver:  refused ephemerally → await-click
 * A policy-approved PR skips the click when the operator allows it: prepare → recheck → merge-pr.
 */
export function createMergeGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(MergeState)
    .addNode("prepare", prepare(deps))
    .addNode("post-card", postCard(deps))
    .addNode("await-click", awaitClick(deps))
    .addNode("handle-click", handleClick(deps))
    .addNode("recheck", recheck(deps))
    .addNode("merge-pr", mergePr(deps))
    .addNode("request-changes", requestChanges(deps))
    .addNode("remind", remind(deps))
    .addEdge(START, "prepare")
    .addConditionalEdges("prepare", afterPrepare(deps))
    .addConditionalEdges("post-card", afterCard)
    .addEdge("await-click", "handle-click")
    .addConditionalEdges("handle-click", afterClick)
    .addConditionalEdges("recheck", afterRecheck)
    .addEdge("merge-pr", "post-card")
    .addEdge("request-changes", "post-card")
    .addEdge("remind", "post-card")
    .compile({ checkpointer, name: "merge" }) as unknown as RunnableGraph;
}
