import type { AutomationControlStateType } from "./automation-control-state.js";

/** Only an allowed request changes anything; every other decision goes straight to the answer. */
export const afterDecide = (state: AutomationControlStateType): "apply" | "answer" => (state.decision === "allowed" ? "apply" : "answer");

/** The maintainers hear about changes, not about refusals or no-ops. */
export const afterAnswer = (state: AutomationControlStateType): "announce" | "__end__" => (state.decision === "allowed" ? "announce" : "__end__");
