import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { triageProgress } from "../../src/blocks/triage-blocks.js";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import { act } from "../shared/act.js";
import type { TriageStateType } from "./triage-state.js";

/** Updates the one "Triaging…" message in place (DESIGN: one message, not a stream of them). */
export async function showProgress(deps: GraphDeps, config: LangGraphRunnableConfig, state: TriageStateType, node: string, step: string): Promise<void> {
  const slack = state.slack;
  if (!slack?.progressTs) return;
  await act(deps.effects, config, node, `progress-${state.questionsAsked}`, "slack.update", {
    channel: slack.channel,
    ts: slack.progressTs,
    ...triageProgress(step),
  });
}
