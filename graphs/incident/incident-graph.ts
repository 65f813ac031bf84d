import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { afterDecide } from "./incident-routes.js";
import { IncidentState } from "./incident-state.js";
import { assess } from "./nodes/assess.js";
import { commentSpike } from "./nodes/comment-spike.js";
import { decide } from "./nodes/decide.js";
import { fileIssue } from "./nodes/file-issue.js";
import { gatherFacts } from "./nodes/gather-facts.js";
import { record } from "./nodes/record.js";

/**
 * gather-facts → decide →
 *   new and big enough: assess → file-issue (feeds triage) → record
 *   filed and spiking:  comment-spike → record
 *   too small:          record (log-only)
 *   filed, no spike:    END
 */
export function createIncidentGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(IncidentState)
    .addNode("gather-facts", gatherFacts(deps))
    .addNode("decide", decide(deps))
    .addNode("assess", assess(deps))
    .addNode("file-issue", fileIssue(deps))
    .addNode("comment-spike", commentSpike(deps))
    .addNode("record", record(deps))
    .addEdge(START, "gather-facts")
    .addEdge("gather-facts", "decide")
    .addConditionalEdges("decide", afterDecide)
    .addEdge("assess", "file-issue")
    .addEdge("file-issue", "record")
    .addEdge("comment-spike", "record")
    .addEdge("record", END)
    .compile({ checkpointer, name: "incident" }) as unknown as RunnableGraph;
}
