import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { applyRemedies } from "./nodes/apply-remedies.js";
import { diagnose } from "./nodes/diagnose.js";
import { escalate } from "./nodes/escalate.js";
import { gather } from "./nodes/gather.js";
import { ShepherdState } from "./shepherd-state.js";

/**
 * gather → diagnose → apply-remedies → escalate
 *
 * One thread per PR (`gh-pr:<repo>#<n>:shepherd`), run every hour by the sweep and when factory:needs-human is
 * added; what was tried per head SHA stays in the thread's state between runs.
 */
export function createShepherdGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(ShepherdState)
    .addNode("gather", gather(deps))
    .addNode("diagnose", diagnose(deps))
    .addNode("apply-remedies", applyRemedies(deps))
    .addNode("escalate", escalate(deps))
    .addEdge(START, "gather")
    .addEdge("gather", "diagnose")
    .addEdge("diagnose", "apply-remedies")
    .addEdge("apply-remedies", "escalate")
    .addEdge("escalate", END)
    .compile({ checkpointer, name: "shepherd" }) as unknown as RunnableGraph;
}
