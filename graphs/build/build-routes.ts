import type { GraphDeps } from "../../src/core/graph-deps.js";
import type { BuildStateType } from "./build-state.js";

type S = Pick<BuildStateType, "skip" | "stop" | "question" | "finish">;

export const afterGate = (s: S) => (s.skip ? "report-skip" : "announce");
export const afterPrepare = (s: S) => (s.stop ? "give-up" : "plan");
export const afterPlan = (deps: Pick<GraphDeps, "settings">) => () => (deps.settings.build.agentCommand ? "external-agent" : "agent-step");

export function afterAgentStep(s: S): "give-up" | "ask-human" | "check-change" | "agent-step" {
  if (s.stop) return "give-up";
  if (s.question) return "ask-human";
  if (s.finish) return "check-change";
  return "agent-step";
}

/** An edit or deletion of the report wakes the question without answering it: it is asked (replayed) again. */
export const afterAsk = (s: S) => (s.stop ? "give-up" : s.question ? "ask-human" : "agent-step");
export const afterExternalAgent = (s: S) => (s.stop ? "give-up" : "check-change");
export const afterCheck = (s: S) => (s.stop ? "give-up" : "final-tests");
/** Failing final tests without a stop sent the agent back (its finish was cleared). */
export const afterFinalTests = (s: S) => (s.stop ? "give-up" : s.finish ? "push" : "agent-step");
