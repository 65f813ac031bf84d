import { Annotation } from "@langchain/langgraph";
import type { AutomationControlInput } from "./automation-control-input.js";

/**
 * What the request comes to: `allowed` changes the setting; `unknown` (no such automation), `refused` (not an
 * approver) and `unchanged` (already in that state) only answer.
 */
export type ControlDecision = "allowed" | "unknown" | "refused" | "unchanged";

export const AutomationControlState = Annotation.Root({
  request: Annotation<AutomationControlInput>(),
  decision: Annotation<ControlDecision | undefined>(),
  /** What the person is told (mrkdwn), once decided or applied. */
  reply: Annotation<string | undefined>(),
});
export type AutomationControlStateType = typeof AutomationControlState.State;
