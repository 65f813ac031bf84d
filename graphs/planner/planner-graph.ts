import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { RunnableGraph } from "../shared/graph-definition.js";
import { finish } from "./nodes/finish.js";
import { grade } from "./nodes/grade.js";
import { mapCode } from "./nodes/map-code.js";
import { propose } from "./nodes/propose.js";
import { readSpec } from "./nodes/read-spec.js";
import { report } from "./nodes/report.js";
import { PLANNER_GRAPH } from "./planner-input.js";
import { afterGrade, afterReadSpec } from "./planner-routes.js";
import { PlannerState } from "./planner-state.js";

/**
 * read-spec → map-code → grade → propose → report → finish
 *   not set up, no spec, unreadable grade: → report (says why) → finish
 * Proposals become issues only through the proposal automation, on an approver's click.
 */
export function createPlannerGraph(deps: GraphDeps, checkpointer: BaseCheckpointSaver): RunnableGraph {
  return new StateGraph(PlannerState)
    .addNode("read-spec", readSpec(deps))
    .addNode("map-code", mapCode(deps))
    .addNode("grade", grade(deps))
    .addNode("propose", propose(deps))
    .addNode("report", report(deps))
    .addNode("finish", finish(deps))
    .addEdge(START, "read-spec")
    .addConditionalEdges("read-spec", afterReadSpec, ["map-code", "report"])
    .addEdge("map-code", "grade")
    .addConditionalEdges("grade", afterGrade, ["propose", "report"])
    .addEdge("propose", "report")
    .addEdge("report", "finish")
    .addEdge("finish", END)
    .compile({ checkpointer, name: PLANNER_GRAPH }) as unknown as RunnableGraph;
}
