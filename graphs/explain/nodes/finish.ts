import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { ExplainStateType } from "../explain-state.js";

/** Swaps 👀 for ✅ on the mention once the answer is in the thread. */
export function finish(deps: GraphDeps) {
  return async (state: ExplainStateType, config: LangGraphRunnableConfig) => {
    const { request } = state;
    if (request.via === "mention" && request.messageTs) {
      const target = { channel: request.channel, ts: request.messageTs };
      await act(deps.effects, config, "finish", "remove-eyes", "slack.unreact", { ...target, name: "eyes" });
      await act(deps.effects, config, "finish", "done", "slack.react", { ...target, name: "white_check_mark" });
    }
    return {};
  };
}
