import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { afterAnswer, afterDecide } from "./automation-control-routes.js";
import { AutomationControlState } from "./automation-control-state.js";
import { AUTOMATION_CONTROL_GRAPH } from "./automation-control-input.js";
import { announce } from "./nodes/announce.js";
import { answer } from "./nodes/answer.js";
import { apply } from "./nodes/apply.js";
import { decide } from "./nodes/decide.js";

/**
 * decide →
 *   allowed:                       apply (setting + audit) → answer → announce (maintainers channel) → END
 *   unknown, refused, unchanged:   answer → END
 * The answer goes through the command's response_url, or into the clicker's republished Home tab.
 */
export function createAutomationControlGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(AutomationControlState)
    .addNode("decide", decide(deps))
    .addNode("apply", apply(deps))
    .addNode("answer", answer(deps))
    .addNode("announce", announce(deps))
    .addEdge(START, "decide")
    .addConditionalEdges("decide", afterDecide, ["apply", "answer"])
    .addEdge("apply", "answer")
    .addConditionalEdges("answer", afterAnswer, ["announce", END])
    .addEdge("announce", END)
    .compile({ checkpointer, name: AUTOMATION_CONTROL_GRAPH }) as unknown as RunnableGraph;
}
