import type { PlannerStateType } from "./planner-state.js";

/** Pure conditional edges of the planner graph: a problem goes straight to the report, which tells it. */

export const afterReadSpec = (s: PlannerStateType): "map-code" | "report" => (s.problem ? "report" : "map-code");

export const afterGrade = (s: PlannerStateType): "propose" | "report" => (s.problem ? "report" : "propose");
