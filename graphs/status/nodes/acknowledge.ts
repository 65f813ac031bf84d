import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../../src/core/graph-deps.js";
import { act } from "../../shared/act.js";
import type { StatusStateType } from "../status-state.js";

/** 👀 on the mention, so the person sees at once that Shopfloor picked it up. */
export function acknowledge(deps: GraphDeps) {
  return async (state: StatusStateType, config: LangGraphRunnableConfig) => {
    const { request } = state;
    if (request.via === "mention" && request.messageTs) {
      await act(deps.effects, config, "acknowledge", "eyes", "slack.react", {
        channel: request.channel,
        ts: request.messageTs,
        name: "eyes",
      });
    }
    return {};
  };
}
