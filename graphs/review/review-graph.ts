import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { assessRisk } from "./nodes/assess-risk.js";
import { consolidateFindings } from "./nodes/consolidate-findings.js";
import { decide } from "./nodes/decide.js";
import { followUp } from "./nodes/follow-up.js";
import { gate } from "./nodes/gate.js";
import { gatherContext } from "./nodes/gather-context.js";
import { handOff } from "./nodes/hand-off.js";
import { label } from "./nodes/label.js";
import { postReview } from "./nodes/post-review.js";
import { record } from "./nodes/record.js";
import { reportSkip } from "./nodes/report-skip.js";
import { resolveFixed } from "./nodes/resolve-fixed.js";
import { reviewDimensions } from "./nodes/review-dimensions.js";
import { updateSummary } from "./nodes/update-summary.js";
import { afterGate } from "./review-routes.js";
import { ReviewState } from "./review-state.js";

/**
 * gate → (skip: report-skip) → gather-context → review-dimensions (parallel model calls) → consolidate-findings
 *   → assess-risk → decide → post-review → resolve-fixed → update-summary → label → follow-up → record
 *   → hand-off (a PR that passed goes to the merge automation)
 *
 * One thread per PR: every push starts a run on it, and the thread lock makes runs of one PR take turns.
 */
export function createReviewGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(ReviewState)
    .addNode("gate", gate(deps))
    .addNode("report-skip", reportSkip(deps))
    .addNode("gather-context", gatherContext(deps))
    .addNode("review-dimensions", reviewDimensions(deps))
    .addNode("consolidate-findings", consolidateFindings(deps))
    .addNode("assess-risk", assessRisk(deps))
    .addNode("decide", decide(deps))
    .addNode("post-review", postReview(deps))
    .addNode("resolve-fixed", resolveFixed(deps))
    .addNode("update-summary", updateSummary(deps))
    .addNode("label", label(deps))
    .addNode("follow-up", followUp(deps))
    .addNode("record", record(deps))
    .addNode("hand-off", handOff(deps))
    .addEdge(START, "gate")
    .addConditionalEdges("gate", afterGate)
    .addEdge("report-skip", END)
    .addEdge("gather-context", "review-dimensions")
    .addEdge("review-dimensions", "consolidate-findings")
    .addEdge("consolidate-findings", "assess-risk")
    .addEdge("assess-risk", "decide")
    .addEdge("decide", "post-review")
    .addEdge("post-review", "resolve-fixed")
    .addEdge("resolve-fixed", "update-summary")
    .addEdge("update-summary", "label")
    .addEdge("label", "follow-up")
    .addEdge("follow-up", "record")
    .addEdge("record", "hand-off")
    .addEdge("hand-off", END)
    .compile({ checkpointer, name: "review" }) as unknown as RunnableGraph;
}
