import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { PROMPTS_GRAPH } from "./prompts-input.js";
import { afterAnswer, afterDecide, afterStart } from "./prompts-routes.js";
import { PromptsState } from "./prompts-state.js";
import { announce } from "./nodes/announce.js";
import { answer } from "./nodes/answer.js";
import { decide } from "./nodes/decide.js";
import { rollBack } from "./nodes/roll-back.js";
import { show } from "./nodes/show.js";

/**
 * list, history:                    show → answer → END
 * rollback, allowed:                decide → roll-back (store + audit) → answer → announce (audit channel) → END
 * rollback, unknown/refused/no-op:  decide → answer → END
 */
export function createPromptsGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(PromptsState)
    .addNode("show", show(deps))
    .addNode("decide", decide(deps))
    .addNode("roll-back", rollBack(deps))
    .addNode("answer", answer(deps))
    .addNode("announce", announce(deps))
    .addConditionalEdges(START, afterStart, ["show", "decide"])
    .addEdge("show", "answer")
    .addConditionalEdges("decide", afterDecide, ["roll-back", "answer"])
    .addEdge("roll-back", "answer")
    .addConditionalEdges("answer", afterAnswer, ["announce", END])
    .addEdge("announce", END)
    .compile({ checkpointer, name: PROMPTS_GRAPH }) as unknown as RunnableGraph;
}
