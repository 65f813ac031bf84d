import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { ExplainStateType } from "../explain-state.js";

/** 👀 on the mention: reading a PR's facts takes a few GitHub calls, and the person should see it was picked up. */
export function acknowledge(deps: GraphDeps) {
  return async (state: ExplainStateType, config: LangGraphRunnableConfig) => {
    const { request } = state;
    if (request.via === "mention" && request.messageTs) {
      await act(deps.effects, config, "acknowledge", "eyes", "slack.react", { channel: request.channel, ts: request.messageTs, name: "eyes" });
    }
    return {};
  };
}
