import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { MergeStateType } from "../merge-state.js";

/** The snooze is over: a new reply in the thread brings the card back to people's attention. */
export function remind(deps: GraphDeps) {
  return async (state: MergeStateType, config: LangGraphRunnableConfig) => {
    const target = state.target;
    if (target) {
      await act(deps.effects, config, "remind", `remind-${state.cardVersion}`, "slack.post", {
        channel: target.channel,
        threadTs: target.threadTs,
        text: `:alarm_clock: The snooze is over: <${state.pr!.url}|#${state.request.pr}> is waiting for an approver on the card above.`,
      });
    }
    return {};
  };
}
