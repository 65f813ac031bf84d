import type { PromptsStateType } from "./prompts-state.js";

/** Lists and histories only read; a rollback is decided first. */
export const afterStart = (state: PromptsStateType): "show" | "decide" => (state.request.action === "rollback" ? "decide" : "show");

/** Only an allowed rollback changes anything; every other decision goes straight to the answer. */
export const afterDecide = (state: PromptsStateType): "roll-back" | "answer" => (state.decision === "allowed" ? "roll-back" : "answer");

/** The maintainers hear about rollbacks, not about refusals or no-ops. */
export const afterAnswer = (state: PromptsStateType): "announce" | "__end__" => (state.decision === "rolled-back" ? "announce" : "__end__");
