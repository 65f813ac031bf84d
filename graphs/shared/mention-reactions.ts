import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { GraphDeps } from "../../src/core/graph-deps.js";
import { act } from "./act.js";

/** A request that may have come as a mention: its message gets the reactions. */
interface MentionState {
  request: { via: string; channel?: string | undefined; messageTs?: string | undefined };
}

/** Node `acknowledge`: 👀 on the mention, so the person sees at once that Shopfloor picked it up. */
export function acknowledgeMention(deps: GraphDeps) {
  return async (state: MentionState, config: LangGraphRunnableConfig) => {
    const { request } = state;
    if (request.via === "mention" && request.channel && request.messageTs) {
      await act(deps.effects, config, "acknowledge", "eyes", "slack.react", { channel: request.channel, ts: request.messageTs, name: "eyes" });
    }
    return {};
  };
}

/** Node `finish`: swaps 👀 for ✅ on the mention once the answer is in the thread. */
export function finishMention(deps: GraphDeps) {
  return async (state: MentionState, config: LangGraphRunnableConfig) => {
    const { request } = state;
    if (request.via === "mention" && request.channel && request.messageTs) {
      const target = { channel: request.channel, ts: request.messageTs };
      await act(deps.effects, config, "finish", "remove-eyes", "slack.unreact", { ...target, name: "eyes" });
      await act(deps.effects, config, "finish", "done", "slack.react", { ...target, name: "white_check_mark" });
    }
    return {};
  };
}
