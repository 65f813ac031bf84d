import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { triageCancelled } from "../../../src/blocks/triage-blocks.js";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { TriageStateType } from "../triage-state.js";

/** The report was deleted: stop, and say so where the progress was shown. */
export function cancel(deps: GraphDeps) {
  return async (state: TriageStateType, config: LangGraphRunnableConfig) => {
    const reason = state.outcome?.kind === "cancelled" ? state.outcome.reason : "cancelled";
    if (state.slack?.progressTs) {
      await act(deps.effects, config, "cancel", "notice", "slack.update", { channel: state.slack.channel, ts: state.slack.progressTs, ...triageCancelled(reason) });
    }
    return {};
  };
}
